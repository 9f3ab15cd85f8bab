// Docs-fidelity corpus: seeded, property-based payloads and URLs, judged by the packages Docs runs.
//
//   node corpus.js --seed N [--count C] --out FILE
//
// Writes a vector file (docs/vectors.md format) whose expectations come from node itself:
// - sign: jsonwebtoken 9.0.2 `jwt.sign(JSON.parse(text), secret, {algorithm, expiresIn})` at a fixed
//   clock, over generated JSON texts (every number shape, unicode and escapes, array-index member
//   names, nesting, whitespace). Without expires_in the call is the one docs/semantics.md names:
//   `noTimestamp: true` without an iat, the plain call with a non-zero iat.
// - verify_download: node's WHATWG `URL` decides whether the signed payload.url and the requested
//   URL are the same (whole, or path and query), or that the requested URL does not parse.
// Texts on which oo-jwt differs from node by design (numbers whose value JavaScript would change,
// duplicate names, lone surrogates, iat 0 without expires_in) are never generated.
// The same seed gives the same bytes; nothing depends on the real clock.
'use strict';
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

function args() {
  const a = { seed: 1, count: 300, out: null };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  if (!a.out) throw new Error('usage: node corpus.js --seed N [--count C] --out FILE');
  return { seed: Number(a.seed) >>> 0, count: Number(a.count), out: a.out };
}

// mulberry32: small, seeded, the same on every platform.
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// The exact decimal value of a number's text: [negative, digits, point]; zero is [false, '', 0].
function decimal(t) {
  let neg = false;
  if (t[0] === '-') { neg = true; t = t.slice(1); }
  let exp = 0;
  const e = t.search(/[eE]/);
  if (e >= 0) { exp = Number(t.slice(e + 1)); t = t.slice(0, e); }
  const dot = t.indexOf('.');
  const int = dot >= 0 ? t.slice(0, dot) : t;
  const frac = dot >= 0 ? t.slice(dot + 1) : '';
  let digits = int + frac;
  let point = exp + int.length;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return 'zero';
  return `${neg}|${digits}|${point}`;
}

// JavaScript keeps the value of this number text (only then do oo-jwt and node agree by design).
const keepsValue = (t) => Number.isFinite(Number(t)) && decimal(String(Number(t))) === decimal(t);

function numberText(r) {
  const digits = (n) => { let s = String(r.int(1, 9)); for (let i = 1; i < n; i++) s += r.int(0, 9); return s; };
  const shapes = [
    () => String(r.int(-1000, 1000)),
    () => '-0',
    () => '0',
    () => digits(r.int(1, 15)),
    () => digits(r.int(16, 22)) + (r.chance(0.5) ? '' : '0'.repeat(r.int(1, 5))),
    () => `${r.int(0, 999)}.${'0'.repeat(r.int(0, 3))}${r.int(0, 99)}${'0'.repeat(r.int(0, 2))}`,
    () => `${r.chance(0.3) ? '-' : ''}${r.int(0, 9)}.${digits(r.int(1, 17))}`,
    () => `${r.int(1, 9)}${r.chance(0.5) ? '.' + digits(r.int(1, 4)) : ''}${r.pick(['e', 'E'])}${r.pick(['', '+', '-'])}${r.int(0, 25)}`,
    () => `0.${'0'.repeat(r.int(4, 9))}${digits(r.int(1, 3))}`,
    () => r.pick(['1e21', '1e20', '1E+21', '1.7e9', '1.0', '1E5', '100000000000000000000', '123e-2', '5e-324', '0e7', '-0.0',
      '9007199254740991', '4294967295', '2.5e-7', '1.7976931348623157e308']),
  ];
  for (;;) {
    const t = r.pick(shapes)();
    if (keepsValue(t)) return t;
  }
}

function stringValue(r) {
  const pieces = ['a', 'Zz', ' ', 'é', 'Résumé', 'Ærø', 'Ё', '中文', '😀', '𝄞', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f',
    '\u2028', '\u2029', '<script>', '&', "'", '\u00a0', '\ufeff', 'https://example.com/a b?x=1#f'];
  let s = '';
  const n = r.int(0, 5);
  for (let i = 0; i < n; i++) s += r.pick(pieces);
  return s;
}

