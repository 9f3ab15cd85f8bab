'use strict';
// The callback handler's neutral parts without a server: Callback, handleCallback, callbackAnswer,
// checkDownload, with the shared integration settings (distinct inbox and outbox secrets).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const jwt = require('..');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LOCAL_JSON = path.join(ROOT, 'tests', 'fixtures', 'integration', 'local.json');
const settings = jwt.loadConfig(LOCAL_JSON);
const OUTBOX = 'it-outbox-secret-0123456789abcdef';
const INBOX = 'it-inbox-secret-0123456789abcdef';

/** A callback body as Docs sends it: the fields with a `token` member signed over them. */
const signed = (fields, secret = OUTBOX, options) => jwt.signRequest(fields, secret, options);
const bearer = (fields, secret = OUTBOX) => `Bearer ${jwt.signRequest(fields, secret, { placement: 'header' })}`;

/** A settings file beside the fixture's, with `token` members changed. */
function settingsWith(token) {
  const doc = JSON.parse(fs.readFileSync(LOCAL_JSON, 'utf8'));
  Object.assign(doc.services.CoAuthoring.token, token);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-handler-'));
  fs.writeFileSync(path.join(dir, 'local.json'), JSON.stringify(doc));
  return jwt.loadConfig(path.join(dir, 'local.json'));
}

function refused(fn, code) {
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return e instanceof jwt.JwtError && e.code === code;
  });
  return error;
}

test('the fixture has distinct inbox and outbox secrets', () => {
  assert.equal(settings.outbox.secret, OUTBOX);
  assert.equal(settings.inbox.secret, INBOX);
});

test('CallbackStatus and ForceSaveType carry Docs\' numbers', () => {
  assert.deepEqual({ ...jwt.CallbackStatus }, {
    EDITING: 1, READY_FOR_SAVING: 2, SAVE_ERROR: 3, CLOSED_NO_CHANGES: 4, FORCE_SAVE: 6, FORCE_SAVE_ERROR: 7,
  });
  assert.deepEqual({ ...jwt.ForceSaveType }, { COMMAND: 0, BUTTON: 1, TIMER: 2, FORM_SUBMISSION: 3 });
  assert.ok(Object.isFrozen(jwt.CallbackStatus) && Object.isFrozen(jwt.ForceSaveType));
});

test('handleCallback: every typed field from the body token, the rest in params', () => {
  const fields = {
    key: 'doc-1', status: 6, url: 'http://docs/cache/out.docx', changesurl: 'http://docs/cache/changes.zip',
    history: { serverVersion: '8.0', changes: [{ created: '2024-01-01 10:00:00', user: { id: 'u1' } }] },
    users: ['u1'], actions: [{ type: 2, userid: 'u1' }], forcesavetype: 1, filetype: 'docx',
    userdata: 'mine', lastsave: '2024-01-01T10:00:00.000Z', notmodified: false,
  };
  const cb = jwt.handleCallback(signed(fields), undefined, settings);
  assert.ok(cb instanceof jwt.Callback);
  assert.equal(cb.status, jwt.CallbackStatus.FORCE_SAVE);
  assert.equal(cb.forcesavetype, jwt.ForceSaveType.BUTTON);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(cb.params[k], v, k);
  for (const k of ['key', 'url', 'changesurl', 'history', 'users', 'actions', 'filetype', 'userdata'])
    assert.deepEqual(cb[k], fields[k], k);
  assert.equal(typeof cb.params.exp, 'number', 'the claims are in params too');
});

test('handleCallback: fields Docs did not send are absent, not null', () => {
  const cb = jwt.handleCallback(signed({ key: 'doc-1', status: 1, users: ['u1'] }), null, settings);
  assert.deepEqual(Object.keys(cb).sort(), ['key', 'params', 'status', 'users']);
  assert.equal('url' in cb, false);
  assert.equal(cb.forcesavetype, undefined);
});

test('handleCallback: statuses Docs may add are kept as numbers', () => {
  assert.equal(jwt.handleCallback(signed({ key: 'k', status: 9 }), null, settings).status, 9);
  assert.equal(jwt.handleCallback(signed({ key: 'k', status: 0 }), null, settings).status, 0);
});

test('handleCallback: the header token alone, with the settings\' header prefix', () => {
  const cb = jwt.handleCallback('{"key":"k","status":4}', bearer({ key: 'k', status: 4 }), settings);
  assert.equal(cb.status, jwt.CallbackStatus.CLOSED_NO_CHANGES);
  assert.equal(jwt.handleCallback(null, bearer({ key: 'k', status: 4 }), settings).key, 'k');
});

test('handleCallback: unsigned body fields are never used', () => {
  const token = JSON.parse(signed({ key: 'k', status: 2 })).token;
  const body = JSON.stringify({ key: 'other', status: 2, url: 'http://attacker/evil.docx', token });
  const cb = jwt.handleCallback(body, null, settings);
  assert.equal(cb.key, 'k');
  assert.equal('url' in cb, false);
  assert.equal(cb.params.url, undefined);
});

test('handleCallback: the body as text, Buffer or parsed object; settings as object or JSON text', () => {
  const text = signed({ key: 'k', status: 2, url: 'u' });
  for (const body of [text, Buffer.from(text), JSON.parse(text)])
    for (const s of [settings, JSON.stringify(settings)])
      assert.equal(jwt.handleCallback(body, undefined, s).url, 'u');
});

