#!/usr/bin/env bash
# Builds the Composer package oo-jwt/oo-jwt with every platform's library inside:
#   dist/php/oo-jwt/                   the package, unpacked (for a Composer `path` repository)
#   dist/php/oo-jwt-oo-jwt-VERSION.zip the same, zipped (for a Composer `artifact` repository)
# The version is Cargo.toml's; the libraries are dist/native/<platform>/ (make dist-libs), copied to
# lib/<platform>/, the names Jwt::libraryPath() picks from.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
native=$root/dist/native
out=$root/dist/php
version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)
[[ -n $version ]] || { echo "dist-php: no version in Cargo.toml" >&2; exit 1; }
platforms=(linux-x86_64 linux-aarch64 linux-x86_64-musl windows-x86_64)
rm -rf "$out" && mkdir -p "$out/oo-jwt/lib"
pkg=$out/oo-jwt
for p in "${platforms[@]}"; do
  lib=liboo_jwt.so; [[ $p == windows-* ]] && lib=oo_jwt.dll
  [[ -f $native/$p/$lib ]] || { echo "dist-php: $native/$p/$lib is missing (make dist-libs)" >&2; exit 1; }
  mkdir -p "$pkg/lib/$p" && cp "$native/$p/$lib" "$pkg/lib/$p/"
done
cp -r "$here/src" "$here/ffi" "$here/bin" "$here/preload.php" "$here/README.md" "$pkg/"
# The published composer.json: the source one without what only the repository's tests need, with
# the one version.
php -r '
  $c = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
  unset($c["require-dev"], $c["autoload-dev"], $c["scripts"], $c["archive"]);
  $c = ["name" => $c["name"], "description" => $c["description"], "version" => $argv[2]] + $c;
  file_put_contents($argv[3], json_encode($c, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
' "$here/composer.json" "$version" "$pkg/composer.json"
# Fixed timestamps and order, so the same inputs give the same zip.
find "$pkg" -exec touch -d @0 {} +
(cd "$pkg" && find . -type f | LC_ALL=C sort | sed 's|^\./||' | TZ=UTC zip -q -X -@ "$out/oo-jwt-oo-jwt-$version.zip")
echo "dist/php/oo-jwt-oo-jwt-$version.zip: $(cd "$pkg" && find lib -type f | LC_ALL=C sort | tr '\n' ' ')"
