'use strict';
// The FFI layer: loads liboo_jwt through koffi and binds the C ABI of include/oo_jwt.h as lib/abi.js
// (which scripts/gen-abi.js makes from the header) declares it. Nothing here knows about JWTs: it
// converts types, calls, copies returned strings and frees them.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const koffi = require('koffi');
const abi = require('./abi');

const C = abi.CONSTANTS;
const LIB_NAMES = { linux: 'liboo_jwt.so', darwin: 'liboo_jwt.dylib', win32: 'oo_jwt.dll' };
const OS_DIRS = { linux: 'linux', darwin: 'macos', win32: 'windows' };
const ARCH_DIRS = { x64: 'x86_64', arm64: 'aarch64' };

// The C library this process runs on, named by the loader or libc file mapped into it: musl's
// ld-musl-<arch>.so.1 (which is also its libc), glibc's ld-linux*.so / libc.so.6 (libc-2.NN.so
// and ld-2.NN.so before glibc 2.34).
const MUSL_MAP = /\/(ld-musl-|libc\.musl-)[^/\s]*$/m;
const GLIBC_MAP = /\/(ld-linux[^/\s]*\.so[.\d]*|libc\.so\.6|libc-2\.\d+\.so|ld-2\.\d+\.so)$/m;

/** 'musl', 'glibc' or null (cannot tell) for the text of a /proc/<pid>/maps file. */
function libcOfMaps(maps) {
  return MUSL_MAP.test(maps) ? 'musl' : GLIBC_MAP.test(maps) ? 'glibc' : null;
}

/**
 * Whether this Linux process runs on musl. /proc/self/maps answers in well under a millisecond;
 * only when it cannot tell (no /proc, a static Node) is Node's diagnostic report asked, which
 * takes several milliseconds of start-up (musl builds report no glibc version).
 */
function isMusl() {
  let libc = null;
  try {
    libc = libcOfMaps(fs.readFileSync('/proc/self/maps', 'latin1'));
  } catch {
    // no /proc: ask the report
  }
  if (libc) return libc === 'musl';
  const report = process.report ? process.report.getReport() : null;
  return !!(report && report.header && !report.header.glibcVersionRuntime);
}

/**
 * This platform's directory in a multi-platform layout (dist/native/), e.g. `linux-x86_64`,
 * `linux-aarch64-musl`, `windows-x86_64`.
 */
function platformDir() {
  const osName = OS_DIRS[process.platform] || process.platform;
  const arch = ARCH_DIRS[process.arch] || process.arch;
  const musl = process.platform === 'linux' && isMusl() ? '-musl' : '';
  return `${osName}-${arch}${musl}`;
}

/** Where the library is: $OO_JWT_LIB, else native/<platform>/ in the package, else beside it. */
function libraryPath() {
  if (process.env.OO_JWT_LIB) return process.env.OO_JWT_LIB;
  const name = LIB_NAMES[process.platform] || 'liboo_jwt.so';
  const perPlatform = path.join(__dirname, '..', 'native', platformDir(), name);
  if (fs.existsSync(perPlatform)) return perPlatform;
  const bundled = path.join(__dirname, '..', name);
  if (fs.existsSync(bundled)) return bundled;
  throw new Error(
    `oo-jwt: native library ${name} not found (looked at: ${perPlatform}, ${bundled}); this package ` +
      `has no build for ${platformDir()}: build liboo_jwt from source and set OO_JWT_LIB to its path`
  );
}

const LIB_PATH = libraryPath();
const lib = koffi.load(LIB_PATH);
// koffi registers named types per JavaScript realm (each worker has its own registry). When this
// module is loaded a second time in the same realm (a cleared require cache, a test runner's module
// reset), 'OoOptions' already exists: it is reused after checking it has this layout.
const OO_OPTIONS_SPEC = Object.fromEntries(abi.OO_OPTIONS_FIELDS.map(([t, n]) => [n, t]));
let OoOptions;
try {
  OoOptions = koffi.type('OoOptions');
} catch {
  OoOptions = koffi.struct('OoOptions', OO_OPTIONS_SPEC);
}
{
  const expected = koffi.struct(OO_OPTIONS_SPEC);
  const same =
    koffi.sizeof(OoOptions) === koffi.sizeof(expected) &&
    abi.OO_OPTIONS_FIELDS.every(([, n]) => koffi.offsetof(OoOptions, n) === koffi.offsetof(expected, n));
  if (!same) throw new Error('oo-jwt: a different koffi type named OoOptions is already registered');
}

