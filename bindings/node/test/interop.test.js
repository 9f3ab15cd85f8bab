'use strict';
// Interoperability with npm `jsonwebtoken`, the library ONLYOFFICE Docs itself signs and verifies
// with: its tokens verify here, ours verify there, and the same input gives the same bytes.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const jsonwebtoken = require('jsonwebtoken');
const jwt = require('..');

const SECRET = 'interop-secret-4Fq9Lx2Vb7Nz';
const KEY = crypto.createSecretKey(Buffer.from(SECRET));
const NOW = Math.floor(Date.now() / 1000);
// Tokens verified with a real clock expire ten years on: no slow machine reaches that.
const TEN_YEARS = 10 * 365 * 86400;
const ALGS = ['HS256', 'HS384', 'HS512'];

const CALLBACK = {
  key: 'Khirz6zTPdfd7',
  status: 2,
  url: 'https://documentserver/cache/files/data/Khirz6zTPdfd7_5932/output.docx/output.docx?md5=abc&expires=1700003600&filename=output.docx',
  changesurl: 'https://documentserver/cache/files/data/Khirz6zTPdfd7_5932/changes.zip/changes.zip',
  history: { serverVersion: '8.2.0', changes: [{ created: '2024-05-01 10:00:00', user: { id: '78e1e841', name: 'Смирнов "Ива\\н"\n' } }] },
  users: ['78e1e841'],
  actions: [{ type: 0, userid: '78e1e841' }],
  lastsave: '2024-05-01T10:00:00.000Z',
  notmodified: false,
  filetype: 'docx',
  ratio: 0.25,
  escapes: '\u0001\u001f\u2028<>&\'/',
};

for (const alg of ALGS) {
  test(`jsonwebtoken signs (${alg}, with iat/exp), oo-jwt verifies`, () => {
    const token = jsonwebtoken.sign(CALLBACK, SECRET, { algorithm: alg, expiresIn: TEN_YEARS });
    const claims = jwt.verify(token, SECRET, { algorithms: [jwt.Alg[alg]] });
    assert.deepEqual(claims, jsonwebtoken.verify(token, SECRET, { algorithms: [alg] }));
    assert.equal(claims.exp - claims.iat, TEN_YEARS);
  });

  test(`oo-jwt signs (${alg}, with iat/exp), jsonwebtoken verifies`, () => {
    // iat is the clock's second during the call: bracketed by readings taken around it, not
    // compared with a time taken earlier (however long the machine takes to get here).
    const before = Math.floor(Date.now() / 1000);
    const token = jwt.sign(CALLBACK, SECRET, { algorithm: jwt.Alg[alg], expiresIn: TEN_YEARS });
    const after = Math.floor(Date.now() / 1000);
    const claims = jsonwebtoken.verify(token, KEY, { algorithms: [alg] });
    assert.deepEqual(claims, { ...CALLBACK, iat: claims.iat, exp: claims.iat + TEN_YEARS });
    assert.ok(before <= claims.iat && claims.iat <= after, `iat ${claims.iat} outside [${before}, ${after}]`);
  });

  test(`same input, same bytes as jsonwebtoken (${alg})`, () => {
    // noTimestamp: jsonwebtoken adds no iat; with a fixed iat both add exp the same way.
    assert.equal(
      jwt.sign(CALLBACK, SECRET, { algorithm: jwt.Alg[alg] }),
      jsonwebtoken.sign(CALLBACK, SECRET, { algorithm: alg, noTimestamp: true })
    );
    const withIat = { ...CALLBACK, iat: 1700000000 };
    assert.equal(
      jwt.sign(withIat, SECRET, { algorithm: jwt.Alg[alg], expiresIn: 3600 }),
      jsonwebtoken.sign(withIat, SECRET, { algorithm: alg, expiresIn: 3600 })
    );
  });
}

test('request bodies and configs signed here verify with jsonwebtoken', () => {
  const body = jwt.signRequest({ c: 'info', key: 'k' }, SECRET);
  const claims = jsonwebtoken.verify(JSON.parse(body).token, SECRET);
  assert.equal(claims.c, 'info');
  assert.equal(claims.exp - claims.iat, 300);
  const header = jwt.signRequest({ c: 'info' }, SECRET, { placement: 'header' });
  assert.deepEqual(jsonwebtoken.verify(header, SECRET).payload, { c: 'info' });
  const config = jwt.signConfig({ document: { key: 'k', url: 'https://s/d.docx' }, documentType: 'word' }, SECRET);
  assert.deepEqual(jsonwebtoken.verify(config.token, SECRET), {
    document: { key: 'k', url: 'https://s/d.docx' },
    documentType: 'word',
  });
});

test('a callback as Docs sends it (jsonwebtoken, header and body) passes verifyRequest', () => {
  const bodyToken = jsonwebtoken.sign(CALLBACK, SECRET, { expiresIn: '5m' });
  const body = JSON.stringify({ ...CALLBACK, token: bodyToken });
  assert.deepEqual(jwt.verifyRequest(body, undefined, SECRET), jsonwebtoken.verify(bodyToken, SECRET));
  const headerToken = jsonwebtoken.sign({ payload: CALLBACK }, SECRET, { expiresIn: '5m' });
  const params = jwt.verifyRequest(JSON.stringify(CALLBACK), `Bearer ${headerToken}`, SECRET);
  assert.equal(params.key, CALLBACK.key);
  assert.deepEqual(params.payload, CALLBACK);
});

test('both refuse the same bad tokens', () => {
  const good = jsonwebtoken.sign({ a: 1 }, SECRET);
  const cases = {
    bad_signature: jsonwebtoken.sign({ a: 1 }, 'another-secret'),
    expired: jsonwebtoken.sign({ a: 1, exp: NOW - 3600 }, SECRET),
    not_yet_valid: jsonwebtoken.sign({ a: 1, nbf: NOW + TEN_YEARS }, SECRET),
    unsupported_alg: jsonwebtoken.sign({ a: 1 }, '', { algorithm: 'none' }),
    malformed: good.split('.').slice(0, 2).join('.'),
  };
  for (const [code, token] of Object.entries(cases)) {
    assert.throws(() => jsonwebtoken.verify(token, SECRET, { algorithms: ALGS }), `jsonwebtoken accepted ${code}`);
    assert.throws(() => jwt.verify(token, SECRET), (e) => e instanceof jwt.JwtError && e.code === code);
  }
});
