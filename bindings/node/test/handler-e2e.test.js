'use strict';
// The adapters end to end: a real server on loopback (plain `http`, and Express with and without a
// body parser) serving `/callback` and `/files/doc.docx` with the settings of
// tests/fixtures/integration/local.json, driven by `oo-jwt docs-sim session` ($OO_JWT_CLI): every
// step must pass, and the same server loaded with another outbox secret must make the session fail.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const express = require('express');
const jwt = require('..');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LOCAL_JSON = path.join(ROOT, 'tests', 'fixtures', 'integration', 'local.json');
const CLI = process.env.OO_JWT_CLI || path.join(ROOT, 'target', 'release', 'oo-jwt');
const OUTBOX = 'it-outbox-secret-0123456789abcdef';
const DOC = Buffer.from('the integrator\'s document\n');
// Docs' session as docs-sim plays it: KEY 1 1 6 1 2, KEY-nochange 1 4, KEY-error 1 7 3, KEY-long 2.
const STATUSES = [1, 1, 6, 1, 2, 1, 4, 1, 7, 3, 2];

const settings = jwt.loadConfig(LOCAL_JSON);

/** The fixture's settings with another outbox secret: every callback and download must fail. */
function wrongOutboxSettings() {
  const doc = JSON.parse(fs.readFileSync(LOCAL_JSON, 'utf8'));
  doc.services.CoAuthoring.secret.outbox.string = 'another-outbox-secret-0123456789abc';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-e2e-'));
  fs.writeFileSync(path.join(dir, 'local.json'), JSON.stringify(doc));
  return jwt.loadConfig(path.join(dir, 'local.json'));
}

function request(url, { method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The integrator: what each adapter receives, and the save code of a real integration (status 2
 * and 6: fetch `url` from Docs' store before answering; a failed fetch fails the callback).
 */
function integration() {
  const seen = { callbacks: [], served: 0, fileRequests: 0 };
  async function onCallback(cb, req) {
    const auth = req.headers.authorization;
    const header = auth ? jwt.decodeUnverified(auth.slice('Bearer '.length)).claims.payload : undefined;
    const entry = { cb, header, authLength: auth ? auth.length : 0, parsedBody: req.body };
    if ((cb.status === jwt.CallbackStatus.READY_FOR_SAVING || cb.status === jwt.CallbackStatus.FORCE_SAVE) && cb.url) {
      const file = await request(cb.url);
      if (file.status !== 200 || file.body.length === 0) throw new Error(`the result file: HTTP ${file.status}`);
      entry.savedBytes = file.body.length;
    }
    seen.callbacks.push(entry);
  }
  const serveFile = (res) => {
    seen.served++;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(DOC);
  };
  return { seen, onCallback, serveFile };
}

/** A plain `http` server: the two listeners routed by path. */
function httpServer(s, options) {
  const it = integration();
  const callback = jwt.httpCallbackHandler(s, it.onCallback, options);
  const download = jwt.httpDownloadHandler(s, (req, res) => it.serveFile(res));
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/callback') return callback(req, res);
    if (req.method === 'GET' && req.url === '/files/doc.docx') {
      it.seen.fileRequests++;
      return download(req, res);
    }
    res.writeHead(404).end();
  });
  return { server, seen: it.seen };
}

/** An Express app; `parser` is a body parser mounted before everything (or none). */
function expressServer(s, parser) {
  const it = integration();
  const app = express();
  if (parser) app.use(parser);
  app.post('/callback', jwt.expressCallbackHandler(s, it.onCallback));
  app.get('/files/doc.docx', (req, res, next) => {
    it.seen.fileRequests++;
    next();
  }, jwt.expressDownloadHandler(s), (req, res) => it.serveFile(res));
  return { server: http.createServer(app), seen: it.seen };
}

/** Runs `body(base)` with `server` listening on a free loopback port; always closes it. */
async function withServer(server, body) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    return await body(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `oo-jwt docs-sim session --json` against `base`, bounded by `timeout`. */
function session(base) {
  assert.ok(fs.existsSync(CLI), `the oo-jwt CLI is missing (${CLI}): run make release`);
  const args = ['-s', 'KILL', '120', CLI, 'docs-sim', 'session', '--config', LOCAL_JSON,
    '--callback-url', `${base}/callback`, '--file-url', `${base}/files/doc.docx`, '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn('timeout', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(out);
      } catch {
        return reject(new Error(`docs-sim exited ${code} without a JSON report: ${out}${err}`));
      }
      resolve({ code, report, text: out + err });
    });
  });
}

