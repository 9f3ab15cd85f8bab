#!/usr/bin/env node
'use strict';
// `make bench`: sign and verify of a ~300-byte ONLYOFFICE callback payload, oo-jwt against npm
// `jsonwebtoken` (what Docs uses) given a KeyObject secret (crypto.createSecretKey, its fast path),
// in one run. Both sides take and return the same JavaScript values: an object in, a token out
// (sign, with iat/exp as Docs' outbox adds them), a token in, a claims object out (verify).
// BENCH_MS=<ms per round> (default 1000), BENCH_ROUNDS (default 5; the median is kept).
// OO_JWT_BENCH_JSON=<file> also writes the sign/verify figures there as JSON (for benches/report.py).

const crypto = require('node:crypto');
const os = require('node:os');
const jsonwebtoken = require('jsonwebtoken');
const jwt = require('..');

const SECRET = 'oo-jwt-bench-secret-7Hq2Zp9Lx4VbN3';
const KEY = crypto.createSecretKey(Buffer.from(SECRET));
const SECRET_BYTES = Buffer.from(SECRET);

// A callback from Docs to the storage service ("status 2: ready to save").
const PAYLOAD = {
  key: 'Khirz6zTPdfd7',
  status: 2,
  url: 'https://docs.example.com/cache/files/data/Khirz6zTPdfd7_5932/output.docx/output.docx?md5=z4H2aQ',
  changesurl: 'https://docs.example.com/cache/files/data/Khirz6zTPdfd7_5932/changes.zip',
  users: ['6d5a81d0'],
  actions: [{ type: 0, userid: '6d5a81d0' }],
  filetype: 'docx',
};
const SIZE = Buffer.byteLength(JSON.stringify(PAYLOAD));

const MS = Number(process.env.BENCH_MS || 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);

// One round of `fn` for about MS milliseconds: [CPU ns/op of this process (user + system), wall ns/op].
// The machine is shared, so CPU time is the figure compared; wall time is shown beside it.
function round(fn) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(MS) * 1000000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  return [((cpu.user + cpu.system) * 1000) / n, Number(now - start) / n];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Both sides produce tokens the other accepts, with the same claims.
const ooToken = jwt.sign(PAYLOAD, SECRET, { expiresIn: 300 });
const peerToken = jsonwebtoken.sign(PAYLOAD, KEY, { algorithm: 'HS256', expiresIn: 300 });
jsonwebtoken.verify(ooToken, KEY, { algorithms: ['HS256'] });
jwt.verify(peerToken, SECRET);

// Diagnostic rows (not in the ratios): oo-jwt.sign given the payload's JSON text instead of an object
// (a caller forwarding a body it already has), and the C call alone through koffi (bytes prepared
// beforehand, no JSON.stringify / JSON.parse), i.e. the core's part of oo-jwt's time plus the FFI call.
const native = require('../lib/native');
const PAYLOAD_TEXT = JSON.stringify(PAYLOAD);
const PAYLOAD_BYTES = Buffer.from(PAYLOAD_TEXT);
const PEER_TOKEN_BYTES = Buffer.from(peerToken);
const coreSign = () => {
  const o = native.encodeOptions({ expiresIn: 300 });
  native.ready();
  return native.take(native.fn.oo_sign(PAYLOAD_BYTES, PAYLOAD_BYTES.length, SECRET_BYTES, SECRET_BYTES.length, o, native.OUT, native.ERR));
};
const coreVerify = () => {
  native.ready();
  return native.take(native.fn.oo_verify(PEER_TOKEN_BYTES, PEER_TOKEN_BYTES.length, SECRET_BYTES, SECRET_BYTES.length, null, native.OUT, native.ERR));
};