// Each function is bound on its first use (a getter that then replaces itself with the bound
// function): a process that only verifies pays for the prototypes it calls, not for all of them.
const fn = {};
for (const proto of abi.FUNCTIONS) {
  const name = /\b(oo_\w+)\(/.exec(proto)[1];
  Object.defineProperty(fn, name, {
    configurable: true,
    enumerable: true,
    get() {
      const f = lib.func(proto);
      Object.defineProperty(fn, name, { value: f, enumerable: true });
      return f;
    },
  });
}

// The library must speak this package's ABI: the same major version, at least its minor one.
{
  const v = fn.oo_abi_version();
  if (v >>> 16 !== C.OO_ABI_MAJOR || (v & 0xffff) < C.OO_ABI_MINOR)
    throw new Error(`oo-jwt: ${LIB_PATH} has ABI ${v >>> 16}.${v & 0xffff}, this package needs ` +
      `${C.OO_ABI_MAJOR}.x with x >= ${C.OO_ABI_MINOR}`);
}

/** The error of the contract: `code` is the contract's name, `status` its number. */
class JwtError extends Error {
  constructor(code, status, detail) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'JwtError';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}

// A zero-length input must still be a non-NULL pointer: NULL means "absent" for the optional inputs
// (an empty prefix is not the default prefix). koffi passes a zero-length Buffer as NULL, so empty
// inputs point into a 1-byte allocation with length 0.
const EMPTY = Buffer.alloc(1).subarray(0, 0);

// A string with a lone surrogate has no UTF-8 form: Buffer.from and TextEncoder would put U+FFFD in
// its place and sign or compare other text, so it is the contract's invalid_argument (text that is
// not UTF-8) instead. isWellFormed (Node 20) answers at once for a one-byte string.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !LONE_SURROGATE.test(s);

/** Throws unless the string has a UTF-8 form; returns it. */
function text(value, what) {
  if (!wellFormed(value))
    throw new JwtError('invalid_argument', C.OO_INVALID_ARGUMENT, `${what} holds a lone surrogate: it has no UTF-8 form`);
  return value;
}

function describe(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** Input bytes: a string as its UTF-8 bytes, a Buffer / Uint8Array as is. */
function bytes(value, what) {
  let b;
  if (typeof value === 'string') b = Buffer.from(text(value, what), 'utf8');
  else if (Buffer.isBuffer(value)) b = value;
  else if (value instanceof Uint8Array) b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  else throw new TypeError(`oo-jwt: ${what} must be a string or a Buffer, not ${describe(value)}`);
  return b.length === 0 ? EMPTY : b;
}

/** Optional input bytes: null/undefined is absent (NULL). */
function optBytes(value, what) {
  return value === undefined || value === null ? null : bytes(value, what);
}

// Native memory is written through DataViews in the platform's byte order.
const LE = os.endianness() === 'LE';
const PTR = koffi.sizeof('void *');
const TWO32 = 4294967296;

// ---- OoOptions ------------------------------------------------------------------------------
// koffi can convert a JS object into the struct, but that costs several microseconds per call (more
// than the core's own work on a small token). So the struct is written by hand, at koffi's own
// offsets, into a native block owned by this module instance (one per thread: every worker loads
// its own); calls are synchronous and the block is written last, right before the call, so one
// block is enough. Only JavaScript types are checked here (an integer that fits the C field);
// ranges and algorithm bits are the core's to judge.
const OPT_SIZE = koffi.sizeof(OoOptions);
const OPT_OFF = Object.freeze(Object.fromEntries(abi.OO_OPTIONS_FIELDS.map(([, n]) => [n, koffi.offsetof(OoOptions, n)])));
const OPT = koffi.alloc(OoOptions, 1);
const optRaw = new Uint8Array(koffi.view(OPT, OPT_SIZE));
const optView = new DataView(optRaw.buffer, optRaw.byteOffset, OPT_SIZE);
// Cleared word by word: a loop of stores is several times cheaper than fill() on this small block.
const optWords = new Uint32Array(optRaw.buffer, optRaw.byteOffset, OPT_SIZE >>> 2);
process.once('exit', () => koffi.free(OPT));

/** A uint32_t field's value: an integer Number in range. */
function u32(v, what) {
  if (typeof v !== 'number') throw new TypeError(`oo-jwt: ${what} must be a number, not ${describe(v)}`);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`oo-jwt: ${what} does not fit a 32-bit unsigned integer: ${v}`);
  return v;
}

/**
 * An allow-list: an array (or other iterable) of Alg values, as their OR. An empty list cannot be 0,
 * the ABI's "not given" (every algorithm): it goes as a bit no OoAlg has, which the core refuses as
 * it refuses an empty list (docs/bindings.md).
 */
function bitSet(list, what) {
  if (typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function')
    throw new TypeError(`oo-jwt: ${what} must be an array of Alg values, not ${describe(list)}`);
  let bits = 0;
  let n = 0;
  for (const a of list) {
    bits |= u32(a, what);
    n++;
  }
  return n === 0 ? NO_ALG : bits >>> 0;
}
const NO_ALG = 0x80000000;

/** Writes an int64_t (or uint64_t) field; a value of another type or out of range is an error. */
function put64(off, v, unsigned, what) {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (!unsigned || v >= 0)) {
    // The common case, without a BigInt: the two 32-bit halves.
    optView.setUint32(LE ? off : off + 4, v >>> 0, LE);
    optView.setInt32(LE ? off + 4 : off, Math.floor(v / TWO32), LE);
    return;
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new RangeError(`oo-jwt: ${what} must be an integer, not ${v}`);
    v = BigInt(v);
  } else if (typeof v !== 'bigint') {
    throw new TypeError(`oo-jwt: ${what} must be a number or a bigint, not ${describe(v)}`);
  }
  if (unsigned ? BigInt.asUintN(64, v) !== v : BigInt.asIntN(64, v) !== v)
    throw new RangeError(`oo-jwt: ${what} does not fit a 64-bit ${unsigned ? 'unsigned ' : ''}integer: ${v}`);
  if (unsigned) optView.setBigUint64(off, v, LE);
  else optView.setBigInt64(off, v, LE);
}

const given = (v) => v !== undefined && v !== null;

/**
 * The `const OoOptions *` argument for an options object (null: every default). What is not given
 * (undefined or null) stays "not given": its flag unset, its field 0. Every value is read once and
 * turned into numbers before the block is written, so a getter or an iterator that calls oo-jwt
 * itself cannot corrupt the block.
 */
function encodeOptions(o) {
  if (o === undefined || o === null) return null;
  if (typeof o !== 'object') throw new TypeError(`oo-jwt: options must be an object, not ${describe(o)}`);
  const { algorithm, algorithms, now, leeway, expiresIn, maxTokenLength, maxJsonLength, pathAndQueryOnly } = o;
  const alg = given(algorithm) ? u32(algorithm, 'options.algorithm') : 0;
  const algs = given(algorithms) ? bitSet(algorithms, 'options.algorithms') : 0;
  let flags = 0;
  if (given(now)) flags |= C.OO_OPT_NOW;
  if (given(leeway)) flags |= C.OO_OPT_LEEWAY;
  if (given(expiresIn)) flags |= C.OO_OPT_EXPIRES_IN;
  if (pathAndQueryOnly === true) flags |= C.OO_OPT_URL_PATH_QUERY;
  else if (given(pathAndQueryOnly) && pathAndQueryOnly !== false)
    throw new TypeError(`oo-jwt: options.pathAndQueryOnly must be a boolean, not ${describe(pathAndQueryOnly)}`);
  for (let i = 0; i < optWords.length; i++) optWords[i] = 0;
  optView.setUint32(OPT_OFF.struct_size, OPT_SIZE, LE);
  optView.setUint32(OPT_OFF.flags, flags, LE);
  optView.setUint32(OPT_OFF.algorithm, alg, LE);
  optView.setUint32(OPT_OFF.algorithms, algs, LE);
  if (given(now)) put64(OPT_OFF.now, now, false, 'options.now');
  if (given(leeway)) put64(OPT_OFF.leeway, leeway, false, 'options.leeway');
  if (given(expiresIn)) put64(OPT_OFF.expires_in, expiresIn, false, 'options.expiresIn');
  if (given(maxTokenLength)) put64(OPT_OFF.max_token_len, maxTokenLength, true, 'options.maxTokenLength');
  if (given(maxJsonLength)) put64(OPT_OFF.max_json_len, maxJsonLength, true, 'options.maxJsonLength');
  return OPT;
}

// ---- String inputs --------------------------------------------------------------------------
// A string argument in a hot position (the payload or token, the secret) is UTF-8-encoded straight
// into a native region owned by this module instance (so one per thread; calls are synchronous)
// rather than into a new Buffer, which saves an allocation per argument. Each position has its own
// region; a string that might not fit takes the Buffer path. The regions are zeroed after every
// call (see wipe), so no secret stays behind in them.
const encoder = new TextEncoder();

function makeRegion(size) {
  const ptr = koffi.alloc('uint8_t', size);
  process.once('exit', () => koffi.free(ptr));
  // `len`: the byte length of the argument last given for this position (encoded here or not);
  // `used`: how many bytes of the region hold it, to be zeroed.
  return { ptr, size, bytes: new Uint8Array(koffi.view(ptr, size)), len: 0, used: 0 };
}
const MAIN = makeRegion(64 * 1024);
const SECRET = makeRegion(1024);

/** A string as it is, anything else as `bytes(value)`: what `arg` takes. */
function input(value, what) {
  return typeof value === 'string' ? value : bytes(value, what);
}

/**
 * The pointer of a `(const uint8_t *, size_t)` pair, from `input`'s result: a string encoded into
 * `region` (its address is returned; no caller code runs), else the Buffer itself. The length is
 * then `region.len`.
 */
function arg(region, value, what) {
  if (typeof value === 'string') {
    if (value.length * 3 <= region.size) {
      region.len = encoder.encodeInto(value, region.bytes).written;
      region.used = region.len;
      // As many bytes as UTF-16 units: ASCII, so no surrogate (the hot path checks nothing more).
      if (region.len !== value.length && !wellFormed(value)) {
        wipe();
        text(value, what);
      }
      return region.ptr;
    }
    if (!wellFormed(value)) {
      wipe(); // the other position's region may already hold its argument
      text(value, what);
    }
    value = bytes(value, what);
  }
  region.len = value.length;
  return value;
}

function wipe() {
  if (MAIN.used) MAIN.bytes.fill(0, 0, MAIN.used);
  if (SECRET.used) SECRET.bytes.fill(0, 0, SECRET.used);
  MAIN.used = 0;
  SECRET.used = 0;
}

// ---- Results --------------------------------------------------------------------------------
// Three native `char *` slots per module instance (so per thread; calls are synchronous): two
// results and the error message, which the core writes during the call itself (no state is left
// between two calls, so a worker moved to another thread reads its own message). The wrapper reads
// each pointer the core stored, copies the text and gives that very pointer back to oo_free.
const SLOTS = koffi.alloc('void *', 3);
const slotView = new DataView(koffi.view(SLOTS, 3 * PTR));
process.once('exit', () => koffi.free(SLOTS));
const OUT = SLOTS;
const OUT2 = SLOTS + BigInt(PTR);
const ERR = SLOTS + BigInt(2 * PTR);
const slot = PTR === 8 ? (i) => slotView.getBigUint64(i * 8, LE) : (i) => BigInt(slotView.getUint32(i * 4, LE));
// The same memory as 32-bit words: clearing a slot and testing it for NULL take no BigInt (a NULL
// pointer is all zero bits in either byte order).
const slotWords = new Uint32Array(slotView.buffer, slotView.byteOffset, (3 * PTR) / 4);
const WORDS = PTR / 4;
const isNull = WORDS === 2 ? (i) => (slotWords[2 * i] | slotWords[2 * i + 1]) === 0 : (i) => slotWords[i] === 0;

/** Clears the slots before a call, so that only what this call stored is ever read or freed. */
const ready = WORDS === 2
  ? () => {
    slotWords[0] = 0; slotWords[1] = 0; slotWords[2] = 0; slotWords[3] = 0; slotWords[4] = 0; slotWords[5] = 0;
  }
  : () => {
    slotWords[0] = 0; slotWords[1] = 0; slotWords[2] = 0;
  };

/** The text at slot `i`, copied, and the core's string freed; '' for NULL. */
function takeSlot(i) {
  if (isNull(i)) return '';
  const p = slot(i);
  try {
    return koffi.decode.string(p);
  } finally {
    fn.oo_free(p);
  }
}

/** Throws the JwtError of a non-zero status, with the message the call stored. */
function check(status) {
  if (status === C.OO_OK) return;
  const detail = takeSlot(2);
  throw new JwtError(fn.oo_status_name(status), status, detail);
}

/** The result of a call with one result slot: its text, or the JwtError. */
function take(status) {
  check(status);
  return takeSlot(0);
}

/** The two results of oo_decode_unverified. */
function take2(status) {
  check(status);
  const pair = ['', ''];
  try {
    pair[0] = takeSlot(0);
  } finally {
    pair[1] = takeSlot(1);
  }
  return pair;
}

module.exports = {
  koffi, LIB_PATH, isMusl, libcOfMaps, C, abi, OoOptions, fn, OPT_SIZE, encodeOptions, text, bytes, optBytes, input, arg,
  wipe, MAIN, SECRET, JwtError, OUT, OUT2, ERR, ready, check, take, take2,
};
