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

// The integration examples run as they stand, as a service, with the shared integration settings,
// driven by `oo-jwt docs-sim session` ($OO_JWT_CLI): every step must pass and the results be saved.
const os = require('node:os');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LOCAL_JSON = path.join(ROOT, 'tests', 'fixtures', 'integration', 'local.json');
const CLI = process.env.OO_JWT_CLI || path.join(ROOT, 'target', 'release', 'oo-jwt');

/** Starts `file` and resolves with its base URL once it prints it (bounded wait, no sleep). */
function start(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the example did not start: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example exited (${code}): ${out}`));
    });
  });
}

function session(base) {
  const args = ['-s', 'KILL', '120', CLI, 'docs-sim', 'session', '--config', LOCAL_JSON,
    '--callback-url', `${base}/callback`, '--file-url', `${base}/files/doc.docx`, '--key', 'readme', '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn('timeout', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

for (const marker of ['express-example', 'http-example']) {
  test(`README ${marker} serves docs-sim session`, async () => {
    assert.ok(fs.existsSync(CLI), `the oo-jwt CLI is missing (${CLI}): run make release`);
    const root = path.resolve(__dirname, '..');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const m = new RegExp('```js\\n(// ' + marker + '\\n[\\s\\S]*?)```').exec(readme);
    assert.ok(m, `no ${marker} block in README.md`);
    fs.mkdirSync(path.join(root, 'build'), { recursive: true });
    const file = path.join(root, 'build', `readme-${marker}.js`);
    fs.writeFileSync(file, m[1]);
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-readme-'));
    fs.writeFileSync(path.join(storage, 'doc.docx'), 'the stored document\n');
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, DOCS_LOCAL_JSON: LOCAL_JSON, STORAGE_DIR: storage, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await start(child);
      const { code, out } = await session(base);
      const report = JSON.parse(out);
      assert.deepEqual(report.steps.filter((s) => !s.ok), []);
      assert.equal(code, 0);
      assert.equal(report.failed, 0);
      // Saved by the example: the force save and close of `readme`, and the long history's close.
      const saved = fs.readdirSync(storage).sort();
      assert.deepEqual(saved, ['doc.docx', 'readme-long.docx', 'readme.docx']);
    } finally {
      child.kill('SIGKILL');
    }
  });
}
