'use strict';
// oo-jwt for Node.js: a thin wrapper over the C ABI of liboo_jwt (see include/oo_jwt.h).
// Every decision about a token is made by the Rust core; this file converts JavaScript values to
// bytes and options, calls the core, and turns its JSON results into objects.

const native = require('./native');

const { fn, text: wellFormed, bytes, optBytes, input, arg, MAIN, SECRET, callOut, callOut2, check, JwtError, CONSTANTS: C } = native;

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

const has = (v) => v !== undefined && v !== null;

/**
 * The `const OoOptions *` argument for `options`, or null when nothing is set (every default).
 * Names and ranges are passed through for the core to judge. It writes the module's one options
 * block, so every operation calls it last, right before the C call.
 */
function toOptions(o) {
  if (o === undefined || o === null) return null;
  if (typeof o !== 'object') throw new TypeError('oo-jwt: options must be an object');
  let flags = 0;
  let any = false;
  let algorithm;
  let algorithms;
  let now;
  let leeway;
  let expiresIn;
  let maxTokenLen;
  let maxJsonLen;
  if (has(o.algorithm)) {
    algorithm = typeof o.algorithm === 'string' ? wellFormed(o.algorithm, 'options.algorithm') : bytes(o.algorithm, 'options.algorithm');
    any = true;
  }
  if (has(o.algorithms)) {
    // An array is the comma-separated list of the ABI; a string is passed as it is.
    const list = Array.isArray(o.algorithms) ? o.algorithms.join(',') : o.algorithms;
    algorithms = typeof list === 'string' ? wellFormed(list, 'options.algorithms') : bytes(list, 'options.algorithms');
    any = true;
  }
  if (has(o.now)) { flags |= C.OO_OPT_NOW; now = o.now; any = true; }
  if (has(o.leeway)) { flags |= C.OO_OPT_LEEWAY; leeway = o.leeway; any = true; }
  if (has(o.expiresIn)) { flags |= C.OO_OPT_EXPIRES_IN; expiresIn = o.expiresIn; any = true; }
  if (has(o.maxTokenLen)) { maxTokenLen = o.maxTokenLen; any = true; }
  if (has(o.maxJsonLen)) { maxJsonLen = o.maxJsonLen; any = true; }
  if (has(o.urlMatch)) {
    if (o.urlMatch === 'path_and_query') flags |= C.OO_OPT_URL_PATH_QUERY;
    else if (o.urlMatch !== 'full') throw new TypeError("oo-jwt: options.urlMatch is 'full' or 'path_and_query'");
    any = true;
  }
  if (!any) return null;
  return native.encodeOptions(flags, algorithm, algorithms, now, leeway, expiresIn, maxTokenLen, maxJsonLen);
}

function placementOf(p) {
  if (p === undefined || p === null || p === 'body') return C.OO_PLACEMENT_BODY;
  if (p === 'header') return C.OO_PLACEMENT_HEADER;
  // Not a placement the ABI knows: a value no OO_PLACEMENT_* has, for the core to refuse
  // (invalid_argument, with its message).
  return 0xffffffff;
}

/** Signs a payload (an object, or the exact JSON text as a string or Buffer); returns the token. */
function sign(payload, secret, options) {
  // Everything that can run the caller's code (toJSON, getters, proxies), which may call oo-jwt in
  // turn, comes before the shared native regions are written: see arg() and toOptions().
  const p = input(jsonText(payload, 'payload'), 'payload');
  const s = input(secret, 'secret');
  const o = toOptions(options);
  const pArg = arg(MAIN, p, 'payload');
  const sArg = arg(SECRET, s, 'secret');
  return callOut((out) => fn.oo_sign(pArg, MAIN.len, sArg, SECRET.len, o, out));
}

/** The raw claims JSON text of a verified token. */
function verifyText(token, secret, options) {
  const t = input(token, 'token');
  const s = input(secret, 'secret');
  const o = toOptions(options);
  const tArg = arg(MAIN, t, 'token');
  const sArg = arg(SECRET, s, 'secret');
  return callOut((out) => fn.oo_verify(tArg, MAIN.len, sArg, SECRET.len, o, out));
}

/** Verifies a token; returns its claims. */
function verify(token, secret, options) {
  return JSON.parse(verifyText(token, secret, options));
}

/** Header and claims of a token, NOT verified: for diagnostics only, never a trust decision. */
function decodeUnverified(token, options) {
  const t = bytes(token, 'token');
  const o = toOptions(options);
  const [header, claims] = callOut2((a, b) => fn.oo_decode_unverified(t, t.length, o, a, b));
  return { header: JSON.parse(header), claims: JSON.parse(claims) };
}

/**
 * Signs a request to Docs. `placement: 'body'` (default) returns the body JSON text with `token`
 * added, ready to send; `'header'` returns the bare token for `Authorization: Bearer <token>`.
 */
function signRequest(body, secret, options) {
  const b = jsonBytes(body, 'body');
  const s = bytes(secret, 'secret');
  const placement = placementOf(options && options.placement);
  const o = toOptions(options);
  return callOut((out) => fn.oo_sign_request(b, b.length, s, s.length, placement, o, out));
}

/**
 * Verifies a request the way Docs does: `request.body` (JSON text, Buffer or parsed object; absent
 * allowed) and `request.authorization` (the header's value; absent allowed). Returns the trusted
 * parameters.
 */
