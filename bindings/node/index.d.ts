// Type declarations of oo-jwt (CommonJS and ESM entry points alike).

/** Bytes: a string is passed as its UTF-8 bytes, a Buffer / Uint8Array as is. */
export type Bytes = string | Uint8Array;

/** JSON to sign: an object (serialised with JSON.stringify) or the exact JSON text. */
export type JsonInput = string | Uint8Array | { [key: string]: unknown };

/** The algorithms as the header's OoAlg bits (checked against include/oo_jwt.h by test/header.test.js). */
export declare const Alg: { readonly HS256: 1; readonly HS384: 2; readonly HS512: 4 };
export type Alg = (typeof Alg)[keyof typeof Alg];

/** An algorithm's name, as the settings of `loadConfig` and a token's header spell it. */
export type AlgorithmName = 'HS256' | 'HS384' | 'HS512';

/** An integer option: absent, `undefined` or `null` is "not given" (the core's default applies). */
type Int = number | bigint | null;

/** The contract's error names. */
export type ErrorCode =
  | 'invalid_argument'
  | 'invalid_json'
  | 'empty_secret'
  | 'malformed'
  | 'unsupported_alg'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'too_large'
  | 'missing_token'
  | 'invalid_config'
  | 'url_mismatch'
  | 'internal';

/** Every failure of the core: `code` is the contract's name, `status` its number. */
export class JwtError extends Error {
  readonly name: 'JwtError';
  /** The contract's name, e.g. `'bad_signature'`. */
  readonly code: ErrorCode;
  /** The contract's number, e.g. `6`. */
  readonly status: number;
  /** The core's message, without the name. */
  readonly detail: string;
  constructor(code: ErrorCode, status: number, detail: string);
}

/** Unix time in seconds; not given: the real clock. */
interface ClockOptions {
  now?: Int;
}

export interface SignOptions extends ClockOptions {
  /** An `Alg`; not given: the core's default. Zero, several or unknown bits: `unsupported_alg`. */
  algorithm?: Alg | null;
  /** Seconds until `exp`; adds `iat` and `exp`. Not given: the operation's default (the core's). */
  expiresIn?: Int;
  /** Longest JSON accepted in bytes; not given or 0: the core's limit. */
  maxJsonLength?: Int;
}

export interface VerifyOptions extends ClockOptions {
  /** Allow-list, e.g. `[Alg.HS256]` or a `Set` of `Alg`; not given: the core's default (the three). */
  algorithms?: Iterable<Alg> | null;
  /** Tolerance on `exp`/`nbf` in seconds; not given: the core's default. */
  leeway?: Int;
  /** Longest token accepted in bytes; not given or 0: the core's limit. */
  maxTokenLength?: Int;
}

export interface DecodeOptions {
  maxTokenLength?: Int;
}

export interface SignRequestOptions extends SignOptions {
  /** `'body'` (when not given): token inside the body; `'header'`: token for `Authorization: Bearer`. */
  placement?: 'body' | 'header' | null;
}

export interface VerifyRequestOptions extends VerifyOptions {
  /** The exact prefix before the token in the header value; not given: the core's default. */
  prefix?: Bytes | null;
  maxJsonLength?: Int;
}

export interface VerifyDownloadOptions extends VerifyOptions {
  /** Not given: the core's default. */
  prefix?: Bytes | null;
  /** Compare only path and query of the two WHATWG URLs (behind a reverse proxy); else the whole URL. */
  pathAndQueryOnly?: boolean | null;
}

export interface LoadConfigOptions {
  /** Path of Docs' default.json; absent: Docs' built-in defaults. */
  defaultPath?: Bytes | null;
  /** Docker variables (`JWT_ENABLED`, `JWT_SECRET`, `JWT_HEADER`, `JWT_IN_BODY`), applied as the
   * image's entrypoint applies them; absent: not Docker; never read implicitly. */
  env?: { [name: string]: string | undefined } | string | null;
}

export type Claims = { [key: string]: unknown };

export interface Decoded {
  header: { [key: string]: unknown };
  claims: Claims;
}

export interface SecretSettings {
  enabled: boolean;
  /** null when the secret's bytes are not UTF-8. */
  secret: string | null;
  secret_hex: string;
  /** A short HMAC fingerprint of the secret (never the secret); null when empty. */
  fingerprint: string | null;
}

export interface DocsSettings {
  inbox: SecretSettings & { header: string; prefix: string };
  outbox: SecretSettings & {
    header: string;
    prefix: string;
    algorithm: AlgorithmName;
    expires_in: number;
    /** Docs sends no token to a URL containing this text; null: none. */
    url_exclusion: string | null;
  };
  browser: SecretSettings;
  clock_tolerance: number;
  /** The algorithms Docs accepts (`token.verifyOptions.algorithms`). */
  algorithms: AlgorithmName[];
  /** What an integrator should know (shipped default secret, settings Docs ignores). */
  warnings: string[];
}

