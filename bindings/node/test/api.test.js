'use strict';
// The JavaScript API over the real library: types in, JwtError out, memory released.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const jwt = require('..');
const native = require('../lib/native');
const { checkCase } = require('./helpers');

const NOW = 1700000000;
const SECRET = 'oo-jwt-node-test-secret';

function throwsJwt(fn, code) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected JwtError ${code}, nothing was thrown`);
  assert.ok(err instanceof jwt.JwtError, `expected JwtError ${code}, got ${err && err.stack}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'JwtError');
  assert.equal(err.code, code, err.message);
  assert.equal(jwt.statusName(err.status), code);
  assert.ok(err.detail.length > 0, 'the core gave no message');
  assert.equal(err.message, `${code}: ${err.detail}`);
  return err;
}

test('every operation of the contract is exported, CommonJS', () => {
  for (const name of ['sign', 'verify', 'decodeUnverified', 'signRequest', 'verifyRequest', 'signConfig',
    'signEditorMethod', 'verifyDownload', 'loadConfig', 'verifyRequestWithConfig', 'verifyDownloadWithConfig', 'downloadTokenExpected',
    'statusName', 'version'])
    assert.equal(typeof jwt[name], 'function', name);
  assert.equal(typeof jwt.JwtError, 'function');
  assert.ok(Object.isFrozen(jwt.Alg));
});

test('the C library (musl or glibc) is read from the mapped files, as Node reports it', { skip: process.platform !== 'linux' }, () => {
  const line = (file) => `7f2608b1e000-7f2608b44000 r-xp 00000000 fe:00 326269                     ${file}`;
  assert.equal(native.libcOfMaps([line('/usr/bin/node'), line('/lib/ld-musl-x86_64.so.1'), ''].join('\n')), 'musl');
  assert.equal(native.libcOfMaps([line('/usr/lib/libc.musl-aarch64.so.1')].join('\n')), 'musl');
  assert.equal(native.libcOfMaps([line('/usr/lib/x86_64-linux-gnu/libc.so.6'), line('/usr/lib64/ld-linux-x86-64.so.2')].join('\n')), 'glibc');
  assert.equal(native.libcOfMaps(line('/lib/x86_64-linux-gnu/libc-2.31.so')), 'glibc');
  assert.equal(native.libcOfMaps(line('/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1')), 'glibc');
  assert.equal(native.libcOfMaps([line('/usr/bin/node'), line('/home/u/libc.so.6.bak'), line('[heap]')].join('\n')), null);
  // This process: the quick answer is the one Node's diagnostic report gives.
  const report = process.report.getReport();
  assert.equal(native.isMusl(), !report.header.glibcVersionRuntime);
  assert.notEqual(native.libcOfMaps(require('node:fs').readFileSync('/proc/self/maps', 'latin1')), null);
});

test('version is the crate version', () => {
  const cargo = fs.readFileSync(path.resolve(__dirname, '../../../Cargo.toml'), 'utf8');
  assert.equal(jwt.version(), /^version = "([^"]+)"/m.exec(cargo)[1]);
});

test('statusName gives the contract names', () => {
  const names = ['ok', 'invalid_argument', 'invalid_json', 'empty_secret', 'malformed', 'unsupported_alg',
    'bad_signature', 'expired', 'not_yet_valid', 'too_large', 'missing_token', 'invalid_config', 'url_mismatch'];
  names.forEach((n, i) => assert.equal(jwt.statusName(i), n));
  assert.equal(jwt.statusName(255), 'internal');
  assert.equal(jwt.statusName(99), 'unknown');
});

test('sign: an object, its JSON text and its bytes give the same token', () => {
  const payload = { key: 'doc-1', status: 2, users: ['u1'] };
  const a = jwt.sign(payload, SECRET);
  assert.equal(jwt.sign(JSON.stringify(payload), SECRET), a);
  assert.equal(jwt.sign(Buffer.from(JSON.stringify(payload)), SECRET), a);
  assert.equal(jwt.sign(new Uint8Array(Buffer.from(JSON.stringify(payload))), SECRET), a);
  assert.deepEqual(jwt.verify(a, SECRET), payload);
});

test('sign: a JSON string is signed as JSON.stringify writes it (key order kept, 1.50 as 1.5, digits a double cannot hold kept)', () => {
  const text = '{"b":1,"a":1.50,"big":12345678901234567890}';
  const t = jwt.sign(text, SECRET);
  const claims = Buffer.from(t.split('.')[1], 'base64url').toString();
  assert.equal(claims, '{"b":1,"a":1.5,"big":12345678901234567890}');
});

