'use strict';
// The shared conformance suite: every case of every tests/vectors/*.json, one test per case id.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { VECTORS_DIR, vectorFiles, checkCase } = require('./helpers');

const files = vectorFiles();

test('vector files are present', () => {
  assert.ok(files.length > 0, `no *.json vector file in ${VECTORS_DIR}`);
  const ids = new Set();
  for (const f of files)
    for (const c of f.cases) {
      assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`);
      ids.add(c.id);
    }
});

for (const f of files) {
  describe(f.file, () => {
    for (const c of f.cases) test(c.id, () => checkCase(c));
  });
}