// The FFI floor (measured in the same rounds): the bare koffi round trip (oo_abi_version() then
// oo_free(NULL)); oo_sign / oo_verify called directly on arguments prepared beforehand (payload JSON
// and token already Buffers, an options block encoded once by koffi, outside the wrapper's own
// block), reading the result string out and freeing it; and the JSON step the wrapper cannot avoid
// (JSON.stringify of the payload, JSON.parse of the claims text). Floor = call + JSON.
const { koffi, fn: F } = native;
const FLOOR_OPT = koffi.alloc(native.OoOptions, 1);
koffi.encode(FLOOR_OPT, native.OoOptions, {
  struct_size: native.OPT_SIZE, flags: native.C.OO_OPT_EXPIRES_IN, algorithm: 0, algorithms: 0,
  now: 0, leeway: 0, expires_in: 300, max_token_len: 0, max_json_len: 0,
});
const FLOOR_SLOTS = koffi.alloc('void *', 2);
const FLOOR_ERR = FLOOR_SLOTS + BigInt(koffi.sizeof('void *'));
const floorTake = (status) => {
  if (status !== 0) throw new Error(`floor call failed: ${status}`);
  const p = koffi.decode(FLOOR_SLOTS, 'void *');
  const s = koffi.decode.string(p);
  F.oo_free(p);
  return s;
};
const floorSign = () =>
  floorTake(F.oo_sign(PAYLOAD_BYTES, PAYLOAD_BYTES.length, SECRET_BYTES, SECRET_BYTES.length, FLOOR_OPT, FLOOR_SLOTS, FLOOR_ERR));
const floorVerify = () =>
  floorTake(F.oo_verify(PEER_TOKEN_BYTES, PEER_TOKEN_BYTES.length, SECRET_BYTES, SECRET_BYTES.length, null, FLOOR_SLOTS, FLOOR_ERR));
const CLAIMS_TEXT = floorVerify();
if (jwt.verify(floorSign(), SECRET).key !== PAYLOAD.key || JSON.parse(CLAIMS_TEXT).key !== PAYLOAD.key)
  throw new Error('floor: unexpected claims');

const rows = [
  ['sign', 'oo-jwt', () => jwt.sign(PAYLOAD, SECRET_BYTES, { expiresIn: 300 })],
  ['sign', 'jsonwebtoken', () => jsonwebtoken.sign(PAYLOAD, KEY, { algorithm: 'HS256', expiresIn: 300 })],
  ['verify', 'oo-jwt', () => jwt.verify(peerToken, SECRET_BYTES, { algorithms: [jwt.Alg.HS256] })],
  ['verify', 'jsonwebtoken', () => jsonwebtoken.verify(peerToken, KEY, { algorithms: ['HS256'] })],
  ['sign', '(JSON text in)', () => jwt.sign(PAYLOAD_TEXT, SECRET_BYTES, { expiresIn: 300 })],
  ['sign', '(C call only)', coreSign],
  ['verify', '(C call only)', coreVerify],
  ['floor', 'round trip', () => { F.oo_abi_version(); F.oo_free(null); }],
  ['floor', 'sign call', floorSign],
  ['floor', 'sign JSON', () => JSON.stringify(PAYLOAD)],
  ['floor', 'verify call', floorVerify],
  ['floor', 'verify JSON', () => JSON.parse(CLAIMS_TEXT)],
  // The two floor parts run back to back in one function, as in a wrapper call: V8's JSON step next
  // to native work costs more than the two measured apart (caches, allocation), so this is the floor
  // a wrapper can actually reach; reported beside the sum as `call_and_json_in_one_ns`.
  ['floor', 'sign joint', () => [JSON.stringify(PAYLOAD), floorSign()]],
  ['floor', 'verify joint', () => JSON.parse(floorVerify())],
];

