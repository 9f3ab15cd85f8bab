'use strict';
// The wrapper's view of the C ABI against include/oo_jwt.h (the generated, authoritative header):
// lib/abi.js is what scripts/gen-abi.js makes of the header today, and, read here independently of
// that generator, every OO_* constant and enum member has the header's value, every header function
// is bound with the header's parameter count, OoOptions has the header's fields, order, types and
// size, and every status the header defines has the contract name the core reports.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const native = require('../lib/native');
const jwt = require('..');

const ROOT = path.resolve(__dirname, '..');
const HEADER = process.env.OO_JWT_INCLUDE
  ? path.join(process.env.OO_JWT_INCLUDE, 'oo_jwt.h')
  : path.resolve(ROOT, '..', '..', 'include', 'oo_jwt.h');
const source = fs.readFileSync(HEADER, 'utf8');
const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** `const  struct OoOptions*` → `const OoOptions *`. */
const normType = (t) =>
  t.replace(/\b(struct|enum)\s+/g, '').replace(/\s*\*\s*/g, ' *').replace(/\s+/g, ' ').replace(/\* \*/g, '**').trim();

function gen(...args) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-abi.js'), ...args], { encoding: 'utf8' });
}

test('lib/abi.js is what scripts/gen-abi.js makes of the header (make gen)', () => {
  const r = gen('--check', HEADER);
  assert.equal(r.status, 0, r.stderr);
});

test('the generator check fails when the header changes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-gen-'));
  try {
    const changed = path.join(dir, 'oo_jwt.h');
    fs.writeFileSync(changed, source.replace(/\bOO_URL_MISMATCH = 12\b|#define OO_URL_MISMATCH 12\b/, (m) => m.replace('12', '13')));
    assert.notEqual(fs.readFileSync(changed, 'utf8'), source, 'the test did not change the header');
    const r = gen('--check', changed);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /out of date/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every OO_* constant and enum member has the header\'s value', () => {
  const found = {};
  for (const m of text.matchAll(/^\s*#\s*define\s+(OO_\w+)\s+(-?\d+)\s*$/gm)) found[m[1]] = Number(m[2]);
  for (const m of text.matchAll(/^\s*(OO_\w+)\s*=\s*(-?\d+)\s*,?\s*$/gm)) found[m[1]] = Number(m[2]);
  assert.ok(Object.keys(found).length >= 25, `only ${Object.keys(found).length} constants found in ${HEADER}`);
  assert.deepEqual(native.abi.CONSTANTS, found);
  for (const name of ['OO_OK', 'OO_INTERNAL', 'OO_HS256', 'OO_HS384', 'OO_HS512', 'OO_OPT_NOW', 'OO_ABI_MAJOR'])
    assert.ok(name in native.abi.CONSTANTS, name);
});

test('every header function is bound, with the header\'s parameter count', () => {
  const header = new Map();
  for (const m of text.matchAll(/\b(oo_\w+)\s*\(([^)]*)\)\s*;/g))
    header.set(m[1], m[2].trim() === 'void' ? 0 : m[2].split(',').length);
  // Only what every build of the library exports: nothing test-only, no thread-local last error.
  for (const gone of ['oo_selftest_panic', 'oo_last_error_message'])
    assert.ok(!Object.prototype.hasOwnProperty.call(native.fn, gone), `${gone} is bound`);
  const bound = new Map(native.abi.FUNCTIONS.map((p) => {
    const m = /\b(oo_\w+)\(([^)]*)\)$/.exec(p);
    return [m[1], m[2] === 'void' ? 0 : m[2].split(',').length];
  }));
  for (const [name, count] of header) {
    if (!bound.has(name) && /oo_selftest_panic/.test(name)) continue; // a feature build's test hook
    assert.equal(typeof native.fn[name], 'function', `${name} is not bound`);
    assert.equal(bound.get(name), count, `${name}: parameter count`);
  }
  assert.deepEqual([...bound.keys()].filter((n) => !header.has(n)), [], 'bound but not in the header');
  // Every status-returning call ends with the out_error slot.
  for (const p of native.abi.FUNCTIONS)
    if (/^int32_t oo_(?!abi)/.test(p) && !/oo_status_name/.test(p)) assert.match(p, /void \*\*out_error\)$/, p);
});

test('OoOptions: the header\'s fields, in order, with its types; 56 bytes, no padding', () => {
  const m = /typedef struct OoOptions \{([\s\S]*?)\} OoOptions;/.exec(text);
  assert.ok(m, 'struct OoOptions not found in the header');
  const fields = m[1].split(';').map((s) => s.trim()).filter(Boolean).map((d) => {
    const f = /^([\s\S]*?)(\w+)$/.exec(d);
    return [normType(f[1]), f[2]];
  });
  assert.deepEqual(native.abi.OO_OPTIONS_FIELDS.map(([t, n]) => [t, n]), fields);
  const { koffi, OoOptions } = native;
  assert.equal(koffi.sizeof(OoOptions), 56);
  assert.equal(native.OPT_SIZE, 56);
  let at = 0;
  for (const [t, n] of fields) {
    assert.ok(!t.includes('*'), `${n}: a pointer field`);
    assert.equal(koffi.offsetof(OoOptions, n), at, `${n}: offset`);
    at += koffi.sizeof(t);
  }
  assert.equal(at, 56);
});

test('every status the header defines has the contract name the core reports', () => {
  const status = native.abi.ENUMS.OoStatus;
  assert.ok(status && Object.keys(status).length === 14, 'the OoStatus enum of the header');
  for (const [name, value] of Object.entries(status)) {
    assert.equal(jwt.statusName(value), name.replace(/^OO_/, '').toLowerCase(), name);
    // A JwtError made by the wrapper for that number names it the same way.
    assert.equal(native.fn.oo_status_name(value), jwt.statusName(value));
  }
  for (const n of [13, 99, 254, 256, -1]) assert.equal(jwt.statusName(n), 'unknown', String(n));
});

test('Alg: the header\'s OoAlg bits, in the runtime and in index.d.ts', () => {
  const bits = Object.fromEntries(Object.entries(native.abi.ENUMS.OoAlg).map(([k, v]) => [k.replace(/^OO_/, ''), v]));
  assert.deepEqual({ ...jwt.Alg }, bits);
  assert.deepEqual(bits, { HS256: 1, HS384: 2, HS512: 4 });
  const dts = fs.readFileSync(path.join(ROOT, 'index.d.ts'), 'utf8');
  const m = /export declare const Alg: \{([^}]*)\}/.exec(dts);
  assert.ok(m, 'index.d.ts declares Alg');
  const declared = Object.fromEntries([...m[1].matchAll(/readonly (\w+): (\d+)/g)].map((x) => [x[1], Number(x[2])]));
  assert.deepEqual(declared, bits);
});

test('the library speaks the header\'s ABI version', () => {
  const C = native.abi.CONSTANTS;
  assert.equal(native.fn.oo_abi_version(), (C.OO_ABI_MAJOR << 16) | C.OO_ABI_MINOR);
  assert.equal(C.OO_ABI_MAJOR, 1);
});
