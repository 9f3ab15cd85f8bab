'use strict';
// The README's quick start runs as it stands (from inside the package, so `require('oo-jwt')`
// resolves to this package).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

test('README quick start runs', () => {
  const root = path.resolve(__dirname, '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'no js block in README.md');
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  const file = path.join(root, 'build', 'readme-example.js');
  fs.writeFileSync(file, m[1]);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '2 https://docs/cache/out.docx\nk1\nbad_signature 6 the HS256 signature does not match\n');
});

test('README editor method example runs', () => {
  const root = path.resolve(__dirname, '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /```js\n(\/\/ editor-method-example[\s\S]*?)```/.exec(readme);
  assert.ok(m, 'no editor-method-example block in README.md');
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  const file = path.join(root, 'build', 'readme-editor-method.js');
  fs.writeFileSync(file, m[1]);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'c,images,token\n');
});
