// Docs-fidelity check of load_config: node-config 3.3.12 (the version ONLYOFFICE Docs pins) merges
// generated default.json / production-linux.json / local.json files exactly as Docs starts with
// them (NODE_ENV=production-linux); Docs' own secret rule (a non-empty `string`, else a non-empty
// `file` read whole) and jsonwebtoken 9.0.2's `expiresIn` are applied to node-config's result; and
// `oo-jwt config show` on the same files must give the same settings. Secrets are compared by their
// fingerprint (HMAC-SHA256 keyed by the secret over a fixed label, first 8 bytes), never shown.
//
// usage: node config.js /path/to/oo-jwt [scenarios] [seed]    (deterministic for a given seed)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const cli = process.argv[2];
const SCENARIOS = Number(process.argv[3] || 300);
const SEED = Number(process.argv[4] || 20240611);
if (!cli) {
  console.error('usage: node config.js /path/to/oo-jwt [scenarios] [seed]');
  process.exit(2);
}

// node-config reads these when it is first required and on every loadFileConfigs call.
const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-fidelity-empty-'));
fs.writeFileSync(path.join(empty, 'production-linux.json'), '{}');
process.env.NODE_CONFIG_DIR = empty;
process.env.NODE_ENV = 'production-linux';
process.env.SUPPRESS_NO_CONFIG_WARNING = '1';
delete process.env.NODE_CONFIG;
delete process.env.NODE_CONFIG_ENV;
delete process.env.NODE_APP_INSTANCE;
const config = require('config');
const jwt = require('jsonwebtoken');

// mulberry32: a small seeded generator, so that a failure is reproduced by its seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;

// The keys of Docs' shipped default.json that matter, with Docs' values (tests/fixtures/docs).
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'docs');
const docsDefault = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'default.json'), 'utf8'));
const docsProduction = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'production-linux.json'), 'utf8'));

const HEADERS = ['Authorization', 'AuthorizationJwt', 'X-Docs-Token'];
const PREFIXES = ['Bearer ', 'JWT ', 'Token ', ''];
const EXPIRES = ['5m', '30s', '1h', '2d', '1.5h', '90000', '10 minutes', '1w', 300, 60, 0];
const EXCLUSIONS = ['', '/public/', 'example.com/files'];

function secretText() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.é€';
  let s = '';
  const n = 1 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) s += pick([...alphabet]);
  return s;
}

// One layer's override of a secret element; `files` collects the secret files to write.
function secretElem(dir, files) {
  if (chance(0.1)) return null;
  const e = {};
  if (chance(0.6)) e.string = chance(0.3) ? '' : secretText();
  if (chance(0.5)) {
    if (chance(0.3)) e.file = '';
    else {
      const name = `key-${files.length}`;
      const bytes = chance(0.5) ? Buffer.from(secretText() + '\n') : Buffer.alloc(1 + Math.floor(rand() * 32)).map(() => Math.floor(rand() * 256));
      files.push([name, bytes]);
      e.file = path.join(dir, name);
    }
  }
  return e;
}

// A random override of the token and secret subtrees, in the shape of Docs' default.json.
function layer(dir, files, density) {
  const co = {};
  const maybe = (p) => chance(p * density);
  if (maybe(0.7)) {
    co.secret = {};
    for (const k of ['inbox', 'outbox', 'browser', 'session']) if (maybe(0.6)) co.secret[k] = secretElem(dir, files);
  }
  if (maybe(0.8)) {
    const t = (co.token = {});
    if (maybe(0.6)) {
      t.enable = {};
      if (maybe(0.5)) t.enable.browser = chance(0.5);
      if (maybe(0.7)) {
        t.enable.request = {};
        if (maybe(0.7)) t.enable.request.inbox = chance(0.5);
        if (maybe(0.7)) t.enable.request.outbox = chance(0.5);
      }
    }
    for (const side of ['inbox', 'outbox']) {
      if (maybe(0.5)) {
        const s = (t[side] = {});
        if (maybe(0.5)) s.header = pick(HEADERS);
        if (maybe(0.5)) s.prefix = pick(PREFIXES);
        if (side === 'outbox') {
          if (maybe(0.4)) s.algorithm = pick(['HS256', 'HS384', 'HS512']);
          if (maybe(0.4)) s.expires = pick(EXPIRES);
          if (maybe(0.3)) s.urlExclusionRegex = pick(EXCLUSIONS);
        }
      }
    }
    if (maybe(0.5)) {
      const v = (t.verifyOptions = {});
      if (maybe(0.6)) v.clockTolerance = chance(0.15) ? null : Math.floor(rand() * 300);
      if (maybe(0.4)) {
        const algs = ['HS256', 'HS384', 'HS512'].filter(() => chance(0.6));
        if (algs.length === 0) algs.push(pick(['HS256', 'HS384', 'HS512']));
        if (chance(0.3)) algs.push('RS256');
        v.algorithms = algs;
      }
    }
  }
  return { services: { CoAuthoring: co } };
}

