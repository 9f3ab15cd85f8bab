#!/usr/bin/env node
'use strict';
// Generates lib/abi.js, the koffi view of the C header (include/oo_jwt.h), so that nothing in the
// wrapper is copied from it by hand:
//   CONSTANTS           every `OO_*` #define and enum member, with its value;
//   ENUMS               each enum's members by enum name (OoStatus: what oo_status_name names;
//                       OoAlg: the algorithm bits);
//   OO_OPTIONS_FIELDS   struct OoOptions field by field: [C type, name], in the header's order;
//   FUNCTIONS           every function as a koffi prototype: typedefs resolved to their integer
//                       types, `char **` results declared `void **` (the wrapper reads the pointer
//                       the core stored, copies the text and gives that pointer back to oo_free,
//                       declared `void *` for it), everything else as the header spells it.
// Declarations inside a preprocessor condition other than the header's guard and `__cplusplus`
// (a test-only feature) are not part of the library every build ships, so they are left out.
//
// Usage: node scripts/gen-abi.js [--check] [HEADER]
//   HEADER defaults to $OO_JWT_INCLUDE/oo_jwt.h, else ../../include/oo_jwt.h.
//   --check writes nothing and exits 1 when lib/abi.js differs from what the header gives.

const fs = require('node:fs');
const path = require('node:path');

/** The header's declarations, as { constants, enums, typedefs, fields, functions }. */
function parseHeader(source) {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const constants = {};
  const kept = [];
  const active = []; // one boolean per open conditional
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('#')) {
      let m;
      if ((m = /^#\s*ifn?def\s+(\w+)/.exec(t)))
        // The guard and the C side of `__cplusplus` stay; a feature condition is not the ABI.
        active.push(t.includes('ifndef') ? true : false);
      else if (/^#\s*if\b/.test(t)) active.push(false);
      else if (/^#\s*else\b/.test(t)) active.push(!active.pop());
      else if (/^#\s*endif\b/.test(t)) active.pop();
      else if (active.every(Boolean) && (m = /^#\s*define\s+(OO_\w+)\s+\(?(-?\d+)\)?\s*$/.exec(t)))
        constants[m[1]] = Number(m[2]);
      continue;
    }
    if (active.every(Boolean)) kept.push(line);
  }
  const c = kept.join('\n');
  const enums = {};
  for (const [, name, body] of c.matchAll(/\benum\s+(\w+)\s*\{([^}]*)\}\s*;/g)) {
    let next = 0;
    for (const member of body.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\w+)\s*(?:=\s*(-?\w+))?$/.exec(member);
      if (!m) throw new Error(`cannot read enum ${name} member ${member}`);
      const value = m[2] === undefined ? next : Number(m[2]);
      if (!Number.isInteger(value)) throw new Error(`enum ${name}: ${member} is not a number`);
      constants[m[1]] = value;
      (enums[name] = enums[name] || {})[m[1]] = value;
      next = value + 1;
    }
  }
  const typedefs = {};
  for (const [, type, name] of c.matchAll(/\btypedef\s+(\w+)\s+(\w+)\s*;/g)) typedefs[name] = type;
  const s = /\btypedef\s+struct\s+OoOptions\s*\{([^}]*)\}\s*OoOptions\s*;/.exec(c);
  if (!s) throw new Error('struct OoOptions not found');
  const fields = s[1].split(';').map((f) => f.trim()).filter(Boolean).map(splitDecl);
  const functions = [];
  for (const [, ret, name, params] of c.matchAll(/^[ \t]*((?:const\s+)?(?:enum\s+|struct\s+)?\w+[\s*]*?)\s*\b(oo_\w+)\s*\(([^)]*)\)\s*;/gm))
    functions.push({
      ret: normType(ret),
      name,
      params: params.trim() === 'void' ? [] : params.split(',').map(splitDecl),
    });
  return { constants, enums, typedefs, fields, functions };
}

/** One spelling for a C type: `const  struct OoOptions*` → `const OoOptions *`. */
function normType(t) {
  return t.replace(/\b(struct|enum)\s+/g, '').replace(/\s*\*\s*/g, ' *').replace(/\s+/g, ' ')
    .replace(/\* \*/g, '**').trim();
}

/** `type name` (or `type *name`) → [type, name]. */
function splitDecl(d) {
  const m = /^([\s\S]*?)(\w+)$/.exec(d.trim());
  return [normType(m[1]), m[2]];
}

/** The koffi prototype of one header function. */
function prototype(f, typedefs) {
  const resolve = (t) => t.replace(/\w+/g, (w) => typedefs[w] || w);
  const param = ([t, n]) => {
    let k = resolve(t);
    if (k === 'char **') k = 'void **';
    else if (f.name === 'oo_free' && k === 'char *') k = 'void *';
    return `${k}${k.endsWith('*') ? '' : ' '}${n}`;
  };
  const ret = resolve(f.ret);
  return `${ret}${ret.endsWith('*') ? '' : ' '}${f.name}(${f.params.map(param).join(', ') || 'void'})`;
}

function generate(source) {
  const h = parseHeader(source);
  if (!h.functions.some((f) => f.name === 'oo_sign') || !('OO_OK' in h.constants))
    throw new Error('this does not look like oo_jwt.h');
  const lit = (v) => `[${v.map((x) => `'${x}'`).join(', ')}]`;
  const obj = (o) => Object.entries(o).map(([k, v]) => `  ${k}: ${v},`).join('\n');
  return `'use strict';
// GENERATED from include/oo_jwt.h by scripts/gen-abi.js: do not edit (make gen).

/** Every \`OO_*\` constant and enum member of the header. */
exports.CONSTANTS = Object.freeze({
${obj(h.constants)}
});

/** Each enum's members, by enum name. */
exports.ENUMS = Object.freeze({
${Object.entries(h.enums).map(([n, m]) => `  ${n}: Object.freeze({\n${Object.entries(m).map(([k, v]) => `    ${k}: ${v},\n`).join('')}  }),`).join('\n')}
});

/** struct OoOptions: [C type, field], in the header's order. */
exports.OO_OPTIONS_FIELDS = Object.freeze([
${h.fields.map((f) => `  ${lit(f)},`).join('\n')}
]);

/** Every function of the header as a koffi prototype. */
exports.FUNCTIONS = Object.freeze([
${h.functions.map((f) => `  '${prototype(f, h.typedefs)}',`).join('\n')}
]);
`;
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const root = path.resolve(__dirname, '..');
  const header =
    args.find((a) => a !== '--check') ||
    (process.env.OO_JWT_INCLUDE
      ? path.join(process.env.OO_JWT_INCLUDE, 'oo_jwt.h')
      : path.resolve(root, '..', '..', 'include', 'oo_jwt.h'));
  const out = path.join(root, 'lib', 'abi.js');
  let content;
  try {
    content = generate(fs.readFileSync(header, 'utf8'));
  } catch (e) {
    process.stderr.write(`gen-abi: ${header}: ${e.message}\n`);
    process.exit(2);
  }
  const old = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
  if (old === content) {
    if (check) console.log(`gen-abi: lib/abi.js matches ${header}`);
    return;
  }
  if (check) {
    process.stderr.write(`gen-abi: lib/abi.js is out of date with ${header} (run \`make gen\`)\n`);
    process.exit(1);
  }
  fs.writeFileSync(out, content);
  console.log('gen-abi: wrote lib/abi.js');
}

if (require.main === module) main();
module.exports = { parseHeader, normType, splitDecl };
