#!/usr/bin/env bash
# stage-rust.sh ROOT DEST: the Rust sources the library needs, into DEST (a package's own copy, so it
# builds with no repository around it): src/, the header, build.rs, cbindgen.toml, Cargo.lock, and a
# Cargo.toml without the workspace (the CLI), the tests, the benchmarks and the dev-dependencies.
set -euo pipefail
root=$1 dest=$2
rm -rf "$dest" && mkdir -p "$dest/include"
cp -r "$root/src" "$root/build.rs" "$root/cbindgen.toml" "$root/Cargo.lock" "$dest/"
cp "$root/include/oo_jwt.h" "$dest/include/"
awk '/^\[/ { skip = ($0 == "[workspace]" || $0 == "[[test]]" || $0 == "[[bench]]" || $0 == "[dev-dependencies]") }
     !skip' "$root/Cargo.toml" > "$dest/Cargo.toml"
