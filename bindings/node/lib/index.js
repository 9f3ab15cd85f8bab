'use strict';
// oo-jwt for Node.js: a thin wrapper over the C ABI of liboo_jwt (see include/oo_jwt.h).
// Every decision about a token is made by the Rust core; this file converts JavaScript values to
// bytes and options, calls the core, and turns its JSON results into objects. Arguments follow the
// ABI's order: what the call is about, then the secret (or settings), then an options object whose
// absent members reach the core as "not given".

const native = require('./native');

const { fn, C, bytes, optBytes, input, arg, wipe, MAIN, SECRET, OUT, OUT2, ERR, ready, check, take, take2 } = native;
const { encodeOptions } = native;

/** The algorithms, as the header's OoAlg bits: `Alg.HS256`, `Alg.HS384`, `Alg.HS512`. */
const Alg = Object.freeze(
  Object.fromEntries(Object.entries(native.abi.ENUMS.OoAlg).map(([name, bit]) => [name.replace(/^OO_/, ''), bit]))
);

/** JSON text as given (a string or bytes), or `value` JSON.stringify'd. */
function jsonText(value, what) {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (value === undefined) throw new TypeError(`oo-jwt: ${what} is required`);
  return JSON.stringify(value);
}

/** JSON text to pass on: a string or Buffer as is (byte for byte), anything else JSON.stringify'd. */
function jsonBytes(value, what) {
  return bytes(jsonText(value, what), what);
}

/** Optional JSON text: null/undefined is absent. */
function optJsonBytes(value, what) {
  return value === undefined || value === null ? null : jsonBytes(value, what);
}

const len = (b) => (b ? b.length : 0);

/** Reads `options[key]` (once) when options is an object. */
const member = (options, key) => (options !== null && typeof options === 'object' ? options[key] : undefined);

/**
 * One call of oo_sign or oo_verify, the hot paths: `value` (the payload's JSON text or the token)
 * and the secret go through the native regions (see arg()). Everything that can run the caller's
 * code (toJSON, getters, proxies), which may call oo-jwt in turn, comes before the regions and the
 * options block are written.
 */
function hot(f, value, what, secret, options) {
  const v = input(value, what);
  const s = input(secret, 'secret');
  const o = encodeOptions(options);
  const vArg = arg(MAIN, v, what);
  const sArg = arg(SECRET, s, 'secret');
  ready();
  let status;
  try {
    status = f(vArg, MAIN.len, sArg, SECRET.len, o, OUT, ERR);
  } finally {
    wipe();
  }
  return take(status);
}

/**
 * Signs a payload (an object, or the exact JSON text as a string or Buffer); returns the token.
 * Options: `algorithm` (an `Alg`), `expiresIn`, `now`, `maxJsonLength`.
 */
function sign(payload, secret, options) {
  return hot(fn.oo_sign, jsonText(payload, 'payload'), 'payload', secret, options);
}

/** The raw claims JSON text of a verified token. */
function verifyText(token, secret, options) {
  return hot(fn.oo_verify, token, 'token', secret, options);
}

/**
 * Verifies a token; returns its claims. Options: `algorithms` (an array of `Alg`), `leeway`, `now`,
 * `maxTokenLength`.
 */
function verify(token, secret, options) {
  return JSON.parse(verifyText(token, secret, options));
}

/** Header and claims of a token, NOT verified: for diagnostics only, never a trust decision. */
function decodeUnverified(token, options) {
  const t = bytes(token, 'token');
  const o = encodeOptions(options);
  ready();
  const [header, claims] = take2(fn.oo_decode_unverified(t, t.length, o, OUT, OUT2, ERR));
  return { header: JSON.parse(header), claims: JSON.parse(claims) };
}

/**
 * Signs a request to Docs. `placement: 'body'` (when not given) returns the body JSON text with
 * `token` added, ready to send; `'header'` returns the bare token for `Authorization: Bearer <token>`.
 */
function signRequest(body, secret, options) {
  const b = jsonBytes(body, 'body');
  const s = bytes(secret, 'secret');
  const p = member(options, 'placement');
  // Not a placement the ABI knows: a value no OO_PLACEMENT_* has, for the core to refuse.
  const placement = p === undefined || p === null || p === 'body' ? C.OO_PLACEMENT_BODY
    : p === 'header' ? C.OO_PLACEMENT_HEADER : 0xffffffff;
  const o = encodeOptions(options);
  ready();
  return take(fn.oo_sign_request(b, b.length, s, s.length, placement, o, OUT, ERR));
}

/**
 * Verifies a request the way Docs does: `body` (JSON text, Buffer or parsed object; absent
 * allowed) and `authorization` (the header's value; absent allowed). Returns the trusted parameters.
 * Options: `prefix`, `algorithms`, `leeway`, `now`, `maxTokenLength`, `maxJsonLength`.
 */
function verifyRequest(body, authorization, secret, options) {
  const b = optJsonBytes(body, 'body');
  const a = optBytes(authorization, 'authorization');
  const s = bytes(secret, 'secret');
  const p = optBytes(member(options, 'prefix'), 'options.prefix');
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_verify_request(b, len(b), a, len(a), s, s.length, p, len(p), o, OUT, ERR)));
}

