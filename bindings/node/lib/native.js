'use strict';
// The FFI layer: loads liboo_jwt through koffi and declares the C ABI of include/oo_jwt.h.
// test/header.test.js parses the header and checks that every declaration below matches it.
// Nothing here knows about JWTs: it converts types, calls, copies returned strings and frees them.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

// #defines of oo_jwt.h this package uses (checked against the header by test/header.test.js).
const CONSTANTS = Object.freeze({
  OO_OK: 0,
  OO_INVALID_ARGUMENT: 1,
  OO_OPT_NOW: 1,
  OO_OPT_LEEWAY: 2,
  OO_OPT_EXPIRES_IN: 4,
  OO_OPT_URL_PATH_QUERY: 8,
  OO_PLACEMENT_BODY: 0,
  OO_PLACEMENT_HEADER: 1,
});

// `struct OoOptions`, field by field, in the header's order and with its C types.
const OO_OPTIONS_FIELDS = Object.freeze([
  ['uint32_t', 'struct_size'],
  ['uint32_t', 'flags'],
  ['const uint8_t *', 'algorithm'],
  ['size_t', 'algorithm_len'],
  ['const uint8_t *', 'algorithms'],
  ['size_t', 'algorithms_len'],
  ['int64_t', 'now'],
  ['int64_t', 'leeway'],
  ['int64_t', 'expires_in'],
  ['uint64_t', 'max_token_len'],
  ['uint64_t', 'max_json_len'],
]);

// Every function of the header, as koffi prototypes. The header's `char **out_*` results are
// declared `void **` and given the address of a native pointer slot (see callOut), so that koffi
// never converts the result itself: the wrapper reads the pointer the core stored there, copies the
// text, then releases that very pointer with oo_free. (koffi's `_Out_ void **` with a JS array
// does the same about a microsecond slower per call.)
const FUNCTIONS = Object.freeze([
  'int32_t oo_sign(const uint8_t *payload, size_t payload_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_token)',
  'int32_t oo_verify(const uint8_t *token, size_t token_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_claims)',
  'int32_t oo_decode_unverified(const uint8_t *token, size_t token_len, const OoOptions *options, void **out_header, void **out_claims)',
  'int32_t oo_sign_request(const uint8_t *body, size_t body_len, const uint8_t *secret, size_t secret_len, uint32_t placement, const OoOptions *options, void **out)',
  'int32_t oo_verify_request(const uint8_t *secret, size_t secret_len, const uint8_t *body, size_t body_len, const uint8_t *authorization, size_t authorization_len, const uint8_t *prefix, size_t prefix_len, const OoOptions *options, void **out_params)',
  'int32_t oo_sign_config(const uint8_t *config, size_t config_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_config)',
  'int32_t oo_sign_editor_method(const uint8_t *method, size_t method_len, const uint8_t *params, size_t params_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_params)',
  'int32_t oo_verify_download(const uint8_t *authorization, size_t authorization_len, const uint8_t *url, size_t url_len, const uint8_t *secret, size_t secret_len, const uint8_t *prefix, size_t prefix_len, const OoOptions *options, void **out_claims)',
  'int32_t oo_load_config(const uint8_t *local_path, size_t local_path_len, const uint8_t *default_path, size_t default_path_len, const uint8_t *env_json, size_t env_json_len, void **out_settings)',
  'int32_t oo_verify_request_with_config(const uint8_t *body, size_t body_len, const uint8_t *authorization, size_t authorization_len, const uint8_t *settings_json, size_t settings_len, uint32_t direction, const OoOptions *options, void **out_params)',
  'int32_t oo_verify_download_with_config(const uint8_t *authorization, size_t authorization_len, const uint8_t *url, size_t url_len, const uint8_t *settings_json, size_t settings_len, const OoOptions *options, void **out_claims)',
  'int32_t oo_download_token_expected(const uint8_t *url, size_t url_len, const uint8_t *settings_json, size_t settings_len, uint8_t *out_expected)',
  'void oo_free(void *s)',
  'const char *oo_status_name(int32_t status)',
  'const char *oo_last_error_message(void)',
  'const char *oo_version(void)',
  'int32_t oo_selftest_panic(void)',
]);

const LIB_NAMES = { linux: 'liboo_jwt.so', darwin: 'liboo_jwt.dylib', win32: 'oo_jwt.dll' };
const OS_DIRS = { linux: 'linux', darwin: 'macos', win32: 'windows' };
const ARCH_DIRS = { x64: 'x86_64', arm64: 'aarch64' };

/**
 * This platform's directory in a multi-platform layout (dist/native/), e.g. `linux-x86_64`,
 * `linux-aarch64-musl`, `windows-x86_64`. Node built against musl reports no glibc version.
 */
