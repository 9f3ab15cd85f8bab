#!/usr/bin/env bash
# node.sh DIST DEPS: `npm install` of dist/node's tarball (with koffi's tarballs from DEPS) into a
# scratch project, offline with an empty npm cache; the README's quick start and a sign+verify run
# there, from the library inside the package; with that library removed, the error names it and
# where it was looked for.
set -euo pipefail
source "$(dirname "$0")/common.sh"
dist=$1 deps=$2
cd "$scratch"
mkdir app && cd app
echo '{"name": "scratch", "version": "1.0.0", "private": true}' > package.json
export npm_config_cache=$scratch/npm-cache
npm install --offline --ignore-scripts --no-audit --no-fund --loglevel=error \
  "$deps"/koffi-*.tgz "$deps"/koromix-koffi-linux-x64-*.tgz "$dist"/node/oo-jwt-*.tgz > install.log 2>&1 \
  || { cat install.log; fail "npm install of the oo-jwt tarball"; }
readme_block "$root/bindings/node/README.md" js "require('oo-jwt')" > example.js
[ -s example.js ] || fail "no quick start block in bindings/node/README.md"
node example.js > example.log 2>&1 || { cat example.log; fail "the README quick start fails in the installed package"; }
cat > check.js <<'JS'
const path = require('node:path');
const jwt = require('oo-jwt');
const secret = 'a-packaged-secret-0123456789abcdef';
const token = jwt.sign({ key: 'Khirz6zTPdfd7', status: 2 }, secret);
const claims = jwt.verify(token, secret);
if (claims.key !== 'Khirz6zTPdfd7' || claims.status !== 2) throw new Error('claims: ' + JSON.stringify(claims));
let refused = false;
try { jwt.verify(token, 'another-secret-0123456789abcdefgh'); } catch (e) { refused = e instanceof jwt.JwtError && e.code === 'bad_signature'; }
if (!refused) throw new Error('a wrong secret was not refused');
const lib = path.join(__dirname, 'node_modules', 'oo-jwt', 'native', 'linux-x86_64', 'liboo_jwt.so');
const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
if (!maps.includes(lib)) throw new Error('the library loaded is not ' + lib);
console.log('ok', lib);
JS
node check.js || fail "sign+verify through the installed package"
echo "node: tarball installed offline into a scratch project, README quick start and sign+verify: ok"
rm node_modules/oo-jwt/native/linux-x86_64/liboo_jwt.so
out=$(node check.js 2>&1) && fail "the package loaded with its library removed"
grep -q "native library liboo_jwt.so not found (looked at: $scratch/app/node_modules/oo-jwt/native/linux-x86_64/liboo_jwt.so" <<<"$out" \
  || { echo "$out"; fail "unclear missing-library error"; }
echo "node: a removed library gives a clear error: ok"