test('handleCallback: refusals are JwtError with the contract\'s code', () => {
  refused(() => jwt.handleCallback(signed({ key: 'k', status: 2 }, INBOX), null, settings), 'bad_signature');
  refused(() => jwt.handleCallback(signed({ key: 'k', status: 2 }, 'another-secret-0123456789abcdef'), null, settings), 'bad_signature');
  refused(() => jwt.handleCallback('{"key":"k","status":2}', null, settings), 'missing_token');
  refused(() => jwt.handleCallback(null, `Token ${bearer({ key: 'k', status: 2 }).slice(7)}`, settings), 'missing_token');
  refused(() => jwt.handleCallback('not json', null, settings), 'invalid_json');
  refused(() => jwt.handleCallback(signed({ status: 2 }), null, settings), 'invalid_json');
  refused(() => jwt.handleCallback(signed({ key: 'k' }), null, settings), 'invalid_json');
  refused(() => jwt.handleCallback(signed({ key: 'k', status: '2' }), null, settings), 'invalid_json');
  refused(() => jwt.handleCallback(signed({ key: 7, status: 2 }), null, settings), 'invalid_json');
  const old = signed({ key: 'k', status: 2 }, OUTBOX, { now: 1_000_000_000, expiresIn: 300 });
  refused(() => jwt.handleCallback(old, null, settings), 'expired');
  // The options reach the core: the same token at its own time verifies.
  assert.equal(jwt.handleCallback(old, null, settings, { now: 1_000_000_100 }).key, 'k');
  refused(() => jwt.handleCallback(signed({ key: 'k', status: 2 }), null, settings, { maxJsonLength: 16 }), 'too_large');
  refused(() => jwt.handleCallback(signed({ key: 'k', status: 2 }), null, '{"outbox":1}'), 'invalid_config');
});

test('handleCallback: messages never echo the secret or the token', () => {
  const body = signed({ key: 'k', status: 2 }, 'another-secret-0123456789abcdef');
  const e = refused(() => jwt.handleCallback(body, null, settings), 'bad_signature');
  assert.ok(!e.message.includes(OUTBOX) && !e.message.includes(JSON.parse(body).token.split('.')[2]));
});

test('Callback: built from parameters, refusing what is not a callback', () => {
  const cb = new jwt.Callback({ key: 'k', status: 3, url: 'u', extra: true });
  assert.equal(cb.url, 'u');
  assert.equal(cb.params.extra, true);
  for (const bad of [null, [], 'k', { key: 'k' }, { status: 2 }, { key: 'k', status: 2.5 }])
    refused(() => new jwt.Callback(bad), 'invalid_json');
});

test('callbackAnswer: the status and body Docs expects for each outcome', () => {
  const answer = (e) => jwt.callbackAnswer(e);
  assert.deepEqual(answer(), { status: 200, body: '{"error":0}' });
  assert.deepEqual(answer(null), { status: 200, body: '{"error":0}' });
  const of = (fn) => {
    try {
      fn();
    } catch (e) {
      return answer(e);
    }
    throw new Error('did not throw');
  };
  assert.deepEqual(of(() => jwt.handleCallback(signed({ key: 'k', status: 2 }, INBOX), null, settings)), { status: 403, body: '{"error":1}' });
  assert.deepEqual(of(() => jwt.handleCallback('{}', null, settings)), { status: 403, body: '{"error":1}' });
  assert.deepEqual(of(() => jwt.handleCallback('{', null, settings)), { status: 400, body: '{"error":1}' });
  assert.deepEqual(of(() => jwt.handleCallback(signed({ status: 2 }), null, settings)), { status: 400, body: '{"error":1}' });
  assert.deepEqual(of(() => jwt.handleCallback(signed({ key: 'k', status: 1 }), null, settings, { maxJsonLength: 8 })), { status: 413, body: '{"error":1}' });
  assert.deepEqual(of(() => jwt.handleCallback(signed({ key: 'k', status: 1 }), null, '{}')), { status: 500, body: '{"error":1}' });
  // The integrator's save code failing.
  assert.deepEqual(answer(new Error('disk full')), { status: 500, body: '{"error":1}' });
  for (const b of [answer().body, answer(new Error('x')).body]) assert.equal(typeof JSON.parse(b).error, 'number');
});

test('checkDownload: the token over {"payload":{"url"}} with the outbox secret, for this URL', () => {
  const url = 'http://127.0.0.1:8080/files/doc.docx';
  const auth = `Bearer ${jwt.sign({ payload: { url } }, OUTBOX)}`;
  assert.equal(jwt.checkDownload(auth, url, settings).payload.url, url);
  assert.equal(jwt.checkDownload(auth, url, JSON.stringify(settings)).payload.url, url);
  refused(() => jwt.checkDownload(auth, 'http://127.0.0.1:8080/files/other.docx', settings), 'url_mismatch');
  refused(() => jwt.checkDownload(undefined, url, settings), 'missing_token');
  refused(() => jwt.checkDownload(`Bearer ${jwt.sign({ payload: { url } }, INBOX)}`, url, settings), 'bad_signature');
  // Options reach the core.
  const later = `Bearer ${jwt.sign({ payload: { url } }, OUTBOX, { now: 1_000_000_000, expiresIn: 60 })}`;
  refused(() => jwt.checkDownload(later, url, settings), 'expired');
  assert.equal(jwt.checkDownload(later, url, settings, { now: 1_000_000_010 }).payload.url, url);
});

test('checkDownload: null (nothing to check) where Docs sends no token', () => {
  const excluded = settingsWith({ outbox: { urlExclusionRegex: '/public/' } });
  assert.equal(jwt.checkDownload(undefined, 'http://s/public/a.docx', excluded), null);
  refused(() => jwt.checkDownload(undefined, 'http://s/files/a.docx', excluded), 'missing_token');
  const off = settingsWith({ enable: { browser: true, request: { inbox: true, outbox: false } } });
  assert.equal(jwt.checkDownload(undefined, 'http://s/files/a.docx', off), null);
});
