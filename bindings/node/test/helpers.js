'use strict';
// Shared by the tests: where the vectors are, and how one vector case runs through the public API.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const jwt = require('..');

const VECTORS_DIR = process.env.OO_JWT_VECTORS
  ? path.resolve(process.env.OO_JWT_VECTORS)
  : path.resolve(__dirname, '..', '..', '..', 'tests', 'vectors');

/**
 * Every `*.json` vector file, sorted: [{ file, stem, cases }], after checking each against manifest.json
 * (its name, SHA-256 and case count): an emptied, deleted or added file throws instead of running nothing.
 */
function vectorFiles() {
  const manifest = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, 'manifest.json'), 'utf8')).files;
  const names = fs
    .readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .sort();
  const listed = Object.keys(manifest).sort();
  if (names.join('\n') !== listed.join('\n'))
    throw new Error(`vector files [${names}] differ from manifest.json's [${listed}]`);
  return names.map((f) => {
    const bytes = fs.readFileSync(path.join(VECTORS_DIR, f));
    const hash = require('node:crypto').createHash('sha256').update(bytes).digest('hex');
    if (hash !== manifest[f].sha256) throw new Error(`${f}: SHA-256 differs from manifest.json`);
    const doc = JSON.parse(bytes.toString('utf8'));
    if (!Array.isArray(doc.cases) || doc.cases.length === 0 || doc.cases.length !== manifest[f].cases)
      throw new Error(`${f}: case count differs from manifest.json`);
    return { file: f, stem: f.replace(/\.json$/, ''), cases: doc.cases };
  });
}

function secretOf(input) {
  if ('secret_hex' in input) return Buffer.from(input.secret_hex, 'hex');
  return input.secret;
}

function tokenOf(input) {
  if ('token_hex' in input) return Buffer.from(input.token_hex, 'hex');
  return input.token;
}

// A bit no OoAlg member has: how a name the ABI cannot express (`none`, `RS256`, `hs256`, '') reaches
// the core, which refuses it as it refuses any unknown bit (unsupported_alg to sign with,
// invalid_argument in an allow-list).
const UNKNOWN_ALG = 0x80000000;
const algOf = (name) => (Object.prototype.hasOwnProperty.call(jwt.Alg, name) ? jwt.Alg[name] : UNKNOWN_ALG);

/** The vector's inputs as the API's options (absent stays absent). */
function optionsOf(input) {
  const o = {};
  if ('algorithm' in input) o.algorithm = algOf(input.algorithm);
  if ('algorithms' in input) o.algorithms = input.algorithms.map(algOf);
  if ('url_match' in input) o.pathAndQueryOnly = input.url_match === 'path_and_query';
  const map = {
    leeway: 'leeway',
    now: 'now',
    expires_in: 'expiresIn',
    max_token_len: 'maxTokenLength',
    max_json_len: 'maxJsonLength',
    prefix: 'prefix',
    placement: 'placement',
  };
  for (const [k, v] of Object.entries(map)) if (k in input) o[v] = input[k];
  return o;
}

function loadConfigCase(input, op) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-node-'));
  try {
    for (const [name, text] of Object.entries(input.files || {})) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text.split('@DIR@').join(dir));
    }
    const opts = {};
    if ('default' in input) opts.defaultPath = path.join(dir, input.default);
    if ('env' in input) opts.env = input.env;
    const settings = jwt.loadConfig(path.join(dir, input.local), opts);
    if (op === 'download_token_expected') return { expected: jwt.downloadTokenExpected(input.url, settings) };
    if (op === 'verify_download_with_config')
      return { claims: jwt.verifyDownloadWithConfig(input.authorization, input.url, settings, optionsOf(input)) };
    if (!('direction' in input)) return { config: settings };
    return {
      params: jwt.verifyRequestWithConfig(input.body, input.authorization, settings, input.direction, optionsOf(input)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one case; returns the result under the key its `expect` uses. Throws JwtError on refusal. */
function runCase(c) {
  const i = c.input;
  const o = optionsOf(i);
  switch (c.op) {
    case 'sign':
      return { token: jwt.sign(i.payload, secretOf(i), o) };
    case 'verify':
      return { claims: jwt.verify(tokenOf(i), secretOf(i), o) };
    case 'decode_unverified':
      return jwt.decodeUnverified(tokenOf(i), o);
    case 'sign_request': {
      const out = jwt.signRequest(i.body, secretOf(i), o);
      return o.placement === 'header' ? { token: out } : { body: JSON.parse(out) };
    }
    case 'verify_request':
      return { params: jwt.verifyRequest(i.body, i.authorization, secretOf(i), o) };
    case 'sign_editor_method':
      return { params: jwt.signEditorMethod(i.method, i.params, secretOf(i), o) };
    case 'sign_config':
      return { config: jwt.signConfig(i.config, secretOf(i), o) };
    case 'verify_download':
      return { claims: jwt.verifyDownload(i.authorization, i.url, secretOf(i), o) };
    case 'load_config':
    case 'verify_request_with_config':
    case 'verify_download_with_config':
    case 'download_token_expected':
      return loadConfigCase(i, c.op);
    default:
      throw new Error(`unknown op ${JSON.stringify(c.op)}`);
  }
}

/** Runs a case and asserts its expectation; the assertion message names the case id. */
function checkCase(c) {
  const exp = c.expect;
  let got;
  try {
    got = runCase(c);
  } catch (e) {
    if (!(e instanceof jwt.JwtError)) throw new Error(`${c.id}: ${e.stack || e}`);
    assert.ok('error' in exp, `${c.id}: expected ${JSON.stringify(exp).slice(0, 300)}, got error ${e.message}`);
    assert.equal(e.code, exp.error, `${c.id}: expected error ${exp.error}, got ${e.message}`);
    assert.equal(jwt.statusName(e.status), e.code, `${c.id}: status ${e.status} is not ${e.code}`);
    return;
  }
  assert.ok(!('error' in exp), `${c.id}: expected error ${exp.error}, got ${JSON.stringify(got).slice(0, 300)}`);
  for (const key of Object.keys(exp)) {
    assert.ok(key in got, `${c.id}: the result has no ${key}`);
    if (key === 'token') assert.equal(got.token, exp.token, `${c.id}: token differs`);
    else assert.deepStrictEqual(got[key], exp[key], `${c.id}: ${key} differs`);
  }
}

module.exports = { VECTORS_DIR, vectorFiles, runCase, checkCase, secretOf, tokenOf };
