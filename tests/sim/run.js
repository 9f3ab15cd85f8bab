// `oo-jwt docs-sim` checked against Docs' own signer, node jsonwebtoken 9.0.2 (the version Docs
// pins, installed in tests/fidelity): a callback and download handler built on it must accept
// everything the simulator sends (session), and requests it signs must be answered as Docs answers
// them (serve). Usage: node tests/sim/run.js path/to/oo-jwt
'use strict';
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const {spawn} = require('child_process');
const jwt = require(path.join(__dirname, '..', 'fidelity', 'node_modules', 'jsonwebtoken'));

const CLI = process.argv[2];
if (!CLI) throw new Error('usage: node tests/sim/run.js path/to/oo-jwt');
const INBOX = 'sim-inbox-secret-0123456789abcdef';
const OUTBOX = 'sim-outbox-secret-0123456789abcdef';

// Docs' own settings file: two secrets, every token check on (the simulator reads it as Docs does).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-sim-'));
const localJson = path.join(dir, 'local.json');
fs.writeFileSync(localJson, JSON.stringify({services: {CoAuthoring: {
  secret: {inbox: {string: INBOX}, outbox: {string: OUTBOX}},
  token: {enable: {browser: true, request: {inbox: true, outbox: true}}}}}}));

let failures = 0;
let checks = 0;
function check(name, fn) {
  checks++;
  try {
    fn();
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function get(url, headers) {
  return new Promise((resolve, reject) => {
    http.get(url, {headers}, res => readBody(res).then(body => resolve({status: res.statusCode, headers: res.headers, body}), reject))
      .on('error', reject);
  });
}

function post(url, body, headers) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(url, {method: 'POST', headers: {'Content-Type': 'application/json', 'Content-Length': data.length, ...headers}}, res => {
      readBody(res).then(b => resolve({status: res.statusCode, headers: res.headers, text: b.toString('utf8')}), reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

function listen(server) {
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

// The integrator's side, as an integrator writes it with jsonwebtoken: every callback and download
// must carry a token Docs' signer accepts with the outbox secret.
function integrator(secret) {
  const seen = {callbacks: [], downloads: []};
  const server = http.createServer(async (req, res) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    const auth = req.headers.authorization || '';
    try {
      if (req.method === 'GET' && req.url.startsWith('/files/')) {
        const decoded = jwt.verify(auth.replace(/^Bearer /, ''), secret);
        assert.strictEqual(decoded.payload.url, base + req.url, 'the token names another URL');
        seen.downloads.push({url: req.url, decoded});
        res.writeHead(200, {'Content-Type': 'application/octet-stream'});
        res.end(Buffer.from('the integrator\'s document'));
        return;
      }
      if (req.method === 'POST' && req.url === '/callback') {
        const raw = (await readBody(req)).toString('utf8');
        const body = JSON.parse(raw);
        const fromBody = jwt.verify(body.token, secret);
        const fromHeader = jwt.verify(auth.replace(/^Bearer /, ''), secret).payload;
        // The header token covers the body as sent (without its token).
        const sent = {...body};
        delete sent.token;
        assert.deepStrictEqual(fromHeader, sent, 'the header token differs from the body');
        // Trusted values only: the file to keep comes from the token.
        if ((fromBody.status === 2 || fromBody.status === 6) && fromBody.url) {
          const file = await get(fromBody.url, {});
          assert.strictEqual(file.status, 200, 'Docs\' result file');
        }
        seen.callbacks.push({raw, body, fromBody, fromHeader, authLength: auth.length});
        res.writeHead(200, {'Content-Type': 'application/json'});
        res.end('{"error":0}');
        return;
      }
      res.writeHead(404);
      res.end();
    } catch (e) {
      seen.refused = (seen.refused || 0) + 1;
      res.writeHead(403, {'Content-Type': 'application/json'});
      res.end(JSON.stringify({error: 1, message: e.message}));
    }
  });
  return {server, seen};
}

function runCli(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {stdio: ['ignore', 'pipe', 'pipe'], ...opts});
    let out = '', err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => resolve({code, out, err}));
  });
}

async function outbound() {
  const good = integrator(OUTBOX);
  const port = await listen(good.server);
  const base = `http://127.0.0.1:${port}`;
  const r = await runCli(['docs-sim', 'session', '--config', localJson, '--callback-url', `${base}/callback`,
    '--file-url', `${base}/files/doc.docx`, '--changes-url', `${base}/files/changes.zip`, '--key', 'sim-key-1', '--json']);
  const report = JSON.parse(r.out);
  check('session: exit status 0, every step passed', () => {
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.strictEqual(report.failed, 0);
    assert.strictEqual(report.passed, report.steps.length);
    assert.ok(report.steps.length >= 12, `${report.steps.length} steps`);
  });
  check('session: the callbacks, in order, statuses 1 1 6 1 2 1 4 1 7 3 2', () => {
    assert.deepStrictEqual(good.seen.callbacks.map(c => c.fromBody.status), [1, 1, 6, 1, 2, 1, 4, 1, 7, 3, 2]);
    // Refused: the forged callback and the download without a token, the simulator's security steps.
    assert.strictEqual(good.seen.refused, 2);
  });
  check('session: Docs\' fields, exp = iat + 5m', () => {
    const force = good.seen.callbacks[2].fromBody;
    assert.strictEqual(force.forcesavetype, 1);
    assert.strictEqual(force.userdata, 'docs-sim-userdata');
    assert.ok(force.url && force.changesurl && force.history.changes.length === 2);
    assert.deepStrictEqual(force.users, ['uid-1', 'uid-2']);
    assert.deepStrictEqual(force.actions, [{type: 2, userid: 'uid-1'}]);
    for (const c of good.seen.callbacks) assert.strictEqual(c.fromBody.exp - c.fromBody.iat, 300);
    assert.deepStrictEqual(good.seen.callbacks[6].fromBody.actions, [{type: 0, userid: 'uid-1'}]);
  });
  check('session: downloads carry {"payload":{"url":...}} signed with the outbox secret', () => {
    assert.deepStrictEqual(good.seen.downloads.map(d => d.url), ['/files/doc.docx', '/files/changes.zip']);
    for (const d of good.seen.downloads) assert.strictEqual(d.decoded.exp - d.decoded.iat, 300);
  });
  check('session: a header over 7168 characters is re-signed without changesurl and history', () => {
    const long = good.seen.callbacks[10];
    assert.ok(long.fromBody.changesurl, 'the body token keeps changesurl');
    assert.strictEqual(long.fromBody.history.changes.length, 120);
    assert.strictEqual(long.fromHeader.changesurl, undefined);
    assert.deepStrictEqual(long.fromHeader.history, {});
    assert.ok(long.authLength - 'Bearer '.length < 7168, `${long.authLength}`);
    // Below the limit nothing is cut.
    assert.ok(good.seen.callbacks[4].fromHeader.changesurl);
    assert.match(report.steps.find(s => /a long history/.test(s.name)).detail, /re-signed without changesurl and history/);
  });
  check('session: the security steps pass against a handler that verifies', () => {
    const sec = report.steps.filter(s => s.name.startsWith('security: '));
    assert.strictEqual(sec.length, 2);
    assert.ok(sec.every(s => s.ok && /^refused \(/.test(s.detail)), JSON.stringify(sec));
  });
  check('session: the handler\'s fetch of Docs\' result file is reported', () => {
    assert.ok(report.steps.some(s => /the handler fetched url/.test(s.detail)));
  });

  // A handler that holds another secret refuses everything: the simulator must say so and fail.
  const wrong = integrator('another-secret-0123456789abcdef0');
  const wport = await listen(wrong.server);
  const wbase = `http://127.0.0.1:${wport}`;
  const w = await runCli(['docs-sim', 'session', '--config', localJson, '--callback-url', `${wbase}/callback`,
    '--file-url', `${wbase}/files/doc.docx`]);
  const lines = w.out.trim().split('\n');
  check('session against a refusing handler: exit 1, every Docs step FAIL, the summary last', () => {
    assert.strictEqual(w.code, 1);
    assert.match(lines[lines.length - 1], /^2 passed, 12 failed$/);
    assert.ok(lines.slice(0, 12).every(l => l.startsWith('FAIL')), w.out);
    assert.ok(lines.slice(12, 14).every(l => l.startsWith('ok') && /security: /.test(l)), w.out);
    assert.ok(lines.some(l => /HTTP 403/.test(l)), w.out);
  });
  good.server.close();
  wrong.server.close();
}

// The inbound side: requests signed by jsonwebtoken, answered as Docs answers them.
async function inbound() {
  const child = spawn(CLI, ['docs-sim', 'serve', '--listen', '127.0.0.1:0', '--config', localJson, '--quiet'],
    {stdio: ['ignore', 'pipe', 'inherit']});
  try {
    // The first line names the port: a handshake, with a bounded wait.
    const base = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error('docs-sim serve did not start within 20 s')), 20000);
      child.stdout.on('data', d => {
        buf += d;
        const m = /listening on (http:\/\/\S+)/.exec(buf);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.on('exit', code => reject(new Error(`docs-sim serve exited with ${code}`)));
    });
    const now = Math.floor(Date.now() / 1000);
    const sign = (obj, secret = INBOX, opts = {}) => jwt.sign(obj, secret, opts);
    const bearer = t => ({Authorization: `Bearer ${t}`});
    const cases = [
      ['command, body token', '/command', {c: 'version', token: sign({c: 'version'})}, {}, {error: 0, version: '0.0.0.0-docs-sim'}],
      ['command, header token', '/coauthoring/CommandService.ashx', {c: 'info', key: 'k1'}, bearer(sign({payload: {c: 'info', key: 'k1'}})), {key: 'k1', error: 0, users: []}],
      ['command, unsigned key ignored', '/command', {c: 'info', key: 'evil', token: sign({c: 'info', key: 'k1'})}, {}, {key: 'k1', error: 0, users: []}],
      ['command, HS512', '/command', {c: 'drop', key: 'k1', token: sign({c: 'drop', key: 'k1'}, INBOX, {algorithm: 'HS512'})}, {}, {key: 'k1', error: 0}],
      ['command, no token', '/command', {c: 'info', key: 'k1'}, {}, {key: 'k1', error: 6}],
      ['command, the outbox secret', '/command', {c: 'info', key: 'k1', token: sign({c: 'info', key: 'k1'}, OUTBOX)}, {}, {key: 'k1', error: 6}],
      ['command, bad body token, good header', '/command', {c: 'info', key: 'k1', token: sign({c: 'info', key: 'k1'}, OUTBOX)}, bearer(sign({payload: {c: 'info', key: 'k1'}})), {key: 'k1', error: 6}],
      ['command, expired', '/command', {c: 'info', key: 'k1', token: sign({c: 'info', key: 'k1', exp: now - 3600})}, {}, {key: 'k1', error: 7}],
      ['command, expired within the tolerance', '/command', {c: 'info', key: 'k1', token: sign({c: 'info', key: 'k1', exp: now - 20})}, {}, {key: 'k1', error: 0, users: []}],
      ['command, prefix without the space', '/command', {c: 'info', key: 'k1'}, {Authorization: `Bearer${sign({payload: {c: 'info', key: 'k1'}})}`}, {key: 'k1', error: 6}],
      ['command, unknown c', '/command', {c: 'nope', key: 'k1', token: sign({c: 'nope', key: 'k1'})}, {}, {key: 'k1', error: 5}],
      ['converter, body token', '/converter', {token: sign({url: 'http://s/a.docx', filetype: 'docx', outputtype: 'pdf', key: 'c1'})}, {},
        {fileUrl: `${base}/cache/files/data/c1/output.pdf/output.pdf`, fileType: 'pdf', percent: 100, endConvert: true}],
      ['converter, no token', '/converter', {url: 'http://s/a.docx', outputtype: 'pdf'}, {}, {error: -8}],
      ['converter, expired', '/converter', {token: sign({url: 'http://s/a.docx', outputtype: 'pdf', exp: now - 3600})}, {}, {error: -8}],
      ['converter, no outputtype', '/converter', {token: sign({url: 'http://s/a.docx'})}, {}, {error: -7}],
      ['ConvertService.ashx, JSON asked', '/ConvertService.ashx', {url: 'http://s/a.docx', outputtype: 'pdf'}, {Accept: 'application/json'}, {error: -8}],
      ['docbuilder, header token', '/docbuilder', {async: false, url: 'http://s/script.docbuilder'}, bearer(sign({payload: {async: false, url: 'http://s/script.docbuilder', key: 'b1'}})),
        {key: 'b1', urls: {'output.docx': `${base}/cache/files/data/b1/output/output.docx`}, end: true}],
      ['docbuilder, wrong secret', '/docbuilder', {async: false, url: 'http://s/x', token: sign({url: 'http://s/x'}, 'wrong-secret-0123456789abcdef01')}, {}, {error: -8}],
    ];
    for (const [name, url, body, headers, want] of cases) {
      const r = await post(base + url, body, headers);
      check(`serve: ${name}`, () => {
        assert.strictEqual(r.status, 200);
        assert.deepStrictEqual(JSON.parse(r.text), want);
      });
    }
    const xml = await post(`${base}/ConvertService.ashx`, {url: 'http://s/a.docx', outputtype: 'pdf'}, {});
    check('serve: ConvertService.ashx answers XML by default', () => {
      assert.strictEqual(xml.text, '<?xml version="1.0" encoding="utf-8"?><FileResult><Error>-8</Error></FileResult>');
      assert.match(xml.headers['content-type'], /^text\/xml/);
    });
    const why = await post(`${base}/command`, {c: 'info', key: 'k1'}, {});
    check('serve: the reason is in X-Docs-Sim-Reason', () => assert.match(why.headers['x-docs-sim-reason'], /^missing_token/));

    // Editor configs, as the editor's connection checks them.
    const config = {document: {fileType: 'docx', key: 'e1', title: 'a.docx', url: 'http://s/a.docx', permissions: {edit: true}},
      editorConfig: {callbackUrl: 'http://s/cb', mode: 'edit', user: {id: 'u1', name: 'A'}}};
    const editor = async (cfg, token) => JSON.parse((await post(`${base}/docs-sim/editor-config`, {...cfg, token})).text);
    const ok = await editor(config, sign(config));
    check('serve: an editor config signed whole opens from its token', () => {
      assert.strictEqual(ok.opens, true);
      assert.strictEqual(ok.from_token.key, 'e1');
      assert.strictEqual(ok.from_token.callbackUrl, 'http://s/cb');
    });
    const noMode = await editor(config, sign({document: config.document, editorConfig: {callbackUrl: 'http://s/cb'}}));
    check('serve: a token without editorConfig.mode closes with 4006', () => {
      assert.strictEqual(noMode.close.code, 4006);
      assert.match(noMode.close.message, /editorConfig\.mode/);
    });
    const tampered = await editor({...config, document: {...config.document, permissions: {edit: true, download: true}}}, sign(config));
    check('serve: permissions changed outside the token close with 4004', () => assert.strictEqual(tampered.close.code, 4004));
    const expired = await editor(config, sign({...config, exp: now - 3600}));
    check('serve: an expired editor token closes with 4005', () => assert.strictEqual(expired.close.code, 4005));
    const outboxSigned = await editor(config, sign(config, OUTBOX));
    check('serve: an editor token signed with the outbox secret closes with 4006', () => assert.strictEqual(outboxSigned.close.code, 4006));

    // Editor-method objects: what Docs takes from the token.
    const image = {c: 'add', images: [{fileType: 'png', url: 'http://s/a.png'}]};
    const method = async (name, obj) => JSON.parse((await post(`${base}/docs-sim/editor-method/${name}`, obj)).text);
    const img = await method('insertImage', {...image, images: [{fileType: 'png', url: 'http://s/unsigned.png'}], token: sign(image)});
    check('serve: insertImage takes images[].url from the token', () => {
      assert.strictEqual(img.accepted, true);
      assert.deepStrictEqual(img.uses.urls, ['http://s/a.png']);
      assert.deepStrictEqual(img.unsigned_differs, ['images']);
    });
    const doc = {fileType: 'docx', url: 'http://s/b.docx'};
    const rev = await method('setRevisedFile', {...doc, token: sign(doc, 'wrong-secret-0123456789abcdef01')});
    check('serve: setRevisedFile with a wrong secret is refused', () => {
      assert.strictEqual(rev.accepted, false);
      assert.strictEqual(rev.error, 'bad_signature');
    });
    const hist = {fileType: 'docx', key: 'v1', url: 'http://s/v1.docx', version: 1};
    const h = await method('setHistoryData', {...hist, token: sign({key: 'v1', url: 'http://s/v1.docx'})});
    check('serve: setHistoryData whose token lacks version is refused', () => {
      assert.strictEqual(h.accepted, false);
      assert.match(h.message, /version/);
    });
  } finally {
    child.kill();
  }
}

(async () => {
  await outbound();
  await inbound();
  fs.rmSync(dir, {recursive: true, force: true});
  console.log(`docs-sim against node jsonwebtoken: ${checks - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