test('sign: options reach the core (algorithm, expiresIn, now)', () => {
  const { HS256, HS384, HS512 } = jwt.Alg;
  const t = jwt.sign({ a: 1 }, SECRET, { algorithm: HS512, expiresIn: 300, now: NOW });
  const d = jwt.decodeUnverified(t);
  assert.deepEqual(d.header, { alg: 'HS512', typ: 'JWT' });
  assert.deepEqual(d.claims, { a: 1, iat: NOW, exp: NOW + 300 });
  assert.deepEqual(jwt.verify(t, SECRET, { now: NOW, algorithms: [HS512] }), d.claims);
  throwsJwt(() => jwt.verify(t, SECRET, { now: NOW, algorithms: [HS256] }), 'unsupported_alg');
  throwsJwt(() => jwt.verify(t, SECRET, { now: NOW, algorithms: new Set([HS256, HS384]) }), 'unsupported_alg');
  assert.deepEqual(jwt.verify(t, SECRET, { now: NOW, algorithms: new Set([HS384, HS512]) }), d.claims);
  throwsJwt(() => jwt.verify(t, SECRET, { now: NOW + 300 + 60 }), 'expired');
  assert.deepEqual(jwt.verify(t, SECRET, { now: NOW + 300 + 60, leeway: 61 }), d.claims);
});

test('not given reaches the core as not given: null and undefined members are absent', () => {
  const t = jwt.sign({ a: 1, exp: NOW }, SECRET);
  const absent = { algorithms: undefined, leeway: null, now: undefined, maxTokenLength: null };
  // The core's own defaults apply (its clock: long past NOW, so expired with or without a leeway).
  throwsJwt(() => jwt.verify(t, SECRET, absent), 'expired');
  assert.equal(jwt.sign({ a: 1 }, SECRET, { algorithm: null, expiresIn: undefined }), jwt.sign({ a: 1 }, SECRET));
  const { koffi, OoOptions, encodeOptions } = native;
  const s = koffi.decode(encodeOptions({ ...absent, algorithm: null, expiresIn: undefined, pathAndQueryOnly: null }), OoOptions);
  assert.deepEqual({ ...s, struct_size: 0 }, {
    struct_size: 0, flags: 0, algorithm: 0, algorithms: 0,
    now: s.now, leeway: s.leeway, expires_in: s.expires_in, max_token_len: s.max_token_len, max_json_len: s.max_json_len,
  });
  for (const f of ['now', 'leeway', 'expires_in', 'max_token_len', 'max_json_len']) assert.equal(Number(s[f]), 0, f);
  assert.equal(s.struct_size, 56);
});

test('algorithm bits and ranges are judged by the core, not the wrapper', () => {
  const { HS256, HS384 } = jwt.Alg;
  throwsJwt(() => jwt.sign({ a: 1 }, SECRET, { algorithm: HS256 | HS384 }), 'unsupported_alg');
  throwsJwt(() => jwt.sign({ a: 1 }, SECRET, { algorithm: 0x80000000 }), 'unsupported_alg');
  throwsJwt(() => jwt.sign({ a: 1 }, SECRET, { expiresIn: -1 }), 'invalid_argument');
  const t = jwt.sign({ a: 1 }, SECRET);
  throwsJwt(() => jwt.verify(t, SECRET, { leeway: -1 }), 'invalid_argument');
  throwsJwt(() => jwt.verify(t, SECRET, { algorithms: [HS256, 8] }), 'invalid_argument');
  // An empty allow-list cannot be all bits clear, the ABI's "not given" (every algorithm): the core
  // refuses it.
  throwsJwt(() => jwt.verify(t, SECRET, { algorithms: [] }), 'invalid_argument');
  throwsJwt(() => jwt.verify(t, SECRET, { algorithms: new Set() }), 'invalid_argument');
  assert.equal(native.koffi.decode(native.encodeOptions({ algorithms: [] }), native.OoOptions).algorithms, 0x80000000);
  throwsJwt(() => jwt.signRequest({ a: 1 }, SECRET, { placement: 'cookie' }), 'invalid_argument');
  // Names are not bits: a TypeError, as for any value of the wrong type.
  assert.throws(() => jwt.sign({ a: 1 }, SECRET, { algorithm: 'HS256' }), TypeError);
  assert.throws(() => jwt.verify(t, SECRET, { algorithms: ['HS256'] }), TypeError);
  assert.throws(() => jwt.verify(t, SECRET, { algorithms: 'HS256' }), TypeError);
  assert.throws(() => jwt.verify(t, SECRET, { algorithms: [1.5] }), RangeError);
  assert.throws(() => jwt.verifyDownload(null, 'https://h/', SECRET, { pathAndQueryOnly: 'yes' }), TypeError);
});