/** The checks of a session every step of which must pass. */
function assertGoodSession({ code, report, text }, seen) {
  const failed = report.steps.filter((s) => !s.ok).map((s) => `${s.step} ${s.name}: ${s.detail}`);
  assert.deepEqual(failed, [], text);
  assert.equal(code, 0, text);
  assert.equal(report.failed, 0);
  assert.equal(report.passed, report.steps.length);
  assert.ok(report.steps.length >= 14, `${report.steps.length} steps`);
  // The callbacks the handler took, in order; the forged one never reached it.
  assert.deepEqual(seen.callbacks.map((c) => c.cb.status), STATUSES);
  const keys = [...new Set(seen.callbacks.map((c) => c.cb.key))];
  assert.equal(keys.length, 4, keys.join());
  const force = seen.callbacks[2].cb;
  assert.equal(force.forcesavetype, jwt.ForceSaveType.BUTTON);
  assert.equal(typeof force.userdata, 'string');
  assert.ok(Array.isArray(force.users) && force.users.length > 0);
  assert.ok(Array.isArray(force.actions));
  // The result files were fetched by the save code: force save, close, and the long history.
  assert.equal(seen.callbacks.filter((c) => c.savedBytes > 0).length, 3);
  // The long history: Docs cut the header token, so changesurl and history came from the body token.
  const long = seen.callbacks[seen.callbacks.length - 1];
  assert.ok(long.cb.key.endsWith('-long'), long.cb.key);
  assert.equal(typeof long.cb.changesurl, 'string');
  assert.equal(long.cb.history.changes.length, 120);
  assert.equal(long.header.changesurl, undefined, 'the header token still holds changesurl');
  assert.deepEqual(long.header.history, {});
  // The document: served once with Docs' token, refused once without one.
  assert.equal(seen.fileRequests, 2);
  assert.equal(seen.served, 1);
}

/** The checks of a session against a handler with the wrong outbox secret. */
function assertRefusedSession({ code, report, text }, seen) {
  assert.notEqual(code, 0, text);
  assert.ok(report.failed > 0, text);
  assert.deepEqual(seen.callbacks, [], 'a callback reached the integrator');
  assert.equal(seen.served, 0, 'the document was served');
  assert.ok(seen.fileRequests > 0);
}

test('plain http: docs-sim session passes every step', async () => {
  const { server, seen } = httpServer(settings);
  const run = await withServer(server, session);
  assertGoodSession(run, seen);
});

test('plain http: with another outbox secret the session fails', async () => {
  const { server, seen } = httpServer(wrongOutboxSettings());
  assertRefusedSession(await withServer(server, session), seen);
});

test('Express without a body parser: docs-sim session passes every step', async () => {
  const { server, seen } = expressServer(settings);
  const run = await withServer(server, session);
  assertGoodSession(run, seen);
  assert.equal(seen.callbacks[0].parsedBody, undefined);
});

test('Express after express.json(): docs-sim session passes every step', async () => {
  const { server, seen } = expressServer(settings, express.json());
  const run = await withServer(server, session);
  assertGoodSession(run, seen);
  // The parser did run: the handler took the parsed body.
  assert.equal(typeof seen.callbacks[0].parsedBody.token, 'string');
});

test('Express: with another outbox secret the session fails', async () => {
  const { server, seen } = expressServer(wrongOutboxSettings(), express.json());
  assertRefusedSession(await withServer(server, session), seen);
});

