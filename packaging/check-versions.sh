#!/usr/bin/env bash
# check-versions.sh ROOT VERSION: every package manifest carries Cargo.toml's version (VERSION).
set -euo pipefail
root=$1 version=$2 bad=0
check() { [ "$2" = "$version" ] || { echo "$1 says version '$2', Cargo.toml says '$version'"; bad=1; }; }
check bindings/python/pyproject.toml "$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/bindings/python/pyproject.toml")"
check bindings/node/package.json "$(node -p "require('$root/bindings/node/package.json').version")"
check bindings/java/pom.xml "$(sed -n '0,/<version>/s|^  <version>\(.*\)</version>|\1|p' "$root/bindings/java/pom.xml")"
exit $bad
