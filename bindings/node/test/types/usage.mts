// Type-checked by test/types.test.js (tsc --noEmit): the ES module view (index.d.mts).
import jwtDefault, { sign, verify, JwtError, Alg, type ErrorCode, type VerifyOptions } from 'oo-jwt';

const opts: VerifyOptions = { algorithms: [Alg.HS512], now: 1700000000n };
const token: string = sign({ a: 1 }, 'secret');
const claims = verify(token, 'secret', opts);
const same: string = jwtDefault.sign({ a: 1 }, 'secret');
const e = new JwtError('bad_signature', 6, 'the HS256 signature does not match');
const code: ErrorCode = e.code;
// @ts-expect-error: not a contract error name
const wrong: ErrorCode = 'nope';
void [claims, same, code, wrong];

// The handlers through the ESM entry.
import { handleCallback, callbackAnswer, CallbackStatus, httpCallbackHandler, expressDownloadHandler,
  type Callback as Cb } from 'oo-jwt';
const settingsText = '{}';
const cb2: Cb = handleCallback(null, 'Bearer x', settingsText);
const saved: boolean = cb2.status === CallbackStatus.READY_FOR_SAVING;
const listener = httpCallbackHandler(settingsText, async (c) => { void c.url; });
const mw = expressDownloadHandler(settingsText);
void [saved, listener, mw, callbackAnswer(null).body];