export interface VerifyWithConfigOptions extends ClockOptions {
  maxTokenLength?: Int;
  maxJsonLength?: Int;
}

export function sign(payload: JsonInput, secret: Bytes, options?: SignOptions): string;
export function verify(token: Bytes, secret: Bytes, options?: VerifyOptions): Claims;
/** For diagnostics only: never a trust decision. */
export function decodeUnverified(token: Bytes, options?: DecodeOptions): Decoded;
/** `'body'` placement: the body JSON text with `token` added; `'header'`: the bare token. */
export function signRequest(body: JsonInput, secret: Bytes, options?: SignRequestOptions): string;
/** `body`: its JSON text, its bytes or the parsed object; `authorization`: the header's value; either may be absent. */
export function verifyRequest(
  body: JsonInput | null | undefined,
  authorization: Bytes | null | undefined,
  secret: Bytes,
  options?: VerifyRequestOptions
): Claims;
export function signConfig<T extends object = { [key: string]: unknown }>(
  config: JsonInput,
  secret: Bytes,
  options?: SignOptions
): T & { token: string };
/** The docEditor methods whose parameter object carries a `token`. */
export type EditorMethod =
  | 'insertImage'
  | 'setHistoryData'
  | 'setMailMergeRecipients'
  | 'setReferenceData'
  | 'setReferenceSource'
  | 'setRequestedDocument'
  | 'setRequestedSpreadsheet'
  | 'setRevisedFile';
/**
 * The method's parameter object with `token` added (browser secret), for `docEditor.insertImage(signed)`
 * and the like; `invalid_config` names the method and a member Docs reads from the token that is missing.
 */
export function signEditorMethod<T extends object = { [key: string]: unknown }>(
  method: EditorMethod,
  params: JsonInput,
  secret: Bytes,
  options?: SignOptions
): T & { token: string };
export function verifyDownload(
  authorization: Bytes | null | undefined,
  url: Bytes,
  secret: Bytes,
  options?: VerifyDownloadOptions
): Claims;
export function loadConfig(localPath: Bytes, options?: LoadConfigOptions): DocsSettings;
/** Verifies a request with loaded settings: the direction picks the secret and prefix. */
export function verifyRequestWithConfig(
  body: JsonInput | null | undefined,
  authorization: Bytes | null | undefined,
  settings: DocsSettings | string,
  direction: 'inbox' | 'outbox',
  options?: VerifyWithConfigOptions
): Claims;
export interface VerifyDownloadWithConfigOptions extends ClockOptions {
  maxTokenLength?: Int;
  /** Compare only path and query of the two URLs (behind a reverse proxy). */
  pathAndQueryOnly?: boolean | null;
}
/** Verifies a download with loaded settings (outbox secret, prefix, tolerance, allow-list); a token
 * is always required. */
export function verifyDownloadWithConfig(
  authorization: Bytes | null | undefined,
  url: Bytes,
  settings: DocsSettings | string,
  options?: VerifyDownloadWithConfigOptions
): Claims;
/** Whether Docs sends a token downloading `url` (as given to Docs), with loaded settings. */
export function downloadTokenExpected(url: Bytes, settings: DocsSettings | string): boolean;
/** The contract's name of a status number. */
export function statusName(status: number): ErrorCode | 'ok' | 'unknown';
export function version(): string;
export const PLACEMENT_BODY: 'body';
export const PLACEMENT_HEADER: 'header';

// ---- Callback and download handlers ----

/** Docs' callback statuses; `Callback.status` keeps any other number (Docs may add statuses). */
export declare const CallbackStatus: {
  /** The document is being edited. */
  readonly EDITING: 1;
  /** Closed after editing: `url` holds the result to save. */
  readonly READY_FOR_SAVING: 2;
  readonly SAVE_ERROR: 3;
  /** Closed with no changes. */
  readonly CLOSED_NO_CHANGES: 4;
  /** Force save: `url` holds the document's current state. */
  readonly FORCE_SAVE: 6;
  readonly FORCE_SAVE_ERROR: 7;
};
export type CallbackStatus = (typeof CallbackStatus)[keyof typeof CallbackStatus];

/** Why a force save happened (`Callback.forcesavetype`). */
export declare const ForceSaveType: {
  readonly COMMAND: 0;
  readonly BUTTON: 1;
  readonly TIMER: 2;
  readonly FORM_SUBMISSION: 3;
};
export type ForceSaveType = (typeof ForceSaveType)[keyof typeof ForceSaveType];