// A string literal for `s`, escaped in one of the ways JSON allows (JSON.parse reads them all the same).
function stringText(r, s) {
  const mode = r.int(0, 3);
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) out += mode === 1 && ch === '\n' ? '\\n' : '\\u' + c.toString(16).padStart(4, '0').toUpperCase();
    else if (ch === '/' && mode === 2) out += '\\/';
    else if (c > 0x7e && mode === 3) {
      for (let i = 0; i < ch.length; i++) {
        const hex = ch.charCodeAt(i).toString(16).padStart(4, '0');
        out += '\\u' + (r.chance(0.5) ? hex.toUpperCase() : hex);
      }
    } else out += ch;
  }
  return out + '"';
}

const KEYS = ['key', 'c', 'status', 'url', 'users', 'a', 'b', 'Z', 'é', '😀', '', ' ', 'payload', 'history', '0', '1', '2', '10', '9',
  '4294967294', '4294967295', '01', '-1', '1.5', '1e3', '007', '123456789', '99999999999'];

function valueText(r, depth, ws) {
  const roll = r.int(0, depth >= 4 ? 5 : 8);
  if (roll <= 2) return numberText(r);
  if (roll === 3) return stringText(r, stringValue(r));
  if (roll === 4) return r.pick(['true', 'false', 'null']);
  if (roll === 5) return stringText(r, r.pick(KEYS));
  if (roll === 6) {
    const n = r.int(0, 4);
    const items = [];
    for (let i = 0; i < n; i++) items.push(valueText(r, depth + 1, ws));
    return '[' + ws() + items.join(ws() + ',' + ws()) + ws() + ']';
  }
  return objectText(r, depth + 1, ws, []);
}

function objectText(r, depth, ws, extra) {
  const n = r.int(0, 6);
  const names = new Set();
  const members = [];
  for (let i = 0; i < n; i++) {
    const k = r.pick(KEYS);
    if (names.has(k) || (depth === 1 && ['iat', 'exp', 'nbf'].includes(k))) continue;
    names.add(k);
    members.push(stringText(r, k) + ws() + ':' + ws() + valueText(r, depth, ws));
  }
  for (const [k, v] of extra) {
    members.splice(r.int(0, members.length), 0, stringText(r, k) + ws() + ':' + ws() + v);
  }
  return '{' + ws() + members.join(ws() + ',' + ws()) + ws() + '}';
}

function signCases(r, seed, count) {
  const cases = [];
  for (let i = 0; i < count; i++) {
    const spaced = r.chance(0.3);
    const ws = () => (spaced && r.chance(0.3) ? r.pick([' ', '\n', '\t', '  ']) : '');
    const expiresIn = r.chance(0.6) ? r.pick([0, 1, 60, 300, 3600, r.int(0, 100000)]) : undefined;
    const now = 1700000000 + r.int(0, 100000000);
    const extra = [];
    if (r.chance(0.3)) {
      // An iat of the caller's: numbers of every shape; zero only where node and oo-jwt agree (with expiresIn).
      let iat = r.chance(0.2) ? r.pick(['0', '-0', '0.0']) : r.pick([numberText(r), String(now - r.int(0, 1000)), `${now}.5`, '1.7e9']);
      if (expiresIn === undefined && Number(iat) === 0) iat = '1700000000';
      extra.push(['iat', iat]);
    }
    if (r.chance(0.15)) extra.push(['nbf', numberText(r)]);
    if (expiresIn === undefined && r.chance(0.15)) extra.push(['exp', numberText(r)]);
    const payload = objectText(r, 1, ws, extra);
    const algorithm = r.pick(['HS256', 'HS384', 'HS512']);
    const secret = 'fidelity-' + r.int(0, 1e9).toString(36);
    const parsed = JSON.parse(payload);
    const opts = { algorithm };
    if (expiresIn !== undefined) opts.expiresIn = expiresIn;
    else opts.noTimestamp = !Object.prototype.hasOwnProperty.call(parsed, 'iat');
    const realNow = Date.now;
    let token;
    try {
      Date.now = () => now * 1000;
      token = jwt.sign(parsed, secret, opts);
    } finally {
      Date.now = realNow;
    }
    const input = { payload, secret, algorithm, now };
    if (expiresIn !== undefined) input.expires_in = expiresIn;
    cases.push({
      id: `fidelity-${seed}-sign-${i}`,
      op: 'sign',
      comment: 'generated payload (seed ' + seed + '), jsonwebtoken 9.0.2' + (expiresIn === undefined ? '' : ', expiresIn ' + expiresIn),
      input,
      expect: { token },
    });
  }
  return cases;
}

// The part of a WHATWG URL oo-jwt compares: the serialisation without the fragment, or its path and query.
function urlKey(u, how) {
  const c = new URL(u.href);
  c.hash = '';
  const h = c.href;
  return how === 'path_and_query' ? h.slice(h.indexOf('/', c.protocol.length + 2)) : h;
}

