// The ES module entry point: named and default exports, the same instance as the CommonJS one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import jwtDefault, { sign, verify, decodeUnverified, signRequest, verifyRequest, signConfig, verifyDownload,
  loadConfig, statusName, version, JwtError, Alg } from 'oo-jwt';

const require = createRequire(import.meta.url);

test('ESM: every operation is a named export, and the default export is the CommonJS module', () => {
  const cjs = require('oo-jwt');
  assert.equal(jwtDefault, cjs);
  const named = { sign, verify, decodeUnverified, signRequest, verifyRequest, signConfig, verifyDownload,
    loadConfig, statusName, version, JwtError };
  for (const [name, f] of Object.entries(named)) {
    assert.equal(typeof f, 'function', name);
    assert.equal(f, cjs[name], name);
  }
  assert.equal(Alg, cjs.Alg);
});

test('ESM: sign, verify and JwtError work through the ESM entry', () => {
  const t = sign({ esm: true }, 'k', { algorithm: Alg.HS384 });
  assert.deepEqual(verify(t, 'k', { algorithms: [Alg.HS384] }), { esm: true });
  assert.throws(() => verify(t, 'x'), (e) => e instanceof JwtError && e.code === 'bad_signature' && e.status === 6);
});

test('ESM: the callback and download handlers are named exports too', async () => {
  const esm = await import('oo-jwt');
  const cjs = require('oo-jwt');
  for (const name of ['CallbackStatus', 'ForceSaveType', 'Callback', 'handleCallback', 'callbackAnswer', 'checkDownload',
    'httpCallbackHandler', 'expressCallbackHandler', 'httpDownloadHandler', 'expressDownloadHandler']) {
    assert.ok(esm[name] !== undefined, name);
    assert.equal(esm[name], cjs[name], name);
  }
  // Every CommonJS export is a named ESM export.
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), Object.keys(cjs).sort());
});