test('errors carry the contract name, number and the core message', () => {
  const t = jwt.sign({ a: 1 }, SECRET);
  const e = throwsJwt(() => jwt.verify(t, 'another secret'), 'bad_signature');
  assert.equal(e.status, 6);
  throwsJwt(() => jwt.verify('a.b', SECRET), 'malformed');
  throwsJwt(() => jwt.sign('[1,2]', SECRET), 'invalid_json');
  throwsJwt(() => jwt.sign({ a: 1 }, ''), 'empty_secret');
  throwsJwt(() => jwt.sign({ a: 1 }, Buffer.alloc(0)), 'empty_secret');
  throwsJwt(() => jwt.verify(t, SECRET, { maxTokenLength: 10 }), 'too_large');
  throwsJwt(() => jwt.sign({ a: 'x'.repeat(100) }, SECRET, { maxJsonLength: 50 }), 'too_large');
});

test('the error message comes back from the failing call itself, and nothing is left to free', () => {
  const t = jwt.sign({ a: 1, exp: NOW }, SECRET);
  const e1 = throwsJwt(() => jwt.verify(t, 'another secret', { now: NOW }), 'bad_signature');
  const e2 = throwsJwt(() => jwt.verify(t, SECRET, { now: NOW + 3600 }), 'expired');
  assert.notEqual(e1.detail, e2.detail);
  // On success the core sets the error slot to NULL; on failure the wrapper has freed what it read.
  jwt.verify(t, SECRET, { now: NOW });
  assert.equal(native.koffi.decode(native.ERR, 'void *'), null);
});

test('bytes are passed with their length: NUL bytes reach the core', () => {
  const withNul = Buffer.from('sec\0ret');
  const t = jwt.sign({ a: 1 }, withNul);
  assert.notEqual(t, jwt.sign({ a: 1 }, 'sec'));
  assert.deepEqual(jwt.verify(t, withNul), { a: 1 });
  throwsJwt(() => jwt.verify(t, 'sec'), 'bad_signature');
  throwsJwt(() => jwt.verify(t + '\0', withNul), 'malformed');
  throwsJwt(() => jwt.sign('{"a":1}\0', SECRET), 'invalid_json');
  // Non-ASCII text is its UTF-8 bytes.
  const u = jwt.sign({ name: 'Élodie 東京' }, 'clé');
  assert.deepEqual(jwt.verify(u, Buffer.from('clé', 'utf8')), { name: 'Élodie 東京' });
});

test('a token given as bytes that are not UTF-8 is malformed, not a crash', () => {
  throwsJwt(() => jwt.verify(Buffer.from([0xff, 0x2e, 0xfe, 0x2e, 0x41]), SECRET), 'malformed');
});

test('wrong JavaScript types are TypeErrors', () => {
  assert.throws(() => jwt.sign({ a: 1 }, 42), TypeError);
  assert.throws(() => jwt.sign({ a: 1 }, undefined), TypeError);
  assert.throws(() => jwt.sign(undefined, SECRET), TypeError);
  assert.throws(() => jwt.verify(42, SECRET), TypeError);
  assert.throws(() => jwt.verify('a.b.c', SECRET, 'HS256'), TypeError);
  assert.throws(() => jwt.verifyRequest(undefined, 42, SECRET), TypeError);
  assert.throws(() => jwt.verifyRequest('{"token":"a.b.c"}', undefined, 42), TypeError);
});

test('decodeUnverified gives header and claims without a secret', () => {
  const t = jwt.sign({ a: 1 }, SECRET, { algorithm: jwt.Alg.HS384 });
  assert.deepEqual(jwt.decodeUnverified(t), { header: { alg: 'HS384', typ: 'JWT' }, claims: { a: 1 } });
  throwsJwt(() => jwt.decodeUnverified('x.y'), 'malformed');
  throwsJwt(() => jwt.decodeUnverified(t, { maxTokenLength: 5 }), 'too_large');
});