function platformDir() {
  const os = OS_DIRS[process.platform] || process.platform;
  const arch = ARCH_DIRS[process.arch] || process.arch;
  const report = process.platform === 'linux' && process.report ? process.report.getReport() : null;
  const musl = report && report.header && !report.header.glibcVersionRuntime ? '-musl' : '';
  return `${os}-${arch}${musl}`;
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
    `oo-jwt: native library not found: set OO_JWT_LIB to the path of ${name}, or place it at ${bundled}`
  );
}

const LIB_PATH = libraryPath();
const lib = koffi.load(LIB_PATH);
// koffi registers named types per JavaScript realm (each worker has its own registry). When this
// module is loaded a second time in the same realm (a cleared require cache, a test runner's module
// reset), 'OoOptions' already exists: it is reused after checking it has this layout.
const OO_OPTIONS_SPEC = Object.fromEntries(OO_OPTIONS_FIELDS.map(([t, n]) => [n, t]));
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
    OO_OPTIONS_FIELDS.every(([, n]) => koffi.offsetof(OoOptions, n) === koffi.offsetof(expected, n));
  if (!same) throw new Error('oo-jwt: a different koffi type named OoOptions is already registered');
}

const fn = {};
for (const proto of FUNCTIONS) {
  const name = /\b(oo_\w+)\(/.exec(proto)[1];
  fn[name] = lib.func(proto);
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
    throw new JwtError('invalid_argument', CONSTANTS.OO_INVALID_ARGUMENT, `${what || 'a string'} holds a lone surrogate: it has no UTF-8 form`);
  return value;
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

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

// ---- OoOptions marshalling ------------------------------------------------------------------
// koffi can convert a JS object into the struct, but that costs several microseconds per call (more
// than the core's own work on a small token), and it aborts the process on some wrong value types.
// So the struct is written by hand, at koffi's own offsets, into a native scratch block owned by
// this module instance (one per thread: every worker loads its own), followed by the bytes of
// `algorithm` and `algorithms`, and the call gets the block's address. Calls are synchronous and
// the block is written last, right before the call, so one block per instance is enough.
// Only JavaScript types are checked here (an integer that fits the C field); ranges and names are
// the core's to judge.

const OPT_OFF = Object.freeze(
  Object.fromEntries(OO_OPTIONS_FIELDS.map(([, n]) => [n, koffi.offsetof(OoOptions, n)]))
);
const OPT_SIZE = koffi.sizeof(OoOptions);
const STRINGS_AT = 128; // the bytes of algorithm, then of algorithms
let scratch = null;

function getScratch(size) {
  if (scratch && scratch.size >= size) return scratch;
  if (scratch) koffi.free(scratch.ptr);
  else process.once('exit', () => scratch && koffi.free(scratch.ptr));
  const alloc = Math.max(1024, size);
  const ptr = koffi.alloc('uint8_t', alloc);
  const ab = koffi.view(ptr, alloc);
  const bytes = new Uint8Array(ab);
  scratch = {
    ptr,
    size: alloc,
    view: new DataView(ab),
    bytes,
    // Where `algorithm` (then `algorithms`) is written, as a view and as an address made once.
    strings: bytes.subarray(STRINGS_AT),
    stringsPtr: ptr + BigInt(STRINGS_AT),
  };
  return scratch;
}

const encoder = new TextEncoder();

/** Writes a name (a string, or bytes) at `at` in the options block; returns its byte length. */
function putName(s, at, name) {
  if (typeof name !== 'string') {
    s.bytes.set(name, at);
    return name.length;
  }
  const into = at === STRINGS_AT ? s.strings : s.bytes.subarray(at);
  return encoder.encodeInto(name, into).written;
}

/** The most bytes a string or byte array takes as UTF-8 (a UTF-16 unit is at most 3 bytes). */
const maxLen = (v) => (v === undefined ? 0 : typeof v === 'string' ? v.length * 3 : v.length);

const TWO32 = 4294967296;

/** Writes an int64_t (or uint64_t) field; a value of another type or out of range is an error. */
function put64(view, off, v, unsigned, what) {
  if (v === undefined) v = 0;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new RangeError(`oo-jwt: ${what} must be an integer, not ${v}`);
    v = BigInt(v);
  } else if (typeof v !== 'bigint') {
    throw new TypeError(`oo-jwt: ${what} must be a number or a bigint, not ${typeof v}`);
  }
  if (unsigned ? BigInt.asUintN(64, v) !== v : BigInt.asIntN(64, v) !== v)
    throw new RangeError(`oo-jwt: ${what} does not fit a 64-bit ${unsigned ? 'unsigned ' : ''}integer: ${v}`);
  if (unsigned) view.setBigUint64(off, v, true);
  else view.setBigInt64(off, v, true);
}

/** Faster put64 for the common case: a safe integer Number. */
function putSafe(view, off, v, unsigned, what) {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (!unsigned || v >= 0)) {
    view.setUint32(off, v >>> 0, true);
    view.setInt32(off + 4, Math.floor(v / TWO32), true);
  } else {
    put64(view, off, v, unsigned, what);
  }
}

/**
 * Writes the OoOptions struct for these field values (unset: undefined; `algorithm` and
 * `algorithms` as strings or bytes) and returns its address, for a `const OoOptions *` argument.
 */
