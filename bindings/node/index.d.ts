// Type declarations of oo-jwt (CommonJS and ESM entry points alike).

/** Bytes: a string is passed as its UTF-8 bytes, a Buffer / Uint8Array as is. */
export type Bytes = string | Uint8Array;

/** JSON to sign: an object (serialised with JSON.stringify) or the exact JSON text. */
export type JsonInput = string | Uint8Array | { [key: string]: unknown };

export type Algorithm = 'HS256' | 'HS384' | 'HS512';

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

/** Unix time in seconds; absent: the real clock. */
interface ClockOptions {
  now?: number | bigint;
}

export interface SignOptions extends ClockOptions {
  /** Default `'HS256'`. Other names are refused by the core (`unsupported_alg`). */
  algorithm?: Algorithm | string;
  /** Seconds until `exp`; adds `iat` and `exp`. Absent: no claim is added. */
  expiresIn?: number | bigint;
  /** Longest JSON accepted in bytes; absent or 0: 64 MiB. */
  maxJsonLen?: number | bigint;
}

export interface VerifyOptions extends ClockOptions {
  /** Allow-list, e.g. `['HS256']` or `'HS256,HS384'`; absent: the three HMAC algorithms. */
  algorithms?: readonly (Algorithm | string)[] | string;
  /** Tolerance on `exp`/`nbf` in seconds; default 60. */
  leeway?: number | bigint;
  /** Longest token accepted in bytes; absent or 0: 32 MiB. */
  maxTokenLen?: number | bigint;
}

export interface DecodeOptions {
  maxTokenLen?: number | bigint;
}

export interface SignRequestOptions extends SignOptions {
  /** `'body'` (default): token inside the body; `'header'`: token for `Authorization: Bearer`. */
  placement?: 'body' | 'header';
}

export interface VerifyRequestOptions extends VerifyOptions {
  /** The exact prefix before the token in the header value; default `'Bearer '`. */
  prefix?: Bytes;
  maxJsonLen?: number | bigint;
}

export interface VerifyDownloadOptions extends VerifyOptions {
  /** Default `'Bearer '`. */
  prefix?: Bytes;
  /** What is compared of the two WHATWG URLs: `'full'` (default) or `'path_and_query'` (behind a proxy). */
  urlMatch?: 'full' | 'path_and_query';
}

export interface IncomingRequest {
  /** The request body: its JSON text, its bytes, or the parsed object; absent: no body. */
  body?: JsonInput | null;
  /** The value of the Authorization (or configured) header; absent: no header. */
  authorization?: Bytes | null;
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
    algorithm: Algorithm;
    expires_in: number;
    /** Docs sends no token to a URL containing this text; null: none. */
    url_exclusion: string | null;
  };
  browser: SecretSettings;
  clock_tolerance: number;
  /** The algorithms Docs accepts (`token.verifyOptions.algorithms`). */
  algorithms: Algorithm[];
  /** What an integrator should know (shipped default secret, settings Docs ignores). */
  warnings: string[];
}

export interface VerifyWithConfigOptions {
  now?: number;
  maxTokenLen?: number;
  maxJsonLen?: number;
}

export function sign(payload: JsonInput, secret: Bytes, options?: SignOptions): string;
export function verify(token: Bytes, secret: Bytes, options?: VerifyOptions): Claims;
/** For diagnostics only: never a trust decision. */
export function decodeUnverified(token: Bytes, options?: DecodeOptions): Decoded;
/** `'body'` placement: the body JSON text with `token` added; `'header'`: the bare token. */
export function signRequest(body: JsonInput, secret: Bytes, options?: SignRequestOptions): string;
export function verifyRequest(request: IncomingRequest, secret: Bytes, options?: VerifyRequestOptions): Claims;
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
  settings: DocsSettings | string,
  direction: 'inbox' | 'outbox',
  request: IncomingRequest,
  options?: VerifyWithConfigOptions
): Claims;
export interface VerifyDownloadWithConfigOptions {
  now?: number;
  maxTokenLen?: number;
  /** 'full' (default) or 'path_and_query' (behind a reverse proxy). */
  urlMatch?: 'full' | 'path_and_query';
}
/** Verifies a download with loaded settings (outbox secret, prefix, tolerance, allow-list); a token
 * is always required. */
export function verifyDownloadWithConfig(
  settings: DocsSettings | string,
  authorization: Bytes | null | undefined,
  url: Bytes,
  options?: VerifyDownloadWithConfigOptions
): Claims;
/** Whether Docs sends a token downloading `url` (as given to Docs), with loaded settings. */
export function downloadTokenExpected(settings: DocsSettings | string, url: Bytes): boolean;
/** The contract's name of a status number. */
export function statusName(status: number): ErrorCode | 'ok' | 'unknown';
export function version(): string;
export const PLACEMENT_BODY: 'body';
export const PLACEMENT_HEADER: 'header';