export interface CallbackHistory {
  serverVersion?: string;
  changes?: { [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface CallbackAction {
  /** 0 disconnected, 1 connected, 2 clicked force save. */
  type: number;
  userid: string;
  [key: string]: unknown;
}

/**
 * A callback from Docs, from the verified parameters only. The optional members are absent (not
 * null) when Docs did not send them; `params` holds every verified parameter.
 */
export class Callback {
  /** Throws `JwtError` `invalid_json` without a string `key` and an integer `status`. */
  constructor(params: Claims);
  key: string;
  /** A `CallbackStatus`, or a number Docs added later. */
  status: CallbackStatus | (number & {});
  url?: string;
  changesurl?: string;
  history?: CallbackHistory;
  users?: string[];
  actions?: CallbackAction[];
  forcesavetype?: ForceSaveType | (number & {});
  filetype?: string;
  userdata?: string;
  params: Claims;
}

/**
 * Verifies a callback with loaded settings (outbox secret, prefix, tolerance, allow-list) and
 * returns it; throws `JwtError` (a token error, `invalid_json` for a body that is not JSON or a
 * callback without key/status).
 */
export function handleCallback(
  body: JsonInput | null | undefined,
  authorization: Bytes | null | undefined,
  settings: DocsSettings | string,
  options?: VerifyWithConfigOptions
): Callback;

/** The HTTP answer Docs expects. */
export interface CallbackAnswer {
  /** 200; 403 token; 400 not JSON or no key/status; 413 too large; 500 settings or the integrator's code. */
  status: 200 | 400 | 403 | 413 | 500;
  body: '{"error":0}' | '{"error":1}';
}
/** No error: success; a `JwtError`: the refusal's status; anything else: the integrator's failure (500). */
export function callbackAnswer(error?: unknown): CallbackAnswer;

/** `null` when Docs sends no token for `url`, else the verified claims; throws `JwtError`. */
export function checkDownload(
  authorization: Bytes | null | undefined,
  url: Bytes,
  settings: DocsSettings | string,
  options?: VerifyDownloadWithConfigOptions
): Claims | null;

/** What the adapters use of a request: Node's `http.IncomingMessage` or an Express `Request`. */
export interface RequestLike {
  headers: { [name: string]: string | string[] | undefined };
  url?: string;
  /** Express: the URL before mounting; used by the download adapters. */
  originalUrl?: string;
  /** A body parser's result, when one ran. */
  body?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** What the adapters use of a response: Node's `http.ServerResponse` or an Express `Response`. */
export interface ResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

export interface CallbackHandlerOptions {
  /** Longest body read, in bytes (default 8 MiB); longer: 413. */
  maxBodyLength?: number;
  /** Options of `handleCallback`. */
  verify?: VerifyWithConfigOptions;
  /** Told of each refusal (a `JwtError`) or `onCallback` failure, e.g. to log it; the answer is unchanged. */
  onError?: (error: unknown, req: any) => void;
}

export interface DownloadHandlerOptions {
  /** The public origin Docs downloads from (behind a reverse proxy); default: this server's Host. */
  baseUrl?: string;
  /** Options of `checkDownload`. */
  verify?: VerifyDownloadWithConfigOptions;
}

/** Docs' callback in Node's `http`: verifies, awaits `onCallback`, answers as Docs expects. */
export function httpCallbackHandler<Req extends RequestLike = RequestLike>(
  settings: DocsSettings | string,
  onCallback: (callback: Callback, req: Req) => unknown,
  options?: CallbackHandlerOptions
): (req: Req, res: ResponseLike) => Promise<void>;

/** Docs' callback as Express middleware, with or without a body parser before it. */
export function expressCallbackHandler<Req extends RequestLike = RequestLike>(
  settings: DocsSettings | string,
  onCallback: (callback: Callback, req: Req) => unknown,
  options?: CallbackHandlerOptions
): (req: Req, res: ResponseLike, next: (err?: unknown) => void) => Promise<void>;

/** Checks Docs' download, then `serve(req, res, claims)`; 403 without serving when it fails. */
export function httpDownloadHandler<Req extends RequestLike = RequestLike, Res extends ResponseLike = ResponseLike>(
  settings: DocsSettings | string,
  serve: (req: Req, res: Res, claims: Claims | null) => unknown,
  options?: DownloadHandlerOptions
): (req: Req, res: Res) => void;

/** Express middleware: `next()` when Docs' download checks, 403 otherwise. */
export function expressDownloadHandler(
  settings: DocsSettings | string,
  options?: DownloadHandlerOptions
): (req: RequestLike, res: ResponseLike, next: (err?: unknown) => void) => void;
