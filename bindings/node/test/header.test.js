'use strict';
// The koffi declarations of lib/native.js must match include/oo_jwt.h (the generated, authoritative
// header): the same functions, return types, parameter types and names in the same order, the same
// OoOptions fields, and the same values for the constants the wrapper uses.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const native = require('../lib/native');

const HEADER = process.env.OO_JWT_INCLUDE
  ? path.join(process.env.OO_JWT_INCLUDE, 'oo_jwt.h')
  : path.resolve(__dirname, '..', '..', '..', 'include', 'oo_jwt.h');

const text = fs.readFileSync(HEADER, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** `const  struct OoOptions*` → `const OoOptions *`: one spelling for a C type. */
function normType(t) {
  return t
    .replace(/\bstruct\s+/g, '')
    .replace(/\s*\*\s*/g, ' *')
    .replace(/\s+/g, ' ')
    .replace(/ \*/g, ' *')
    .replace(/\* \*/g, '**')
    .trim();
}

/** `type name` (or `type *name`) → [type, name]. */
function splitDecl(d) {
  const m = /^(.*?)(\w+)$/.exec(d.trim().replace(/\s+/g, ' '));
  return [normType(m[1]), m[2]];
}

/** `ret name(params)` → { ret, name, params: [[type, name, dir]] } (dir: 'in' or 'out'). */
function parseProto(proto) {
  const m = /^([\s\S]*?)\b(oo_\w+)\s*\(([\s\S]*)\)\s*;?$/.exec(proto.trim());
  assert.ok(m, `cannot parse ${proto}`);
  const params =
    m[3].trim() === 'void'
      ? []
      : m[3].split(',').map((p) => {
          let dir = 'in';
          let s = p.trim();
          if (s.startsWith('_Out_ ')) {
            dir = 'out';
            s = s.slice(6);
          }
          return [...splitDecl(s), dir];
        });
  return { ret: normType(m[1]), name: m[2], params };
}

function headerFunctions() {
  const out = new Map();
  const re = /^[ \t]*((?:const\s+)?\w+\s*\**)\s*(oo_\w+)\s*\(([^)]*)\)\s*;/gm;
  let m;
  while ((m = re.exec(text))) {
    const p = parseProto(`${m[1]} ${m[2]}(${m[3].replace(/\s+/g, ' ')})`);
    out.set(p.name, p);
  }
  return out;
}

function wrapperFunctions() {
  return new Map(native.FUNCTIONS.map((f) => [parseProto(f).name, parseProto(f)]));
}

const header = headerFunctions();
const wrapper = wrapperFunctions();

test('the header parses into the functions the ABI documents', () => {
  assert.ok(header.size >= 13, `only ${header.size} functions found in ${HEADER}`);
  for (const name of ['oo_sign', 'oo_verify', 'oo_free', 'oo_last_error_message'])
    assert.ok(header.has(name), `${name} not found in the header`);
});

test('the wrapper declares exactly the functions of the header', () => {
  assert.deepEqual([...wrapper.keys()].sort(), [...header.keys()].sort());
});

for (const [name, h] of header) {
  test(`declaration of ${name} matches the header`, () => {
    const w = wrapper.get(name);
    assert.ok(w, `${name} is not declared by the wrapper`);
    assert.equal(w.ret, h.ret, `${name}: return type`);
    assert.equal(w.params.length, h.params.length, `${name}: parameter count`);
    h.params.forEach(([htype, hname], i) => {
      const [wtype, wname, wdir] = w.params[i];
      assert.equal(wname, hname, `${name}: parameter ${i} name`);
      if (htype === 'char **') {
        // A result string: the wrapper passes a native slot and reads the raw pointer back (to copy
        // the text and oo_free that pointer), so koffi must not convert it into a string itself.
        assert.equal(wtype, 'void **', `${name}(${hname}): declared ${wtype}, expected void **`);
      } else if (name === 'oo_free' && htype === 'char *') {
        // oo_free takes back the very pointer the out parameter produced (koffi's void *).
        assert.equal(wtype, 'void *', `${name}(${hname})`);
      } else {
        assert.equal(wdir, 'in', `${name}(${hname}): an input parameter`);
        assert.equal(wtype, htype, `${name}(${hname}): type`);
      }
    });
  });
}

test('OoOptions has the header\'s fields, in order, with its types', () => {
  const m = /typedef struct OoOptions \{([\s\S]*?)\} OoOptions;/.exec(text);
  assert.ok(m, 'struct OoOptions not found in the header');
  const fields = m[1]
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(splitDecl);
  assert.deepEqual(
    native.OO_OPTIONS_FIELDS.map(([t, n]) => [normType(t), n]),
    fields
  );
  // And koffi lays the struct out like a C compiler would: 8 fields of 8 bytes after two uint32s.
  assert.equal(native.koffi.sizeof(native.OoOptions), 4 + 4 + 8 * 9);
});

test('the constants the wrapper uses have the header\'s values', () => {
  const defines = new Map();
  for (const m of text.matchAll(/^#define (OO_\w+) (-?\d+)\s*$/gm)) defines.set(m[1], Number(m[2]));
  for (const [name, value] of Object.entries(native.CONSTANTS)) {
    assert.ok(defines.has(name), `${name} is not defined in the header`);
    assert.equal(value, defines.get(name), name);
  }
});

test('every status the header defines has the contract name the core reports', () => {
  const names = {
    OO_OK: 'ok', OO_INVALID_ARGUMENT: 'invalid_argument', OO_INVALID_JSON: 'invalid_json',
    OO_EMPTY_SECRET: 'empty_secret', OO_MALFORMED: 'malformed', OO_UNSUPPORTED_ALG: 'unsupported_alg',
    OO_BAD_SIGNATURE: 'bad_signature', OO_EXPIRED: 'expired', OO_NOT_YET_VALID: 'not_yet_valid',
    OO_TOO_LARGE: 'too_large', OO_MISSING_TOKEN: 'missing_token', OO_INVALID_CONFIG: 'invalid_config',
    OO_URL_MISMATCH: 'url_mismatch', OO_INTERNAL: 'internal',
  };
  for (const [macro, contractName] of Object.entries(names)) {
    const m = new RegExp(`^#define ${macro} (\\d+)`, 'm').exec(text);
    assert.ok(m, `${macro} missing from the header`);
    assert.equal(native.fn.oo_status_name(Number(m[1])), contractName, macro);
  }
});