test('signRequest and verifyRequest, both placements', () => {
  const body = { c: 'info', key: 'Khirz6zTPdfd7' };
  const sent = jwt.signRequest(body, SECRET, { now: NOW });
  assert.equal(typeof sent, 'string');
  const parsed = JSON.parse(sent);
  assert.equal(parsed.c, 'info');
  assert.deepEqual(jwt.verify(parsed.token, SECRET, { now: NOW }), { ...body, iat: NOW, exp: NOW + 300 });
  // The body as text, as a Buffer and as a parsed object.
  for (const b of [sent, Buffer.from(sent), parsed])
    assert.deepEqual(jwt.verifyRequest(b, undefined, SECRET, { now: NOW }), { ...body, iat: NOW, exp: NOW + 300 });
  const header = jwt.signRequest(body, SECRET, { placement: 'header', now: NOW, expiresIn: 60 });
  assert.equal(header.split('.').length, 3);
  const params = jwt.verifyRequest(null, `Bearer ${header}`, SECRET, { now: NOW });
  assert.deepEqual(params, { payload: body, iat: NOW, exp: NOW + 60, ...body });
  throwsJwt(() => jwt.verifyRequest(undefined, undefined, SECRET), 'missing_token');
  throwsJwt(() => jwt.verifyRequest(null, null, SECRET), 'missing_token');
  throwsJwt(() => jwt.verifyRequest(null, `bearer ${header}`, SECRET, { now: NOW }), 'missing_token');
});

test('an empty prefix is an empty prefix, not the default one', () => {
  const t = jwt.sign({ a: 1 }, SECRET);
  assert.deepEqual(jwt.verifyRequest(null, t, SECRET, { prefix: '' }), { a: 1 });
  throwsJwt(() => jwt.verifyRequest(null, t, SECRET), 'missing_token');
  assert.deepEqual(jwt.verifyRequest(null, `JWT ${t}`, SECRET, { prefix: 'JWT ' }), { a: 1 });
});

test('verifyDownload checks the URL', () => {
  const url = 'https://storage.example/files/doc.docx?id=7';
  const t = jwt.sign({ payload: { url } }, SECRET);
  assert.deepEqual(jwt.verifyDownload(`Bearer ${t}`, url, SECRET), { payload: { url } });
  throwsJwt(() => jwt.verifyDownload(`Bearer ${t}`, url + '&x=1', SECRET), 'url_mismatch');
  throwsJwt(() => jwt.verifyDownload(undefined, url, SECRET), 'missing_token');
  assert.deepEqual(jwt.verifyDownload(`Token ${t}`, url, SECRET, { prefix: 'Token ' }), { payload: { url } });
});

test('signConfig returns the config with its token', () => {
  const config = { document: { key: 'k1', url: 'https://s/doc.docx', fileType: 'docx' }, editorConfig: { lang: 'en' } };
  const signed = jwt.signConfig(config, SECRET);
  assert.deepEqual({ ...signed, token: undefined }, { ...config, token: undefined });
  assert.deepEqual(jwt.verify(signed.token, SECRET), config);
  assert.deepEqual(jwt.signConfig(JSON.stringify(config), SECRET), signed);
  const e = throwsJwt(() => jwt.signConfig({ document: { key: 'k' } }, SECRET), 'invalid_config');
  assert.match(e.detail, /document\.url/);
});

test('signEditorMethod returns the object with its token', () => {
  const params = { c: 'add', images: [{ fileType: 'png', url: 'https://s/1.png' }, { fileType: 'png', url: 'https://s/2.png' }] };
  const signed = jwt.signEditorMethod('insertImage', params, SECRET);
  assert.deepEqual({ ...signed, token: undefined }, { ...params, token: undefined });
  assert.deepEqual(jwt.verify(signed.token, SECRET), params);
  throwsJwt(() => jwt.verify(signed.token, 'another secret'), 'bad_signature');
  const e = throwsJwt(() => jwt.signEditorMethod('setReferenceData', { path: 'a.xlsx', url: 'https://s/a.xlsx' }, SECRET),
    'invalid_config');
  assert.match(e.detail, /setReferenceData: fileType/);
  throwsJwt(() => jwt.signEditorMethod('refreshFile', {}, SECRET), 'invalid_config');
});