/** Signs an editor config (object or JSON text); returns the config object with `token` added. */
function signConfig(config, secret, options) {
  const c = jsonBytes(config, 'config');
  const s = bytes(secret, 'secret');
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_sign_config(c, c.length, s, s.length, o, OUT, ERR)));
}

/**
 * Signs the parameter object of a docEditor method (`'insertImage'`, `'setHistoryData'`,
 * `'setRequestedDocument'`, ...) with the browser (inbox) secret; returns the object with `token`
 * added, for `docEditor.insertImage(signed)` and the like.
 */
function signEditorMethod(method, params, secret, options) {
  const m = bytes(method, 'method');
  const p = jsonBytes(params, 'params');
  const s = bytes(secret, 'secret');
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_sign_editor_method(m, m.length, p, p.length, s, s.length, o, OUT, ERR)));
}

/**
 * Verifies a download request from Docs: its Authorization value and the absolute URL of the request
 * as Docs addressed it. The token's payload.url and `url` are compared as WHATWG URLs without the
 * fragment: whole, or only path and query with `{ pathAndQueryOnly: true }` (behind a reverse proxy).
 */
function verifyDownload(authorization, url, secret, options) {
  const a = optBytes(authorization, 'authorization');
  const u = bytes(url, 'url');
  const s = bytes(secret, 'secret');
  const p = optBytes(member(options, 'prefix'), 'options.prefix');
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_verify_download(a, len(a), u, u.length, s, s.length, p, len(p), o, OUT, ERR)));
}

/**
 * Reads an ONLYOFFICE Docs configuration: `localPath` (local.json), `options.defaultPath`
 * (default.json; absent: Docs' built-in defaults) and `options.env` (Docker variables such as
 * `{ JWT_SECRET: '…' }`; pass `process.env` explicitly if that is what you mean).
 */
function loadConfig(localPath, options) {
  const l = bytes(localPath, 'localPath');
  const d = optBytes(member(options, 'defaultPath'), 'options.defaultPath');
  const e = optJsonBytes(member(options, 'env'), 'options.env');
  ready();
  return JSON.parse(take(fn.oo_load_config(l, l.length, d, len(d), e, len(e), OUT, ERR)));
}

const DIRECTIONS = Object.freeze({ inbox: C.OO_DIRECTION_INBOX, outbox: C.OO_DIRECTION_OUTBOX });

/**
 * Verifies a request with the settings `loadConfig` returned (the object, or its JSON text):
 * `direction` `'inbox'` (requests to Docs) or `'outbox'` (callbacks from Docs) picks the secret and
 * prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters.
 * Options: `now`, `maxTokenLength`, `maxJsonLength`.
 */
function verifyRequestWithConfig(body, authorization, settings, direction, options) {
  const b = optJsonBytes(body, 'body');
  const a = optBytes(authorization, 'authorization');
  const st = jsonBytes(settings, 'settings');
  // Any other name reaches the core as a direction it refuses (invalid_argument).
  const d = Object.prototype.hasOwnProperty.call(DIRECTIONS, direction) ? DIRECTIONS[direction] : 0xffffffff;
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_verify_request_with_config(b, len(b), a, len(a), st, st.length, d, o, OUT, ERR)));
}

/**
 * Verifies a file download by Docs with the settings `loadConfig` returned (the object or its JSON
 * text): the outbox secret, prefix, clock tolerance and allow-list are the settings'. Options:
 * `pathAndQueryOnly`, `now`, `maxTokenLength`. A token is always required (`missing_token`), even
 * for a URL Docs downloads without one: ask `downloadTokenExpected` first.
 */
function verifyDownloadWithConfig(authorization, url, settings, options) {
  const a = optBytes(authorization, 'authorization');
  const u = bytes(url, 'url');
  const st = jsonBytes(settings, 'settings');
  const o = encodeOptions(options);
  ready();
  return JSON.parse(take(fn.oo_verify_download_with_config(a, len(a), u, u.length, st, st.length, o, OUT, ERR)));
}

/**
 * Whether Docs sends a token when it downloads `url`, with the settings `loadConfig` returned:
 * outbox tokens enabled and `url` not containing `token.outbox.urlExclusionRegex` (plain text).
 * Pass `url` exactly as given to Docs (`document.url`, …), not the request URL as received.
 */
function downloadTokenExpected(url, settings) {
  const u = bytes(url, 'url');
  const st = jsonBytes(settings, 'settings');
  const out = Buffer.alloc(1);
  ready();
  check(fn.oo_download_token_expected(u, u.length, st, st.length, out, ERR));
  return out[0] === 1;
}

/** The contract's name of a status number (`6` → `'bad_signature'`). */
function statusName(status) {
  return fn.oo_status_name(status);
}

/** The native library's version. */
function version() {
  return fn.oo_version();
}

module.exports = {
  sign, verify, decodeUnverified, signRequest, verifyRequest, signConfig, signEditorMethod, verifyDownload,
  loadConfig, verifyRequestWithConfig, verifyDownloadWithConfig, downloadTokenExpected, statusName, version,
  JwtError: native.JwtError, Alg, PLACEMENT_BODY: 'body', PLACEMENT_HEADER: 'header',
};
// The callback and download handlers (after the exports above, which they use).
Object.assign(module.exports, require('./handler'));
// Not part of the public API: the raw claims text (used by bin/xsign.js).
Object.defineProperty(module.exports, '_verifyText', { value: verifyText, enumerable: false });
