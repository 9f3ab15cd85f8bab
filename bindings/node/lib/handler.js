'use strict';
// The integrator's side of Docs' callbacks and downloads: a typed callback parsed from the verified
// parameters, one framework-neutral call, the answer Docs expects, and thin adapters for Node's
// `http` and Express. Every token decision is the core's (verifyRequestWithConfig,
// verifyDownloadWithConfig); nothing here reads the unsigned body. The adapters use only Node's own
// request and response methods, so the package needs no framework.

const { JwtError } = require('./native');
const { verifyRequestWithConfig, verifyDownloadWithConfig, downloadTokenExpected } = require('./index');

/**
 * Docs' callback statuses. An unknown number stays a number on `Callback.status` (Docs may add some).
 * @example if (cb.status === CallbackStatus.READY_FOR_SAVING) await save(cb.key, cb.url);
 */
const CallbackStatus = Object.freeze({
  EDITING: 1, READY_FOR_SAVING: 2, SAVE_ERROR: 3, CLOSED_NO_CHANGES: 4, FORCE_SAVE: 6, FORCE_SAVE_ERROR: 7,
});

/** Why a force save (status 6 or 7) happened: `Callback.forcesavetype`. */
const ForceSaveType = Object.freeze({ COMMAND: 0, BUTTON: 1, TIMER: 2, FORM_SUBMISSION: 3 });

const FIELDS = ['url', 'changesurl', 'history', 'users', 'actions', 'forcesavetype', 'filetype', 'userdata'];

/**
 * A callback from Docs, from the verified parameters only: `key` and `status` always; `url`,
 * `changesurl`, `history`, `users`, `actions`, `forcesavetype`, `filetype`, `userdata` only when
 * Docs sent them; `params` holds every verified parameter.
 * @example new Callback({ key: 'k1', status: 2, url: 'https://docs/cache/out.docx' }).url
 */
class Callback {
  constructor(params) {
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      throw new JwtError('invalid_json', 2, 'the callback parameters are not an object');
    if (typeof params.key !== 'string') throw new JwtError('invalid_json', 2, 'the callback has no "key" string');
    if (!Number.isInteger(params.status))
      throw new JwtError('invalid_json', 2, 'the callback has no integer "status"');
    this.key = params.key;
    this.status = params.status;
    for (const f of FIELDS) if (params[f] !== undefined) this[f] = params[f];
    this.params = params;
  }
}

/**
 * Verifies a callback with the settings `loadConfig` returned (outbox secret, prefix, tolerance,
 * allow-list) and returns it as a `Callback`; throws `JwtError` otherwise. `body`: the raw body (text
 * or bytes) or a parsed object; `authorization`: the outbox header's value. Options as
 * `verifyRequestWithConfig`'s.
 * @example const cb = handleCallback(rawBody, req.headers.authorization, settings);
 */
function handleCallback(body, authorization, settings, options) {
  return new Callback(verifyRequestWithConfig(body, authorization, settings, 'outbox', options));
}

// HTTP status of a refusal; any other JwtError is the token's fault (403).
const REFUSAL_STATUS = {
  invalid_json: 400, invalid_argument: 400, too_large: 413, empty_secret: 500, invalid_config: 500, internal: 500,
};

/**
 * The answer Docs expects, as `{ status, body }`: nothing (success) → 200 `{"error":0}`; a `JwtError`
 * → `{"error":1}` with 403 (token), 400 (not JSON, no key/status), 413 (too large) or 500 (settings);
 * anything else (the integrator's own code failed) → 500 `{"error":1}`.
 * @example const { status, body } = callbackAnswer(error);
 */
function callbackAnswer(error) {
  if (error === undefined || error === null) return { status: 200, body: '{"error":0}' };
  return { status: error instanceof JwtError ? REFUSAL_STATUS[error.code] || 403 : 500, body: '{"error":1}' };
}

/**
 * Checks a download by Docs of the file at `url` (the absolute URL as Docs requested it): `null` when
 * Docs sends no token for it (outbox tokens off, or `urlExclusionRegex`), else the verified claims;
 * throws `JwtError` (e.g. `missing_token`, `url_mismatch`). Options as `verifyDownloadWithConfig`'s.
 * @example checkDownload(req.headers.authorization, 'http://storage/files/a.docx', settings)
 */
function checkDownload(authorization, url, settings, options) {
  if (!downloadTokenExpected(url, settings)) return null;
  return verifyDownloadWithConfig(authorization, url, settings, options);
}

/**
 * Reads a request body into a Buffer, refusing more than `limit` bytes (`too_large`). The rest of a
 * refused body is read and dropped, so the answer reaches the client before the connection ends.
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const refuse = () => {
      size = Infinity;
      chunks.length = 0;
      reject(new JwtError('too_large', 9, `the request body exceeds ${limit} bytes`));
    };
    if (Number(req.headers['content-length']) > limit) refuse();
    req.on('data', (chunk) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res, { status, body }, type) {
  res.statusCode = status;
  res.setHeader('Content-Type', type || 'application/json');
  res.end(body);
}

/** The request's value of header `name` (Node keys headers in lower case). */
const header = (req, name) => req.headers[name.toLowerCase()];