function encodeOptions(flags, algorithm, algorithms, now, leeway, expiresIn, maxTokenLen, maxJsonLen) {
  const s = getScratch(STRINGS_AT + maxLen(algorithm) + maxLen(algorithms));
  const v = s.view;
  putSafe(v, OPT_OFF.now, now === undefined ? 0 : now, false, 'options.now');
  putSafe(v, OPT_OFF.leeway, leeway === undefined ? 0 : leeway, false, 'options.leeway');
  putSafe(v, OPT_OFF.expires_in, expiresIn === undefined ? 0 : expiresIn, false, 'options.expiresIn');
  putSafe(v, OPT_OFF.max_token_len, maxTokenLen === undefined ? 0 : maxTokenLen, true, 'options.maxTokenLen');
  putSafe(v, OPT_OFF.max_json_len, maxJsonLen === undefined ? 0 : maxJsonLen, true, 'options.maxJsonLen');
  v.setUint32(OPT_OFF.struct_size, OPT_SIZE, true);
  v.setUint32(OPT_OFF.flags, flags, true);
  // A present name, even empty, is a non-NULL pointer; an absent one is NULL.
  let algLen = 0;
  if (algorithm === undefined) {
    v.setBigUint64(OPT_OFF.algorithm, 0n, true);
  } else {
    algLen = putName(s, STRINGS_AT, algorithm);
    v.setBigUint64(OPT_OFF.algorithm, s.stringsPtr, true);
  }
  putSafe(v, OPT_OFF.algorithm_len, algLen, true);
  let algsLen = 0;
  if (algorithms === undefined) {
    v.setBigUint64(OPT_OFF.algorithms, 0n, true);
  } else {
    algsLen = putName(s, STRINGS_AT + algLen, algorithms);
    v.setBigUint64(OPT_OFF.algorithms, algLen === 0 ? s.stringsPtr : s.stringsPtr + BigInt(algLen), true);
  }
  putSafe(v, OPT_OFF.algorithms_len, algsLen, true);
  return s.ptr;
}

// ---- String inputs --------------------------------------------------------------------------
// A string argument in a hot position (the payload or token, the secret) is UTF-8-encoded straight
// into a native region owned by this module instance (so one per thread; calls are synchronous)
// rather than into a new Buffer, which saves an allocation per argument. Each position has its own
// region; a string that might not fit takes the Buffer path. The regions are zeroed after every
// call (see callOut), so no secret stays behind in them.
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

/** Throws the JwtError of a non-zero status (read on this thread, right after the call). */
function check(status) {
  if (status === CONSTANTS.OO_OK) return;
  const detail = fn.oo_last_error_message();
  throw new JwtError(fn.oo_status_name(status), status, detail);
}

// The out slots: two native `char *` the core writes its results into (only on success). One pair
// per module instance (so per thread); calls are synchronous, so they are never shared by two calls.
const OUT = koffi.alloc('void *', 2);
const OUT0 = OUT;
const OUT1 = OUT + 8n;
const outView = new DataView(koffi.view(OUT, 16));
process.once('exit', () => koffi.free(OUT));

/** Copies the NUL-terminated UTF-8 string at `ptr` (a BigInt address). */
function copy(ptr) {
  return koffi.decode.string(ptr);
}

/**
 * `f(out)` calls a function with `out` as its (only) result slot; on success the string the core
 * stored there is copied and freed with oo_free, on failure the JwtError is thrown.
 */
function callOut(f) {
  outView.setBigUint64(0, 0n, true);
  let status;
  try {
    status = f(OUT0);
  } finally {
    wipe();
  }
  const p = outView.getBigUint64(0, true);
  try {
    check(status);
    if (p === 0n) throw new Error('oo-jwt: the library reported success without a result');
    return copy(p);
  } finally {
    if (p !== 0n) fn.oo_free(p);
  }
}

/** Same with two result slots (oo_decode_unverified). */
function callOut2(f) {
  outView.setBigUint64(0, 0n, true);
  outView.setBigUint64(8, 0n, true);
  const status = f(OUT0, OUT1);
  const a = outView.getBigUint64(0, true);
  const b = outView.getBigUint64(8, true);
  try {
    check(status);
    if (a === 0n || b === 0n) throw new Error('oo-jwt: the library reported success without a result');
    return [copy(a), copy(b)];
  } finally {
    if (a !== 0n) fn.oo_free(a);
    if (b !== 0n) fn.oo_free(b);
  }
}

module.exports = {
  koffi,
  LIB_PATH,
  CONSTANTS,
  OO_OPTIONS_FIELDS,
  FUNCTIONS,
  OoOptions,
  fn,
  EMPTY,
  OPT_OFF,
  OPT_SIZE,
  encodeOptions,
  text,
  bytes,
  input,
  arg,
  MAIN,
  SECRET,
  optBytes,
  JwtError,
  check,
  callOut,
  callOut2,
};
