#!/usr/bin/env bash
# node.sh ROOT: dist/node/oo-jwt-<version>.tgz, one npm package carrying every platform's library in
# native/<platform>/ (the layout lib/native.js looks in: linux-x86_64, linux-aarch64,
# linux-x86_64-musl, windows-x86_64). Its dependency koffi is repacked from bindings/node/node_modules
# (installed from the lock file, integrity-checked) into target/dist/node-deps/ for test-dist, which
# installs with no registry.
set -euo pipefail
root=$1
stage=$root/target/dist/node/oo-jwt out=$root/dist/node deps=$root/target/dist/node-deps native=$root/dist/native
rm -rf "$stage" "$out" "$deps" && mkdir -p "$stage" "$out" "$deps"
(cd "$root/bindings/node" && git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t "$stage")
for p in linux-x86_64 linux-aarch64 linux-x86_64-musl; do mkdir -p "$stage/native/$p"; cp "$native/$p/liboo_jwt.so" "$stage/native/$p/"; done
mkdir -p "$stage/native/windows-x86_64" && cp "$native/windows-x86_64/oo_jwt.dll" "$stage/native/windows-x86_64/"
export npm_config_cache=${npm_config_cache:-$HOME/.cache/oo-jwt-npm}
(cd "$stage" && npm pack --ignore-scripts --loglevel=error --pack-destination "$out" > /dev/null)
tgz=$(ls "$out"/oo-jwt-*.tgz)
for f in native/linux-x86_64/liboo_jwt.so native/linux-aarch64/liboo_jwt.so native/linux-x86_64-musl/liboo_jwt.so \
         native/windows-x86_64/oo_jwt.dll lib/native.js index.js; do
  tar -tzf "$tgz" | grep -cx "package/$f" > /dev/null || { echo "$tgz: no $f inside"; exit 1; }
done
for f in linux-x86_64/liboo_jwt.so linux-aarch64/liboo_jwt.so linux-x86_64-musl/liboo_jwt.so windows-x86_64/oo_jwt.dll; do
  cmp -s <(tar -xOzf "$tgz" "package/native/$f") "$native/$f" || { echo "$tgz: native/$f is not dist/native/$f"; exit 1; }
done
! tar -xOzf "$tgz" package/package.json | grep -c '"private"' > /dev/null || { echo "$tgz: marked private"; exit 1; }
make -s --no-print-directory -C "$root/bindings/node" deps > /dev/null
(cd "$deps" && npm pack --ignore-scripts --loglevel=error "$root/bindings/node/node_modules/koffi" \
    "$root/bindings/node/node_modules/@koromix/koffi-linux-x64" > /dev/null)
echo "$(basename "$tgz"): $(tar -tzf "$tgz" | grep -c '^package/native/.*\(so\|dll\)$') platform libraries inside"
