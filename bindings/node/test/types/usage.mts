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