test('loadConfig: files, defaults and an explicit environment only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-api-'));
  const saved = process.env.JWT_SECRET;
  try {
    const local = path.join(dir, 'local.json');
    fs.writeFileSync(local, JSON.stringify({ services: { CoAuthoring: { secret: { inbox: { string: 'in' } } } } }));
    process.env.JWT_SECRET = 'from-the-process-environment';
    const s = jwt.loadConfig(local);
    assert.equal(s.inbox.secret, 'in');
    assert.equal(s.inbox.secret_hex, Buffer.from('in').toString('hex'));
    assert.equal(s.outbox.secret, 'secret');
    throwsJwt(() => jwt.loadConfig(local, { env: {} }), 'invalid_config'); // Docker: random secret
    const e = jwt.loadConfig(local, { env: { JWT_SECRET: 'env-secret', JWT_ENABLED: 'true' } });
    assert.equal(e.inbox.secret, 'env-secret');
    assert.equal(e.outbox.secret, 'env-secret');
    assert.equal(e.inbox.enabled, true);
    throwsJwt(() => jwt.loadConfig(path.join(dir, 'missing.json')), 'invalid_config');
    fs.writeFileSync(path.join(dir, 'bad.json'), '[]');
    throwsJwt(() => jwt.loadConfig(path.join(dir, 'bad.json')), 'invalid_json');
  } finally {
    if (saved === undefined) delete process.env.JWT_SECRET;
    else process.env.JWT_SECRET = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The C heap's bytes in use (glibc's mallinfo2: arenas and mmapped blocks) after a full V8
// collection: neither the collector's timing, the allocator's high-water mark (RSS) nor other
// processes move it. The suite runs with --expose-gc (scripts/run-tests.js); without it the
// measurement would include uncollected garbage, so its absence is a failure.
const MallInfo2 = native.koffi.struct('oo_jwt_test_mallinfo2', Object.fromEntries(
  ['arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost']
    .map((f) => [f, 'size_t'])));
const libc = native.koffi.load('libc.so.6');
const mallinfo2 = libc.func('mallinfo2', MallInfo2, []);
function cHeap() {
  assert.equal(typeof global.gc, 'function', 'run node with --expose-gc');
  global.gc();
  const m = mallinfo2();
  return Number(m.uordblks) + Number(m.hblkhd);
}

/**
 * Two equal phases of `run` after a warm-up: a leak grows the heap linearly (phase 2 about as much as
 * phase 1, at least `leak` bytes); without one phase 2 grows by about nothing. The bound is a
 * quarter of what the leak would add.
 */
function assertNoGrowth(ctx, run, leak, what) {
  run(); // warm-up
  const h0 = cHeap();
  run();
  const h1 = cHeap();
  run();
  const h2 = cHeap();
  const report = `${what}: C heap growth: phase 1 ${h1 - h0} B, phase 2 ${h2 - h1} B; a leak adds >= ${leak} B`;
  ctx.diagnostic(report);
  assert.ok(h2 - h1 < leak / 4, report);
}

test('returned strings are freed: the C heap stops growing', (ctx) => {
  const payload = JSON.stringify({ data: 'x'.repeat(1000) });
  const t = jwt.sign(payload, SECRET);
  const rounds = 20000;
  const run = () => {
    for (let i = 0; i < rounds; i++) {
      jwt.sign(payload, SECRET);
      jwt._verifyText(t, SECRET);
      jwt.decodeUnverified(t);
    }
  };
  assertNoGrowth(ctx, run, rounds * (t.length + 1 + 2 * (payload.length + 1)), `${rounds * 3} calls`);
});

test('error messages are freed: the C heap stops growing', (ctx) => {
  const t = jwt.sign({ a: 1 }, SECRET);
  const rounds = 40000;
  let detail = '';
  const run = () => {
    for (let i = 0; i < rounds; i++) {
      try {
        jwt.verify(t, 'wrong');
      } catch (e) {
        detail = e.detail;
      }
    }
  };
  run();
  assert.ok(detail.length > 10, detail);
  assertNoGrowth(ctx, run, rounds * (detail.length + 1), `${rounds} failures`);
});

test('the heap probe sees a leak', () => {
  // The probe itself can fail: 2000 unfreed 1 KiB blocks are seen as 2 MB of growth.
  const before = cHeap();
  const held = Array.from({ length: 2000 }, () => native.koffi.alloc('uint8_t', 1024));
  try {
    assert.ok(cHeap() - before >= 2000 * 1024);
  } finally {
    for (const p of held) native.koffi.free(p);
  }
});

test('the vector runner itself fails on a wrong expectation', () => {
  const good = jwt.sign('{"a":1}', SECRET);
  const base = { id: 'self-check', op: 'sign', input: { payload: '{"a":1}', secret: SECRET } };
  checkCase({ ...base, expect: { token: good } });
  assert.throws(() => checkCase({ ...base, expect: { token: good.slice(0, -1) + 'A' } }), /self-check/);
  assert.throws(() => checkCase({ ...base, expect: { error: 'malformed' } }), /self-check/);
  assert.throws(() => checkCase({ ...base, op: 'frobnicate', expect: { token: good } }), /unknown op/);
  const v = { id: 'self-check-2', op: 'verify', input: { token: good, secret: SECRET } };
  assert.throws(() => checkCase({ ...v, expect: { claims: { a: 2 } } }), /self-check-2/);
  assert.throws(() => checkCase({ ...v, input: { ...v.input, secret: 'x' }, expect: { error: 'expired' } }), /self-check-2/);
});

