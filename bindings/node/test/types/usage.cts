// Type-checked by test/types.test.js (tsc --noEmit): the CommonJS view of index.d.ts.
import jwt = require('oo-jwt');

declare const Buffer: { from(s: string): Uint8Array };

const token: string = jwt.sign({ key: 'k' }, 'secret', { algorithm: 'HS256', expiresIn: 300, now: 1700000000 });
jwt.sign('{"key":"k"}', Buffer.from('secret'));
const claims: { [key: string]: unknown } = jwt.verify(token, 'secret', { algorithms: ['HS256'], leeway: 60 });
jwt.verify(token, 'secret', { algorithms: 'HS256,HS384', maxTokenLen: 1024 });
const d: jwt.Decoded = jwt.decodeUnverified(token);
const body: string = jwt.signRequest({ c: 'info' }, 'secret', { placement: 'header' });
const params = jwt.verifyRequest({ body, authorization: null }, 'secret', { prefix: 'Bearer ' });
const cfg = jwt.signConfig<{ document: { key: string; url: string } }>(
  { document: { key: 'k', url: 'u' } }, 'secret');
const t2: string = cfg.token;
const k: string = cfg.document.key;
const img = jwt.signEditorMethod<{ c: string; images: { fileType: string; url: string }[] }>(
  'insertImage', { c: 'add', images: [{ fileType: 'png', url: 'https://s/a.png' }] }, 'secret', { expiresIn: 300 });
const imgUrl: string = img.images[0].url + img.token;
const method: jwt.EditorMethod = 'setRevisedFile';
jwt.signEditorMethod(method, '{"fileType":"docx","url":"u"}', 'secret');
jwt.verifyDownload('Bearer x', 'https://s/f', 'secret', { prefix: 'Bearer ' });
const s: jwt.DocsSettings = jwt.loadConfig('/etc/onlyoffice/documentserver/local.json', { env: { JWT_SECRET: 'x' } });
const alg: 'HS256' | 'HS384' | 'HS512' = s.outbox.algorithm;
const n: string = jwt.statusName(6);
const v: string = jwt.version();
try {
  jwt.verify(token, 'x');
} catch (e) {
  if (e instanceof jwt.JwtError) {
    const code: jwt.ErrorCode = e.code;
    const status: number = e.status;
    const detail: string = e.detail;
    void [code, status, detail];
  }
}
// @ts-expect-error: a secret is text or bytes
jwt.sign({ a: 1 }, 42);
// @ts-expect-error: placement is 'body' or 'header'
jwt.signRequest({}, 's', { placement: 'cookie' });
// @ts-expect-error: verify needs a secret
jwt.verify(token);
void [claims, d, params, t2, k, alg, n, v, jwt.PLACEMENT_BODY, jwt.PLACEMENT_HEADER];
