#!/usr/bin/env bash
# Usage: packaging/c/dist.sh ROOT OUT: one C tarball per platform of ROOT/dist/native/ into OUT
# (oo_jwt-<version>-<platform>.tar.gz): include/, lib/ (shared and static library; on Windows the DLL
# in bin/), lib/pkgconfig/oo_jwt.pc, lib/cmake/oo_jwt/, LICENSE, README.md. The version is Cargo.toml's.
set -euo pipefail
root=$1; out=$2
here=$(cd "$(dirname "$0")" && pwd)
native=$root/dist/native
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
[[ $version =~ ^([0-9]+)\.([0-9]+)\.[0-9]+ ]] || { echo "dist-c: no version in Cargo.toml" >&2; exit 1; }
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
license=$root/LICENSE
[[ -f $license ]] || { echo "dist-c: $license is missing" >&2; exit 1; }

# The system libraries a static link of the Rust archive needs (`rustc --print native-static-libs`
# per target; Windows adds bcrypt and advapi32, which the library imports). A static musl link needs
# an unwinder (LLVM's libunwind, as Rust's own musl target uses), which finds frames only through
# --eh-frame-hdr, which gcc leaves out of static links.
static_libs() {
  case $1 in
    linux-x86_64|linux-aarch64) echo "gcc_s util rt pthread m dl c" ;;
    linux-x86_64-musl) echo "unwind c" ;;
    windows-x86_64) echo "ws2_32 userenv bcrypt ntdll advapi32 kernel32" ;;
    *) echo "dist-c: unknown platform $1" >&2; return 1 ;;
  esac
}
static_opts() { [[ $1 == linux-x86_64-musl ]] && echo "-Wl,--eh-frame-hdr" || true; }

rm -rf "$out" && mkdir -p "$out"
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
for dir in "$native"/*/; do
  plat=$(basename "$dir")
  libs=$(static_libs "$plat"); opts=$(static_opts "$plat")
  name=oo_jwt-$version-$plat
  t=$stage/$name
  mkdir -p "$t/include" "$t/lib/pkgconfig" "$t/lib/cmake/oo_jwt"
  cp "$dir/oo_jwt.h" "$t/include/"
  cp "$dir/liboo_jwt.a" "$t/lib/"
  if [[ $plat == windows-* ]]; then
    files="include/oo_jwt.h bin/oo_jwt.dll lib/liboo_jwt.dll.a lib/liboo_jwt.a"
    mkdir -p "$t/bin"
    cp "$dir/oo_jwt.dll" "$t/bin/"
    cp "$dir/liboo_jwt.dll.a" "$dir/oo_jwt.def" "$t/lib/"
    contents='- `include/oo_jwt.h`
- `bin/oo_jwt.dll`; `lib/liboo_jwt.dll.a` (its MinGW import library); `lib/oo_jwt.def` (for MSVC:
  `lib /def:lib\oo_jwt.def /machine:x64 /out:lib\oo_jwt.lib` makes the import library the CMake
  config then uses); `lib/liboo_jwt.a` (static, MinGW)'
    runtime='The program finds `oo_jwt.dll` beside it or on `PATH`: copy `bin/oo_jwt.dll` next to your `.exe`.'
    pcline='x86_64-w64-mingw32-gcc app.c -o app.exe $(pkg-config --cflags --libs oo_jwt)      # then copy bin/oo_jwt.dll beside app.exe
x86_64-w64-mingw32-gcc app.c -o app.exe -Wl,-Bstatic $(pkg-config --static --cflags --libs oo_jwt)   # static: no DLL needed'
  else
    files="include/oo_jwt.h lib/liboo_jwt.so lib/liboo_jwt.a"
    cp "$dir/liboo_jwt.so" "$t/lib/"
    contents='- `include/oo_jwt.h`
- `lib/liboo_jwt.so` (shared), `lib/liboo_jwt.a` (static)'
    runtime='A program built with CMake runs from its build tree as it is (CMake records `lib/` in its RPATH). An
installed program (`install(TARGETS app)`) loses that RPATH: set `INSTALL_RPATH` to the directory
where `liboo_jwt.so` lives, install the library beside a `$ORIGIN` RPATH, or link `oo_jwt::oo_jwt_static`.'
    pcline='cc app.c -o app $(pkg-config --cflags --libs oo_jwt) -Wl,-rpath,"$(pkg-config --variable=libdir oo_jwt)"
cc app.c -o app -Wl,-Bstatic $(pkg-config --static --cflags --libs oo_jwt)   # static: no .so needed'
    [[ $plat == *musl ]] && pcline=${pcline//cc app.c/musl-gcc app.c}
  fi
  pc_private=$(for l in $libs; do printf -- '-l%s ' "$l"; done; echo "$opts")
  sed -e "s|@VERSION@|$version|g" -e "s|@PLATFORM@|$plat|g" -e "s|@PC_PRIVATE@|${pc_private% }|g" \
      "$here/oo_jwt.pc.in" > "$t/lib/pkgconfig/oo_jwt.pc"
  sed -i 's/ *$//' "$t/lib/pkgconfig/oo_jwt.pc"
  sed -e "s|@VERSION@|$version|g" -e "s|@PLATFORM@|$plat|g" -e "s|@CMAKE_STATIC_LIBS@|${libs// /;}|g" \
      -e "s|@CMAKE_STATIC_OPTIONS@|$opts|g" -e "s|@FILES@|$files|g" "$here/oo_jwtConfig.cmake.in" > "$t/lib/cmake/oo_jwt/oo_jwtConfig.cmake"
  sed -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|$major|g" -e "s|@VERSION_MINOR@|$minor|g" \
      "$here/oo_jwtConfigVersion.cmake.in" > "$t/lib/cmake/oo_jwt/oo_jwtConfigVersion.cmake"
  CONTENTS=$contents RUNTIME=$runtime PKGCONFIG=$pcline VERSION=$version PLATFORM=$plat python3 - \
      "$here/README.md.in" "$t/README.md" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
for k in ("CONTENTS", "RUNTIME", "PKGCONFIG", "VERSION", "PLATFORM"):
    text = text.replace("@%s@" % k, os.environ[k])
open(sys.argv[2], "w").write(text)
PY
  cp "$license" "$t/LICENSE"
  # Reproducible: sorted names, fixed times and owners, no gzip timestamp.
  tar -C "$stage" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$name" \
      | gzip -n -9 > "$out/$name.tar.gz"
  echo "${out#"$root"/}/$name.tar.gz"
done