const post = (base, body, headers = {}) =>
  request(`${base}/callback`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
const callbackBody = (fields = { key: 'k', status: 2, url: 'http://127.0.0.1:1/out.docx' }) =>
  jwt.signRequest(fields, OUTBOX);

test('Express: the body as express.text(), express.raw() or an unmatched express.json() left it', async () => {
  const parsers = [
    [express.text({ type: '*/*' }), 'string'],
    [express.raw({ type: '*/*' }), 'object'],
    [express.json({ type: 'application/x-never' }), 'undefined'],
  ];
  for (const [parser, bodyType] of parsers) {
    const received = [];
    const app = express();
    app.use(parser);
    app.post('/callback', jwt.expressCallbackHandler(settings, (cb, req) => received.push([cb, typeof req.body])));
    await withServer(http.createServer(app), async (base) => {
      const r = await post(base, callbackBody({ key: 'k', status: 4 }));
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), '{"error":0}');
      assert.equal(r.headers['content-type'], 'application/json');
      const bad = await post(base, jwt.signRequest({ key: 'k', status: 4 }, 'another-secret-0123456789abcdef'));
      assert.equal(bad.status, 403);
      assert.equal(bad.body.toString(), '{"error":1}');
    });
    assert.deepEqual(received.map(([cb, t]) => [cb.status, t]), [[4, bodyType]]);
  }
});

test('plain http: the answers Docs expects for each outcome', async () => {
  const calls = [];
  const errors = [];
  let fail = null;
  const listener = jwt.httpCallbackHandler(settings, async (cb) => {
    calls.push(cb.status);
    if (fail) throw fail;
  }, { maxBodyLength: 4096, onError: (e, req) => errors.push([e.code || e.message, req.method]) });
  await withServer(http.createServer(listener), async (base) => {
    const answer = async (body, headers) => {
      const r = await post(base, body, headers);
      return [r.status, r.body.toString()];
    };
    assert.deepEqual(await answer(callbackBody()), [200, '{"error":0}']);
    assert.deepEqual(await answer(callbackBody({ key: 'k', status: 1 }), { authorization: 'Bearer x' }), [200, '{"error":0}']);
    assert.deepEqual(await answer('{"key":"k","status":2}'), [403, '{"error":1}']);
    assert.deepEqual(await answer('{"key":"k","status":2', {}), [400, '{"error":1}']);
    assert.deepEqual(await answer(callbackBody({ status: 2 })), [400, '{"error":1}']);
    // Over maxBodyLength: refused before the core sees it, declared or streamed.
    const big = callbackBody({ key: 'k', status: 2, pad: 'x'.repeat(8192) });
    assert.deepEqual(await answer(big), [413, '{"error":1}']);
    const chunked = await new Promise((resolve, reject) => {
      const req = http.request(`${base}/callback`, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.write(big.slice(0, 3000));
      req.end(big.slice(3000));
    });
    assert.equal(chunked, 413);
    // The integrator's save code failing, with any error (a JwtError of its own call included).
    fail = new Error('disk full');
    assert.deepEqual(await answer(callbackBody()), [500, '{"error":1}']);
    fail = new jwt.JwtError('bad_signature', 6, 'a call of the save code');
    assert.deepEqual(await answer(callbackBody()), [500, '{"error":1}']);
  });
  assert.deepEqual(calls, [2, 1, 2, 2]);
  assert.deepEqual(errors, [['missing_token', 'POST'], ['invalid_json', 'POST'], ['invalid_json', 'POST'],
    ['too_large', 'POST'], ['too_large', 'POST'], ['disk full', 'POST'], ['bad_signature', 'POST']]);
});

test('download adapters: served only with Docs\' token for this URL; baseUrl behind a proxy', async () => {
  const served = [];
  const download = jwt.httpDownloadHandler(settings, (req, res, claims) => {
    served.push(claims.payload.url);
    res.end(DOC);
  }, { baseUrl: 'https://storage.example/' });
  await withServer(http.createServer(download), async (base) => {
    const get = (p, token) => request(base + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const good = jwt.sign({ payload: { url: 'https://storage.example/files/doc.docx' } }, OUTBOX);
    assert.equal((await get('/files/doc.docx', good)).status, 200);
    assert.equal((await get('/files/other.docx', good)).status, 403);
    assert.equal((await get('/files/doc.docx')).status, 403);
    const local = jwt.sign({ payload: { url: `${base}/files/doc.docx` } }, OUTBOX);
    assert.equal((await get('/files/doc.docx', local)).status, 403, 'the URL is the public one');
  });
  assert.deepEqual(served, ['https://storage.example/files/doc.docx']);
});