console.log(
  `oo-jwt ${jwt.version()} (koffi ${require('koffi').version}) vs jsonwebtoken ${require('jsonwebtoken/package.json').version}; ` +
    `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), load average ${os.loadavg()[0].toFixed(2)}; ` +
    `payload ${SIZE} bytes, HS256; median of ${ROUNDS} interleaved rounds of ${MS} ms`
);
for (const [, , fn] of rows) for (let i = 0; i < 3000; i++) fn(); // warm up (JIT)
const samples = rows.map(() => ({ cpu: [], wall: [] }));
for (let r = 0; r < ROUNDS; r++)
  rows.forEach(([, , fn], i) => {
    const [cpu, wall] = round(fn);
    samples[i].cpu.push(cpu);
    samples[i].wall.push(wall);
  });
const results = {};
rows.forEach(([op, who], i) => {
  const cpu = median(samples[i].cpu);
  const wall = median(samples[i].wall);
  results[`${op}/${who}`] = cpu;
  console.log(`${op.padEnd(7)} ${who.padEnd(14)} ${cpu.toFixed(0).padStart(7)} ns/op (CPU)  ${wall.toFixed(0).padStart(7)} ns/op (wall)`);
});
for (const op of ['sign', 'verify']) {
  const ratio = results[`${op}/jsonwebtoken`] / results[`${op}/oo-jwt`];
  console.log(`${op.padEnd(7)} ratio: oo-jwt is ${ratio.toFixed(2)}x jsonwebtoken (goal 3x: ${ratio >= 3 ? 'met' : 'NOT met'})`);
}
const floor = {
  method: 'CPU time per call, median of the same interleaved rounds as the sign/verify rows: round trip = ' +
    'oo_abi_version() then oo_free(NULL) through koffi; call = oo_sign / oo_verify through koffi on Buffers and ' +
    'an options block prepared beforehand, plus koffi.decode.string of the result and oo_free; JSON = ' +
    'JSON.stringify of the payload object (sign), JSON.parse of the claims text (verify); call_and_json_in_one = call and JSON ' +
    'back to back in one function',
  round_trip_ns: results['floor/round trip'],
};
for (const op of ['sign', 'verify']) {
  floor[op] = {
    wrapper_ns: results[`${op}/oo-jwt`], call_ns: results[`floor/${op} call`], json_ns: results[`floor/${op} JSON`],
    call_and_json_in_one_ns: results[`floor/${op} joint`],
  };
  const f = floor[op].call_ns + floor[op].json_ns;
  const over = (floor[op].wrapper_ns - f) / f;
  const overJoint = (floor[op].wrapper_ns - floor[op].call_and_json_in_one_ns) / floor[op].call_and_json_in_one_ns;
  console.log(`${op.padEnd(7)} floor: call ${floor[op].call_ns.toFixed(0)} + JSON ${floor[op].json_ns.toFixed(0)} = ` +
    `${f.toFixed(0)} ns; wrapper ${floor[op].wrapper_ns.toFixed(0)} ns, overhead ${(over * 100).toFixed(1)}% ` +
    `(goal <= 15%: ${over <= 0.15 ? 'met' : 'NOT met'}); both parts back to back ${floor[op].call_and_json_in_one_ns.toFixed(0)} ns, ` +
    `overhead above that ${(overJoint * 100).toFixed(1)}%; koffi round trip ${floor.round_trip_ns.toFixed(0)} ns`);
}
console.log(`load average after: ${os.loadavg()[0].toFixed(2)}`);
if (process.env.OO_JWT_BENCH_JSON) {
  require('node:fs').writeFileSync(process.env.OO_JWT_BENCH_JSON, JSON.stringify({
    language: 'Node.js',
    peer: `jsonwebtoken ${require('jsonwebtoken/package.json').version}`,
    payload_bytes: SIZE,
    measure: `CPU time, median of ${ROUNDS} interleaved rounds of ${MS} ms`,
    runtime: `node ${process.version}`,
    rows: ['sign', 'verify'].map((op) => ({
      op,
      ns_per_op: results[`${op}/oo-jwt`],
      peer_ns_per_op: results[`${op}/jsonwebtoken`],
      ratio: results[`${op}/jsonwebtoken`] / results[`${op}/oo-jwt`],
    })),
    floor,
  }, null, 1));
}