/** The body as an Express body parser left it, or read from the stream when none read it. */
function bodyOf(req, limit) {
  if (req.readableEnded) return Promise.resolve(req.body === undefined ? null : req.body);
  return readBody(req, limit);
}

const DEFAULT_LIMIT = 8 * 1024 * 1024;

/** The settings as text for the core (serialised once) and as an object for the header name. */
function settingsOf(settings) {
  const text = typeof settings === 'string' ? settings : JSON.stringify(settings);
  return { text, headerName: JSON.parse(text).outbox.header };
}

function callbackAdapter(settings, onCallback, options) {
  const { text, headerName } = settingsOf(settings);
  const limit = (options && options.maxBodyLength) || DEFAULT_LIMIT;
  const verifyOptions = options && options.verify;
  const onError = (options && options.onError) || (() => {});
  return async (req, res) => {
    let cb;
    try {
      const body = await bodyOf(req, limit);
      cb = handleCallback(body, header(req, headerName), text, verifyOptions);
    } catch (e) {
      onError(e, req);
      return send(res, callbackAnswer(e));
    }
    try {
      await onCallback(cb, req);
    } catch (e) {
      onError(e, req);
      // The integrator's failure is a 500 even when it is a JwtError of their own call.
      return send(res, callbackAnswer(new Error('onCallback failed')));
    }
    send(res, callbackAnswer());
  };
}

/**
 * A `(req, res)` listener for Node's `http` that verifies Docs' callback, calls `onCallback(callback,
 * req)` (awaited) and answers as Docs expects. Options: `maxBodyLength` (bytes, default 8 MiB),
 * `verify` (options of `handleCallback`), `onError(error, req)` (told of each refusal or failure,
 * e.g. to log it: a `JwtError`'s message never holds a token or a secret).
 * @example http.createServer(httpCallbackHandler(settings, async (cb) => save(cb)))
 */
function httpCallbackHandler(settings, onCallback, options) {
  return callbackAdapter(settings, onCallback, options);
}

/**
 * Express middleware `(req, res, next)` for Docs' callback: as `httpCallbackHandler`, with or without
 * a body parser before it (`express.json()`, `express.text()`, `express.raw()`), always answering.
 * @example app.post('/callback', expressCallbackHandler(settings, async (cb) => save(cb)));
 */
function expressCallbackHandler(settings, onCallback, options) {
  const handle = callbackAdapter(settings, onCallback, options);
  return (req, res, _next) => handle(req, res);
}

/** The absolute URL Docs requested: `options.baseUrl` (behind a proxy) or this server's Host. */
function requestUrl(req, options) {
  const base = (options && options.baseUrl) || `${req.socket && req.socket.encrypted ? 'https' : 'http'}://${req.headers.host}`;
  return base.replace(/\/+$/, '') + (req.originalUrl || req.url);
}

function downloadAdapter(settings, options, serve) {
  const { text, headerName } = settingsOf(settings);
  const verifyOptions = options && options.verify;
  return (req, res, next) => {
    let claims;
    try {
      claims = checkDownload(header(req, headerName), requestUrl(req, options), text, verifyOptions);
    } catch (e) {
      // Not served: 403, or 500 when the settings themselves are at fault.
      const status = callbackAnswer(e).status === 500 ? 500 : 403;
      return send(res, { status, body: 'refused\n' }, 'text/plain');
    }
    return serve(req, res, next, claims);
  };
}

/**
 * A `(req, res)` listener that checks Docs' download request and calls `serve(req, res, claims)`
 * (`claims` null when Docs sends no token for the URL), or answers 403 without serving. Options:
 * `baseUrl` (the public origin Docs uses, behind a reverse proxy), `verify` (`checkDownload`'s).
 * @example http.createServer(httpDownloadHandler(settings, (req, res) => fs.createReadStream(f).pipe(res)))
 */
function httpDownloadHandler(settings, serve, options) {
  return downloadAdapter(settings, options, (req, res, _next, claims) => serve(req, res, claims));
}

/**
 * Express middleware that lets the request through (`next()`) when Docs' download token checks,
 * and answers 403 otherwise. Options as `httpDownloadHandler`'s.
 * @example app.use('/files', expressDownloadHandler(settings), express.static(dir));
 */
function expressDownloadHandler(settings, options) {
  return downloadAdapter(settings, options, (req, res, next) => next());
}

module.exports = {
  CallbackStatus, ForceSaveType, Callback, handleCallback, callbackAnswer, checkDownload,
  httpCallbackHandler, expressCallbackHandler, httpDownloadHandler, expressDownloadHandler,
};