const LABEL = Buffer.from('oo-jwt secret fingerprint v1');
const fingerprint = (secret) =>
  secret && secret.length ? crypto.createHmac('sha256', secret).update(LABEL).digest('hex').slice(0, 16) : null;

// Docs' getSecretByElem, on node-config's merged result.
function docsSecret(elem) {
  if (elem) {
    if (elem.string) return Buffer.from(elem.string, 'utf8');
    if (elem.file) return fs.readFileSync(elem.file);
  }
  return undefined;
}

// What Docs' settings are, computed from node-config's merge with Docs' own rules.
function expected(merged) {
  const co = merged.services.CoAuthoring;
  const t = co.token;
  const iat = 1700000000;
  const signed = jwt.sign({ iat }, 'k', { algorithm: t.outbox.algorithm, expiresIn: t.outbox.expires });
  const vo = t.verifyOptions;
  const algs = vo.algorithms ? vo.algorithms.filter((a) => /^HS(256|384|512)$/.test(a)) : ['HS256', 'HS384', 'HS512'];
  const inbox = docsSecret(co.secret.inbox);
  return {
    inbox: {
      enabled: t.enable.request.inbox, fingerprint: fingerprint(inbox),
      header: t.inbox.header, prefix: t.inbox.prefix,
    },
    outbox: {
      enabled: t.enable.request.outbox, fingerprint: fingerprint(docsSecret(co.secret.outbox)),
      header: t.outbox.header, prefix: t.outbox.prefix, algorithm: t.outbox.algorithm,
      expires_in: jwt.decode(signed).exp - iat, url_exclusion: t.outbox.urlExclusionRegex || null,
    },
    browser: { enabled: t.enable.browser, fingerprint: fingerprint(inbox) },
    clock_tolerance: vo.clockTolerance || 0,
    algorithms: ['HS256', 'HS384', 'HS512'].filter((a) => algs.includes(a)),
  };
}

// The same fields of oo-jwt's answer.
function actual(shown) {
  const side = (s, keys) => Object.fromEntries(keys.map((k) => [k, s[k]]));
  return {
    inbox: side(shown.inbox, ['enabled', 'fingerprint', 'header', 'prefix']),
    outbox: side(shown.outbox, ['enabled', 'fingerprint', 'header', 'prefix', 'algorithm', 'expires_in', 'url_exclusion']),
    browser: side(shown.browser, ['enabled', 'fingerprint']),
    clock_tolerance: shown.clock_tolerance,
    algorithms: shown.algorithms,
  };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oo-jwt-fidelity-'));
let failed = 0;
try {
  for (let i = 0; i < SCENARIOS; i++) {
    const dir = path.join(root, String(i));
    fs.mkdirSync(dir);
    const files = [];
    const def = docsDefault();
    const prod = chance(0.5) ? layer(dir, files, 0.4) : docsProduction();
    const local = layer(dir, files, 1);
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    fs.writeFileSync(path.join(dir, 'default.json'), JSON.stringify(def, null, 2));
    fs.writeFileSync(path.join(dir, 'production-linux.json'), JSON.stringify(prod, null, 2));
    fs.writeFileSync(path.join(dir, 'local.json'), JSON.stringify(local, null, 2));

    const want = expected(config.util.loadFileConfigs(dir));
    let got;
    try {
      const out = execFileSync(cli, ['config', 'show', '--config', path.join(dir, 'local.json')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      got = actual(JSON.parse(out));
    } catch (e) {
      got = { error: String(e.stderr || e.message).trim() };
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      failed++;
      if (failed <= 5) {
        console.error(`scenario ${i} (seed ${SEED}) differs:\n  local.json ${JSON.stringify(local)}\n  production-linux.json ${JSON.stringify(prod)}`);
        console.error(`  node-config + Docs: ${JSON.stringify(want)}\n  oo-jwt:             ${JSON.stringify(got)}`);
      }
    }
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
}
console.log(`config fidelity (node-config ${require('config/package.json').version}, jsonwebtoken ${require('jsonwebtoken/package.json').version}, seed ${SEED}): ${SCENARIOS - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