function urlText(r) {
  const scheme = r.pick(['https', 'http', 'HTTPS', 'Http']);
  const host = r.pick(['example.com', 'Example.COM', 'storage', 'STORAGE.local', '127.0.0.1', '[::1]', 'bücher.example', 'xn--bcher-kva.example',
    'docs.example.org']);
  const port = r.pick(['', '', ':443', ':80', ':8080', ':8443']);
  const segs = ['a', 'a b', 'Résumé.docx', '..', '.', '%41', '%2e%2e', 'x%20y', '中文', 'file.docx', 'cache', 'files', '', '😀', 'a+b', "it's"];
  let p = '';
  const n = r.int(0, 4);
  for (let i = 0; i < n; i++) p += '/' + r.pick(segs);
  if (p === '' && r.chance(0.5)) p = '/';
  let q = '';
  if (r.chance(0.5)) q = '?' + r.pick(['', 'x=1', 'a b=c d', 'id=Ærø&x=1', 'q=%20', 'k=v&k=w', 'u=https://x/y?z', '😀']);
  const f = r.chance(0.3) ? '#' + r.pick(['', 'x', 'frag ment', 'é']) : '';
  return `${scheme}://${host}${port}${p}${q}${f}`;
}

function mutate(r, url) {
  const kinds = [
    (u) => { try { return urlKey(new URL(u), 'full'); } catch { return u; } },
    (u) => u.replace(/#.*$/, ''),
    (u) => u + r.pick(['#y', '/', 'x', '?', '?z=1']),
    (u) => u.replace(/^[A-Za-z]+:\/\/[^/?#]*/, r.pick(['http://127.0.0.1:8080', 'http://backend', 'https://proxy.example:4443'])),
    (u) => u.replace(/^([A-Za-z]+:\/\/)([^/?#]*)/, (m, s, h) => s + h.toUpperCase()),
    (u) => r.pick(['', '/relative/path.docx', 'not a url', 'https://exa mple.com/', 'http://[::1/x', 'https://example.com:99999/a', '//host/x']),
    (u) => u.replace(/^[A-Za-z]+:\/\/[^/?#]*/, ''),
    (u) => u,
  ];
  return r.pick(kinds)(url);
}

function urlCases(r, seed, count) {
  const cases = [];
  const secret = 'fidelity-outbox';
  for (let i = 0; i < count; i++) {
    const signed = urlText(r);
    const requested = mutate(r, signed);
    const how = r.pick(['full', 'path_and_query']);
    const now = 1700000000 + r.int(0, 1000000);
    const realNow = Date.now;
    let token;
    try {
      Date.now = () => now * 1000;
      token = jwt.sign({ payload: { url: signed } }, secret, { algorithm: 'HS256', expiresIn: 300 });
    } finally {
      Date.now = realNow;
    }
    let expect;
    let req;
    try {
      // Comparing path and query, a request target alone is resolved against a placeholder origin.
      const base = how === 'path_and_query' && requested.startsWith('/') ? 'http://request.invalid/' : undefined;
      req = new URL(requested, base);
    } catch {
      expect = { error: 'invalid_argument' };
    }
    if (!expect) {
      let sig;
      try {
        sig = new URL(signed);
      } catch {
        expect = { error: 'url_mismatch' };
      }
      if (!expect) {
        expect = urlKey(sig, how) === urlKey(req, how)
          ? { claims: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) }
          : { error: 'url_mismatch' };
      }
    }
    const input = { secret, authorization: 'Bearer ' + token, url: requested, now };
    if (how !== 'full') input.url_match = how;
    cases.push({
      id: `fidelity-${seed}-url-${i}`,
      op: 'verify_download',
      comment: `generated URL pair (seed ${seed}), judged by node's WHATWG URL (${how})`,
      input,
      expect,
    });
  }
  return cases;
}

function main() {
  const { seed, count, out } = args();
  const r = rng(seed);
  const cases = signCases(r, seed, count).concat(urlCases(r, seed, Math.ceil(count / 3)));
  const doc = {
    description: `Docs-fidelity corpus, seed ${seed}: tokens of jsonwebtoken 9.0.2 over generated payloads, and URL comparisons ` +
      "decided by node's WHATWG URL (tests/fidelity/corpus.js)",
    cases,
  };
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
  console.log(`${out}: ${cases.length} cases (seed ${seed})`);
}

main();
