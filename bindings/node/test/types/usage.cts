// Type-checked by test/types.test.js (tsc --noEmit): the CommonJS view of index.d.ts.
import jwt = require('oo-jwt');

declare const Buffer: { from(s: string): Uint8Array };

const token: string = jwt.sign({ key: 'k' }, 'secret', { algorithm: jwt.Alg.HS256, expiresIn: 300, now: 1700000000 });
jwt.sign('{"key":"k"}', Buffer.from('secret'), { algorithm: null, maxJsonLength: 1n << 20n });
const claims: { [key: string]: unknown } = jwt.verify(token, 'secret', { algorithms: [jwt.Alg.HS256], leeway: 60 });
jwt.verify(token, 'secret', { algorithms: new Set([jwt.Alg.HS256, jwt.Alg.HS384]), maxTokenLength: 1024 });
const bit: jwt.Alg = jwt.Alg.HS512;
const d: jwt.Decoded = jwt.decodeUnverified(token);
const body: string = jwt.signRequest({ c: 'info' }, 'secret', { placement: 'header' });
const params = jwt.verifyRequest(body, null, 'secret', { prefix: 'Token ', algorithms: [jwt.Alg.HS256] });
jwt.verifyRequest(undefined, 'Bearer x', 'secret');
const cfg = jwt.signConfig<{ document: { key: string; url: string } }>(
  { document: { key: 'k', url: 'u' } }, 'secret');
const t2: string = cfg.token;
const k: string = cfg.document.key;
const img = jwt.signEditorMethod<{ c: string; images: { fileType: string; url: string }[] }>(
  'insertImage', { c: 'add', images: [{ fileType: 'png', url: 'https://s/a.png' }] }, 'secret', { expiresIn: 300 });
const imgUrl: string = img.images[0].url + img.token;
const method: jwt.EditorMethod = 'setRevisedFile';
jwt.signEditorMethod(method, '{"fileType":"docx","url":"u"}', 'secret');
jwt.verifyDownload('Bearer x', 'https://s/f', 'secret', { prefix: 'Token ', pathAndQueryOnly: true });
const s: jwt.DocsSettings = jwt.loadConfig('/etc/onlyoffice/documentserver/local.json', { env: { JWT_SECRET: 'x' } });
const alg: jwt.AlgorithmName = s.outbox.algorithm;
jwt.verifyRequestWithConfig('{"token":"x"}', null, s, 'outbox', { now: 1700000000 });
jwt.verifyDownloadWithConfig('Bearer x', 'https://s/f', s, { pathAndQueryOnly: true, maxTokenLength: 4096 });
const expected: boolean = jwt.downloadTokenExpected('https://s/f', s);
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
// @ts-expect-error: an algorithm is an Alg bit, not a name
jwt.sign({ a: 1 }, 's', { algorithm: 'HS256' });
// @ts-expect-error: an allow-list holds Alg bits
jwt.verify(token, 's', { algorithms: ['HS256'] });
void [claims, d, params, t2, k, alg, n, v, bit, expected, jwt.PLACEMENT_BODY, jwt.PLACEMENT_HEADER];

// The callback and download handlers (no @types/node here: the declarations need none).
const cb: jwt.Callback = jwt.handleCallback('{"token":"x"}', 'Bearer x', s, { now: 1700000000 });
const st: jwt.CallbackStatus | number = cb.status;
if (cb.status === jwt.CallbackStatus.FORCE_SAVE && cb.forcesavetype === jwt.ForceSaveType.BUTTON) {
  const u: string | undefined = cb.url;
  const changes = cb.history?.changes?.length;
  void [u, changes, cb.users?.[0], cb.actions?.[0].userid, cb.params.lastsave, cb.changesurl, cb.filetype, cb.userdata];
}
const a: jwt.CallbackAnswer = jwt.callbackAnswer(new Error('save failed'));
const ok: 200 | 400 | 403 | 413 | 500 = jwt.callbackAnswer().status;
const dl: jwt.Claims | null = jwt.checkDownload('Bearer x', 'https://s/f', JSON.stringify(s), { pathAndQueryOnly: true });
const direct = new jwt.Callback({ key: 'k', status: 2 });
// @ts-expect-error: a callback status is a number
const badStatus: jwt.CallbackStatus = 'READY_FOR_SAVING';
void [st, a, ok, dl, direct, badStatus];
