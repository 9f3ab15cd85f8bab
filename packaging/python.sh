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
tar -tzf "$out/oo_jwt-$version.tar.gz" | grep -c "/rust/src/ffi.rs$" > /dev/null || { echo "the sdist carries no Rust sources"; exit 1; }
# platform dir, library file, wheel platform tag
while read -r dir lib tag; do
  OO_JWT_LIB=$native/$dir/$lib OO_JWT_WHEEL_PLATFORM=$tag \
    "$py" -m build --wheel --no-isolation --outdir "$out" "$stage" > "$stage.$tag.log" 2>&1 || { cat "$stage.$tag.log"; exit 1; }
  whl=$out/oo_jwt-$version-py3-none-$tag.whl
  unzip -l "$whl" | grep -c " oo_jwt/$lib$" > /dev/null || { echo "$whl: no oo_jwt/$lib inside"; exit 1; }
  cmp -s <(unzip -p "$whl" "oo_jwt/$lib") "$native/$dir/$lib" || { echo "$whl: oo_jwt/$lib is not dist/native/$dir/$lib"; exit 1; }
  [ "$(unzip -l "$whl" | grep -cE ' oo_jwt/[^/]+\.(so|dll|dylib)$')" = 1 ] || { echo "$whl: more than one library inside"; exit 1; }
  case $tag in
    musllinux*)
      # auditwheel analyses musl wheels only on a musl system (here it would read glibc's libc.so);
      # the library must need nothing but musl's libc.so (Rust's musl target is built on musl 1.2).
      needed=$(readelf -d "$native/$dir/$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
      [ "$needed" = "libc.so " ] || { echo "$tag: the library needs $needed, not musl's libc.so alone"; exit 1; }
      readelf -h "$native/$dir/$lib" | grep -c 'Machine:.*X86-64' > /dev/null || { echo "$tag: not an x86-64 library"; exit 1; }
      echo "$tag     readelf: needs only musl's libc.so; x86-64"
      ;;
    manylinux*)
      # auditwheel names the most compatible tag the library qualifies for; ours must be one of those.
      found=$("$py" -m auditwheel show "$whl" 2>&1 | tr -d '\n' | grep -oE 'following platform tag: *"[a-z0-9_]+"' | head -1 | cut -d'"' -f2)
      [ -n "$found" ] || { "$py" -m auditwheel show "$whl"; exit 1; }
      # auditwheel 6.2 names the tag with this machine's architecture whatever the wheel's, so the
      # architecture is checked here from the library's ELF header instead.
      python3 - "$found" "$tag" "$native/$dir/$lib" <<'PY' || exit 1
import struct, sys
found, tag, lib = sys.argv[1:]
def key(t):
    family, major, minor, arch = t.split("_", 3)
    return family, (int(major), int(minor)), arch
(ff, fv, _), (tf, tv, ta) = key(found), key(tag)
if ff != tf or fv > tv:
    sys.exit("wheel tagged %s, but auditwheel finds the library needs %s" % (tag, found))
with open(lib, "rb") as f:
    machine = struct.unpack("<H", f.read(20)[18:20])[0]
if {62: "x86_64", 183: "aarch64"}.get(machine) != ta:
    sys.exit("wheel tagged %s, but %s is for ELF machine %d" % (tag, lib, machine))
print("%-24s auditwheel: symbol versions allow %s_%d_%d; ELF machine %s" % (tag, ff, fv[0], fv[1], ta))
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
