#!/usr/bin/env bash
# python.sh ROOT VERSION PYTHON: dist/python/, the sdist (with the Rust sources in rust/) and one
# platform wheel per dist/native/ platform, each with that platform's library inside. PYTHON has
# build, setuptools, wheel and auditwheel (the Makefile's tool venv). The manylinux and musllinux
# tags are checked against what auditwheel finds in the library (its symbol versions and imports).
set -euo pipefail
root=$1 version=$2 py=$3
stage=$root/target/dist/python/oo_jwt-$version out=$root/dist/python native=$root/dist/native
rm -rf "$stage" "$out" && mkdir -p "$stage" "$out"
(cd "$root/bindings/python" && git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t "$stage")
bash "$root/packaging/stage-rust.sh" "$root" "$stage/rust"
"$py" -m build --sdist --no-isolation --outdir "$out" "$stage" > "$stage.sdist.log" 2>&1 || { cat "$stage.sdist.log"; exit 1; }
tar -tzf "$out/oo_jwt-$version.tar.gz" | grep -q "/rust/src/ffi.rs$" || { echo "the sdist carries no Rust sources"; exit 1; }
# platform dir, library file, wheel platform tag
while read -r dir lib tag; do
  OO_JWT_LIB=$native/$dir/$lib OO_JWT_WHEEL_PLATFORM=$tag \
    "$py" -m build --wheel --no-isolation --outdir "$out" "$stage" > "$stage.$tag.log" 2>&1 || { cat "$stage.$tag.log"; exit 1; }
  whl=$out/oo_jwt-$version-py3-none-$tag.whl
  unzip -l "$whl" | grep -q " oo_jwt/$lib$" || { echo "$whl: no oo_jwt/$lib inside"; exit 1; }
  case $tag in
    manylinux*|musllinux*)
      # auditwheel names the most compatible tag the library qualifies for; ours must be one of those.
      found=$("$py" -m auditwheel show "$whl" 2>&1 | tr -d '\n' | grep -oE 'following platform tag: *"[a-z0-9_]+"' | head -1 | cut -d'"' -f2)
      [ -n "$found" ] || { "$py" -m auditwheel show "$whl"; exit 1; }
      python3 - "$found" "$tag" <<'PY' || exit 1
import sys
found, tag = sys.argv[1:]
def key(t):
    family, major, minor, arch = t.split("_", 3)
    return family, arch, (int(major), int(minor))
f, t = key(found), key(tag)
if f[:2] != t[:2] or f[2] > t[2]:
    sys.exit("wheel tagged %s, but auditwheel finds the library needs %s" % (tag, found))
print("%-48s auditwheel: consistent with %s" % (tag, found))
PY
      ;;
    *) echo "$tag" ;;
  esac
done <<LIST
linux-x86_64 liboo_jwt.so manylinux_2_28_x86_64
linux-aarch64 liboo_jwt.so manylinux_2_28_aarch64
linux-x86_64-musl liboo_jwt.so musllinux_1_2_x86_64
windows-x86_64 oo_jwt.dll win_amd64
LIST
rm -rf "$stage/build" "$stage"/*.egg-info
ls "$out"