test('xsign: the cross-language hook', () => {
  const xsign = path.resolve(__dirname, '..', 'xsign');
  const s = spawnSync(xsign, ['sign', SECRET, '{"a":1}'], { encoding: 'utf8' });
  assert.equal(s.status, 0, s.stderr);
  assert.equal(s.stdout, jwt.sign('{"a":1}', SECRET) + '\n');
  const v = spawnSync(xsign, ['verify', SECRET, s.stdout.trim()], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, '{"a":1}\n');
  const bad = spawnSync(xsign, ['verify', 'other', s.stdout.trim()], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, 'error: bad_signature\n');
  assert.equal(bad.stdout, '');
  const usage = spawnSync(xsign, ['frob'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});

test('options are written in the header\'s OoOptions layout', () => {
  const { koffi, OoOptions, encodeOptions, C } = native;
  const { HS256, HS384, HS512 } = jwt.Alg;
  const p = encodeOptions({ algorithm: HS384, algorithms: [HS256, HS512], now: 1700000000, leeway: -5,
    maxTokenLength: 2n ** 63n, maxJsonLength: 7, pathAndQueryOnly: true });
  const s = koffi.decode(p, OoOptions);
  assert.equal(s.struct_size, koffi.sizeof(OoOptions));
  assert.equal(s.flags, C.OO_OPT_NOW | C.OO_OPT_LEEWAY | C.OO_OPT_URL_PATH_QUERY);
  assert.equal(s.algorithm, HS384);
  assert.equal(s.algorithms, HS256 | HS512);
  assert.equal(Number(s.now), 1700000000);
  assert.equal(Number(s.leeway), -5);
  assert.equal(Number(s.expires_in), 0);
  assert.equal(BigInt(s.max_token_len), 2n ** 63n);
  assert.equal(Number(s.max_json_len), 7);
  // A fresh block each time: nothing of the previous options stays.
  const q = koffi.decode(encodeOptions({ expiresIn: -(2 ** 40), algorithms: [0xffffffff] }), OoOptions);
  assert.equal(q.flags, C.OO_OPT_EXPIRES_IN);
  assert.equal(q.algorithm, 0);
  assert.equal(q.algorithms, 0xffffffff);
  assert.equal(Number(q.expires_in), -(2 ** 40));
  assert.equal(Number(q.now), 0);
  assert.equal(BigInt(q.max_token_len), 0n);
});

test('option values that do not fit their C field are TypeError / RangeError', () => {
  const t = jwt.sign({ a: 1 }, SECRET);
  assert.throws(() => jwt.verify(t, SECRET, { now: '1700000000' }), TypeError);
  assert.throws(() => jwt.verify(t, SECRET, { now: 1.5 }), RangeError);
  assert.throws(() => jwt.verify(t, SECRET, { leeway: NaN }), RangeError);
  assert.throws(() => jwt.verify(t, SECRET, { now: 2n ** 63n }), RangeError);
  assert.throws(() => jwt.verify(t, SECRET, { maxTokenLength: -1 }), RangeError);
  assert.throws(() => jwt.sign({ a: 1 }, SECRET, { algorithm: -1 }), RangeError);
  assert.throws(() => jwt.sign({ a: 1 }, SECRET, { algorithm: 2 ** 32 }), RangeError);
  assert.throws(() => jwt.sign({ a: 1 }, SECRET, { algorithm: 1n }), TypeError);
  assert.deepEqual(jwt.verify(t, SECRET, { now: 1700000000n, leeway: 0n }), { a: 1 });
});

test('options read through getters that call oo-jwt themselves', () => {
  const t = jwt.sign({ a: 1, exp: NOW + 10 }, SECRET);
  const options = {
    get now() {
      jwt.verify(jwt.sign({ b: 2 }, SECRET, { algorithm: jwt.Alg.HS512 }), SECRET, { algorithms: [jwt.Alg.HS512], leeway: 0 });
      return NOW;
    },
    // An allow-list whose iterator calls oo-jwt too, with other options.
    algorithms: {
      *[Symbol.iterator]() {
        jwt.sign({ c: 3 }, SECRET, { algorithm: jwt.Alg.HS384, expiresIn: 5, now: 1 });
        yield jwt.Alg.HS256;
      },
    },
  };
  assert.deepEqual(jwt.verify(t, SECRET, options), { a: 1, exp: NOW + 10 });
  throwsJwt(() => jwt.verify(jwt.sign({ a: 1 }, SECRET, { algorithm: jwt.Alg.HS512 }), SECRET, options), 'unsupported_alg');
});

test('payload toJSON and a Proxy secret that call oo-jwt themselves do not corrupt the call', () => {
  const payload = {
    a: 1,
    toJSON() {
      jwt.verify(jwt.sign({ inner: true }, 'another-secret-for-the-inner-call'), 'another-secret-for-the-inner-call');
      return { a: 1 };
    },
  };
  const expected = jwt.sign('{"a":1}', SECRET);
  assert.equal(jwt.sign(payload, SECRET), expected);
  const secret = new Proxy(Buffer.from(SECRET), {
    getPrototypeOf(target) {
      jwt.sign({ nested: 1 }, 'another-secret-for-the-inner-call');
      return Object.getPrototypeOf(target);
    },
  });
  let signed;
  try {
    signed = jwt.sign({ a: 1 }, secret);
  } catch (e) {
    // koffi may refuse a Proxy as a pointer argument; what matters is that nothing is corrupted.
    assert.ok(e instanceof TypeError, String(e));
  }
  if (signed !== undefined) assert.equal(signed, expected);
  assert.equal(jwt.sign({ a: 1 }, SECRET), expected);
});

test('the native input regions hold no secret after a call, success or failure', () => {
  const zero = (r) => r.bytes.every((b) => b === 0);
  const t = jwt.sign({ a: 1 }, SECRET);
  assert.ok(zero(native.SECRET) && zero(native.MAIN));
  jwt.verify(t, SECRET);
  assert.ok(zero(native.SECRET) && zero(native.MAIN));
  throwsJwt(() => jwt.verify(t, 'a-wrong-secret-of-some-length'), 'bad_signature');
  assert.ok(zero(native.SECRET) && zero(native.MAIN));
  throwsJwt(() => jwt.sign({ a: 1 }, SECRET, { algorithm: 3 }), 'unsupported_alg');
  assert.ok(zero(native.SECRET) && zero(native.MAIN));
});

test('strings too long for the native regions, and non-ASCII ones, sign as their bytes do', () => {
  const big = { s: 'é'.repeat(40000) }; // 80 000 UTF-8 bytes: past the 64 KiB region, Buffer path
  const text = JSON.stringify(big);
  assert.equal(jwt.sign(big, SECRET), jwt.sign(Buffer.from(text), SECRET));
  assert.deepEqual(jwt.verify(jwt.sign(big, SECRET), SECRET), big);
  const longSecret = 'ключ'.repeat(200); // 1 600 bytes: past the secret region
  const t = jwt.sign({ a: 1 }, longSecret);
  assert.equal(t, jwt.sign({ a: 1 }, Buffer.from(longSecret)));
  assert.deepEqual(jwt.verify(t, Buffer.from(longSecret)), { a: 1 });
});

test('a string with a lone surrogate is invalid_argument, never signed as U+FFFD', () => {
  // Buffer.from and TextEncoder would replace the surrogate with U+FFFD: other text, other bytes.
  const lone = 'x\ud800y';
  const tok = jwt.sign({}, SECRET);
  const calls = [
    () => jwt.sign(lone, SECRET),
    () => jwt.sign({}, lone),
    () => jwt.sign({}, 'x'.repeat(2000) + lone), // longer than the native region: the Buffer path
    () => jwt.verify(tok, lone),
    () => jwt.verify(lone, SECRET),
    () => jwt.decodeUnverified(lone),
    () => jwt.signRequest(lone, SECRET),
    () => jwt.verifyRequest(null, `Bearer ${lone}`, SECRET),
    () => jwt.verifyRequest(lone, null, SECRET),
    () => jwt.verifyRequest(null, `Bearer ${tok}`, SECRET, { prefix: lone }),
    () => jwt.verifyRequest(null, `Bearer ${tok}`, lone),
    () => jwt.signConfig(lone, SECRET),
    () => jwt.verifyDownload(null, lone, SECRET),
    () => jwt.loadConfig(`/nonexistent/${lone}.json`),
  ];
  calls.forEach((call, i) => {
    let err;
    try {
      call();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof jwt.JwtError, `call ${i}: ${err && err.stack}`);
    assert.equal(err.code, 'invalid_argument', `call ${i}: ${err.message}`);
    assert.equal(err.status, 1);
    assert.match(err.detail, /lone surrogate/);
  });
  // A refusal after the payload's region was written leaves no bytes behind in either region
  // (non-ASCII secret: the region path; a long one: the Buffer path).
  for (const secret of ['é\ud800', 'é'.repeat(2000) + '\ud800']) {
    throwsJwt(() => jwt.sign('{"a":"some payload"}', secret), 'invalid_argument');
    assert.ok(native.MAIN.bytes.subarray(0, 64).every((b) => b === 0), 'payload region wiped');
    assert.ok(native.SECRET.bytes.subarray(0, 64).every((b) => b === 0), 'secret region wiped');
  }
  // A well-formed pair passes, and an object's lone surrogate is escaped by JSON.stringify (the
  // core then judges the \ud800 escape).
  assert.deepEqual(jwt.verify(jwt.sign({ a: '\ud83d\ude00' }, 'k\ud83d\ude00'), 'k\ud83d\ude00'), { a: '\ud83d\ude00' });
  assert.throws(() => jwt.sign({ a: lone }, SECRET), (e) => e instanceof jwt.JwtError && e.code === 'invalid_json');
});

test('verifyRequestWithConfig: the settings give the secret, prefix and tolerance', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-api-'));
  try {
    const local = path.join(dir, 'local.json');
    fs.writeFileSync(local, JSON.stringify({ services: { CoAuthoring: {
      secret: { outbox: { string: 'out-secret' } },
      token: { outbox: { prefix: 'Token ' }, verifyOptions: { clockTolerance: 5 } } } } }));
    const settings = jwt.loadConfig(local);
    const now = 1700000000;
    const token = jwt.signRequest({ key: 'k', status: 2 }, 'out-secret', { placement: 'header', now });
    const got = jwt.verifyRequestWithConfig(null, 'Token ' + token, settings, 'outbox', { now });
    assert.equal(got.status, 2);
    throwsJwt(() => jwt.verifyRequestWithConfig(null, 'Token ' + token, JSON.stringify(settings), 'outbox',
      { now: now + 305 }), 'expired');
    throwsJwt(() => jwt.verifyRequestWithConfig(undefined, 'Bearer ' + token, settings, 'inbox', { now }),
      'bad_signature');
    throwsJwt(() => jwt.verifyRequestWithConfig(null, 'Token ' + token, settings, 'sideways'),
      'invalid_argument');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('verifyDownloadWithConfig and downloadTokenExpected: the settings give the secret, prefix, tolerance and exclusion', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-api-'));
  try {
    const local = path.join(dir, 'local.json');
    fs.writeFileSync(local, JSON.stringify({ services: { CoAuthoring: {
      secret: { outbox: { string: 'out-secret' } },
      token: { enable: { request: { outbox: true } }, outbox: { prefix: 'Token ', urlExclusionRegex: '/public/' },
        verifyOptions: { clockTolerance: 5 } } } } }));
    const settings = jwt.loadConfig(local);
    const now = 1700000000;
    const url = 'https://storage.example/files/a.docx';
    const token = jwt.sign({ payload: { url } }, 'out-secret', { now, expiresIn: 300 });
    assert.equal(jwt.verifyDownloadWithConfig('Token ' + token, url, settings, { now }).payload.url, url);
    throwsJwt(() => jwt.verifyDownloadWithConfig('Token ' + token, url, JSON.stringify(settings), { now: now + 306 }),
      'expired');
    const proxied = 'http://backend:8080/files/a.docx';
    throwsJwt(() => jwt.verifyDownloadWithConfig('Token ' + token, proxied, settings, { now }), 'url_mismatch');
    assert.equal(jwt.verifyDownloadWithConfig('Token ' + token, proxied, settings, { now, pathAndQueryOnly: true })
      .payload.url, url);
    throwsJwt(() => jwt.verifyDownloadWithConfig('Bearer ' + token, url, settings, { now }), 'missing_token');
    const excluded = 'https://storage.example/public/a.docx';
    throwsJwt(() => jwt.verifyDownloadWithConfig(null, excluded, settings), 'missing_token');
    assert.strictEqual(jwt.downloadTokenExpected(url, settings), true);
    assert.strictEqual(jwt.downloadTokenExpected(excluded, JSON.stringify(settings)), false);
    throwsJwt(() => jwt.downloadTokenExpected(url, {}), 'invalid_config');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