function verifyRequest(request, secret, options) {
  if (request !== undefined && request !== null && typeof request !== 'object')
    throw new TypeError('oo-jwt: verifyRequest takes { body, authorization } as its first argument');
  const r = request || {};
  const s = bytes(secret, 'secret');
  const b = optJsonBytes(r.body, 'request.body');
  const a = optBytes(r.authorization, 'request.authorization');
  const p = optBytes(options && options.prefix, 'options.prefix');
  const o = toOptions(options);
  const text = callOut((out) =>
    fn.oo_verify_request(s, s.length, b, b ? b.length : 0, a, a ? a.length : 0, p, p ? p.length : 0, o, out)
  );
  return JSON.parse(text);
}

/** Signs an editor config (object or JSON text); returns the config object with `token` added. */
function signConfig(config, secret, options) {
  const c = jsonBytes(config, 'config');
  const s = bytes(secret, 'secret');
  const o = toOptions(options);
  return JSON.parse(callOut((out) => fn.oo_sign_config(c, c.length, s, s.length, o, out)));
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
  const o = toOptions(options);
  return JSON.parse(callOut((out) => fn.oo_sign_editor_method(m, m.length, p, p.length, s, s.length, o, out)));
}

/**
 * Verifies a download request from Docs: its Authorization value and the absolute URL of the request
 * as Docs addressed it. The token's payload.url and `url` are compared as WHATWG URLs without the
 * fragment: whole, or only path and query with `{urlMatch: 'path_and_query'}` (behind a reverse proxy).
 */
function verifyDownload(authorization, url, secret, options) {
  const a = optBytes(authorization, 'authorization');
  const u = bytes(url, 'url');
  const s = bytes(secret, 'secret');
  const p = optBytes(options && options.prefix, 'options.prefix');
  const o = toOptions(options);
  const text = callOut((out) =>
    fn.oo_verify_download(a, a ? a.length : 0, u, u.length, s, s.length, p, p ? p.length : 0, o, out)
  );
  return JSON.parse(text);
}

/**
 * Reads an ONLYOFFICE Docs configuration: `localPath` (local.json), `options.defaultPath`
 * (default.json; absent: Docs' built-in defaults) and `options.env` (Docker variables such as
 * `{ JWT_SECRET: '…' }`; pass `process.env` explicitly if that is what you mean).
 */
function loadConfig(localPath, options) {
  const o = options || {};
  const l = bytes(localPath, 'localPath');
  const d = optBytes(o.defaultPath, 'options.defaultPath');
  const e = optJsonBytes(o.env, 'options.env');
  const text = callOut((out) =>
    fn.oo_load_config(l, l.length, d, d ? d.length : 0, e, e ? e.length : 0, out)
  );
  return JSON.parse(text);
}

const DIRECTIONS = Object.freeze({ inbox: 0, outbox: 1 });

/**
 * Verifies a request with the settings `loadConfig` returned (the object, or its JSON text):
 * `direction` `'inbox'` (requests to Docs) or `'outbox'` (callbacks from Docs) picks the secret and
 * prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters.
 */
function verifyRequestWithConfig(settings, direction, request, options) {
  if (request !== undefined && request !== null && typeof request !== 'object')
    throw new TypeError('oo-jwt: verifyRequestWithConfig takes { body, authorization } as its third argument');
  const r = request || {};
  const st = jsonBytes(settings, 'settings');
  // Any other name reaches the core as a direction it refuses (invalid_argument).
  const d = Object.prototype.hasOwnProperty.call(DIRECTIONS, direction) ? DIRECTIONS[direction] : 0xffffffff;
  const b = optJsonBytes(r.body, 'request.body');
  const a = optBytes(r.authorization, 'request.authorization');
  const o = toOptions(options);
  const text = callOut((out) =>
    fn.oo_verify_request_with_config(b, b ? b.length : 0, a, a ? a.length : 0, st, st.length, d, o, out)
  );
  return JSON.parse(text);
}

/**
 * Verifies a file download by Docs with the settings `loadConfig` returned (the object or its JSON
 * text): the outbox secret, prefix, clock tolerance and allow-list are the settings'. From `options`
 * only `now`, `maxTokenLen` and `urlMatch` are read. A token is always required (`missing_token`),
 * even for a URL Docs downloads without one: ask `downloadTokenExpected` first.
 */
function verifyDownloadWithConfig(settings, authorization, url, options) {
  const st = jsonBytes(settings, 'settings');
  const a = optBytes(authorization, 'authorization');
  const u = bytes(url, 'url');
  const o = options || {};
  const opts = toOptions({ now: o.now, maxTokenLen: o.maxTokenLen, urlMatch: o.urlMatch });
  const text = callOut((out) =>
    fn.oo_verify_download_with_config(a, a ? a.length : 0, u, u.length, st, st.length, opts, out)
  );
  return JSON.parse(text);
}

/**
 * Whether Docs sends a token when it downloads `url`, with the settings `loadConfig` returned:
 * outbox tokens enabled and `url` not containing `token.outbox.urlExclusionRegex` (plain text).
 * Pass `url` exactly as given to Docs (`document.url`, …), not the request URL as received.
 */
function downloadTokenExpected(settings, url) {
  const st = jsonBytes(settings, 'settings');
  const u = bytes(url, 'url');
  const out = Buffer.alloc(1);
  check(fn.oo_download_token_expected(u, u.length, st, st.length, out));
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
  sign,
  verify,
  decodeUnverified,
  signRequest,
  verifyRequest,
  signConfig,
  signEditorMethod,
  verifyDownload,
  loadConfig,
  verifyRequestWithConfig,
  verifyDownloadWithConfig,
  downloadTokenExpected,
  statusName,
  version,
  JwtError,
  PLACEMENT_BODY: 'body',
  PLACEMENT_HEADER: 'header',
};
// Not part of the public API: the raw claims text (used by bin/xsign.js).
Object.defineProperty(module.exports, '_verifyText', { value: verifyText, enumerable: false });
