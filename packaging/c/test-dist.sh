#!/usr/bin/env bash
# Usage: packaging/c/test-dist.sh ROOT [WINE]: checks the tarballs `dist.sh` wrote to ROOT/dist/c.
# linux-x86_64, in a scratch directory outside the repository with a clean environment (no OO_JWT_*,
# no LD_LIBRARY_PATH): the commands and CMakeLists.txt of README.md's "Use it from your own project
# (C)" and its C example, as written; both programs of CMake and of pkg-config run; then the shared
# library is removed and the loader's and CMake's errors are checked. Every tarball's layout; the
# example built against the musl, arm64 and Windows tarballs and run (musl's loader, qemu-aarch64, and
# Wine when WINE, a command, is given), where those tools are installed.
set -euo pipefail
root=$1; wine=${2:-}
dist=$root/dist/c
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
fail() { echo "test-dist-c: $*" >&2; exit 1; }
step() { echo "== $*"; }
T="timeout 300"

scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
case $scratch in "$root"/*) fail "scratch directory $scratch is inside the repository";; esac
proj=$scratch/project; mkdir -p "$proj/dist/c" "$scratch/home"
cp "$dist/oo_jwt-$version-linux-x86_64.tar.gz" "$proj/dist/c/"

# The README is what is tested: its C example, and the section's sh blocks and CMakeLists.txt.
awk '/^```c$/{on=1;next} /^```$/{on=0} on' "$root/README.md" > "$proj/example.c"
grep -q readme-example "$proj/example.c" || fail "no C example in README.md"
section() { awk '/^## Use it from your own project \(C\)$/{on=1;next} /^## /{on=0} on' "$root/README.md"; }
section | awk '/^```cmake$/{on=1;next} /^```$/{on=0} on' > "$proj/CMakeLists.txt"
section | awk '/^```sh$/{on=1;next} /^```$/{on=0} on' > "$scratch/readme.sh"
[[ -s $proj/CMakeLists.txt && $(grep -c . "$scratch/readme.sh") -ge 6 ]] || fail "README's C section has no CMakeLists.txt or commands"

step "linux-x86_64: the README's commands in $proj (CMake: shared and static; pkg-config: shared and --static)"
(cd "$proj" && $T env -i PATH="$PATH" HOME="$scratch/home" LANG=C.UTF-8 bash -euo pipefail -x "$scratch/readme.sh") \
    > "$scratch/readme.log" 2>&1 || { cat "$scratch/readme.log"; fail "the README's commands failed"; }
grep -c '^wrong secret: bad_signature' "$scratch/readme.log" | grep -qx 4 || { cat "$scratch/readme.log"; fail "not four runs of the example"; }
pkg=$(echo "$scratch"/home/opt/oo_jwt-*-linux-x86_64)
[[ $pkg == "$scratch/home/opt/oo_jwt-$version-linux-x86_64" ]] || fail "unpacked as $pkg, not version $version"

# Each program: the shared ones need liboo_jwt.so by name and find it through an RPATH into the
# unpacked tree; the static ones need no liboo_jwt at all; none refers to the repository.
for b in build/example example; do
  d=$(readelf -d "$proj/$b")
  grep -q 'NEEDED.*\[liboo_jwt.so\]' <<<"$d" || fail "$b does not need liboo_jwt.so by name"
  grep -qE "R(UN)?PATH.*$pkg/lib" <<<"$d" || fail "$b has no RPATH to $pkg/lib"
done
for b in build/example_static example_static; do
  ! grep -q 'liboo_jwt' <<<"$(readelf -d "$proj/$b")" || fail "$b is not linked statically"
done
for b in build/example example build/example_static example_static; do
  ! grep -qF "$root" <<<"$(strings "$proj/$b")" || fail "$b refers to the repository"
done
echo "  CMake and pkg-config: shared (RPATH into the package) and static programs built and ran"

step "linux-x86_64: the version file, and the library removed from the unpacked tree"
mkdir -p "$scratch/v"
printf 'cmake_minimum_required(VERSION 3.13)\nproject(v C)\nfind_package(oo_jwt %s CONFIG REQUIRED)\n' "${version%.*}" > "$scratch/v/CMakeLists.txt"
$T cmake -S "$scratch/v" -B "$scratch/v/ok" -DCMAKE_PREFIX_PATH="$pkg" > /dev/null || fail "find_package(oo_jwt ${version%.*}) failed"
sed -i "s/find_package(oo_jwt [^ ]*/find_package(oo_jwt $((${version%%.*} + 1)).0/" "$scratch/v/CMakeLists.txt"
! $T cmake -S "$scratch/v" -B "$scratch/v/next" -DCMAKE_PREFIX_PATH="$pkg" > /dev/null 2>&1 || fail "a newer major version was accepted"
rm "$pkg/lib/liboo_jwt.so"
if out=$(cd "$proj" && env -i PATH="$PATH" ./build/example 2>&1); then fail "the shared program ran without its library"; fi
grep -q 'liboo_jwt.so' <<<"$out" || fail "the loader's error does not name liboo_jwt.so: $out"
echo "  loader: $out"
(cd "$proj" && env -i PATH="$PATH" ./build/example_static > /dev/null) || fail "the static program needs the shared library"
if out=$(cd "$proj" && $T env -i PATH="$PATH" cmake -S . -B build2 -DCMAKE_PREFIX_PATH="$pkg" 2>&1); then fail "CMake configured without the library"; fi
out=$(tr -s ' \n' ' ' <<<"$out")   # CMake wraps its messages
for w in "$pkg/lib/liboo_jwt.so is missing" "unpack oo_jwt-$version-linux-x86_64.tar.gz again" CMAKE_PREFIX_PATH; do
  grep -qF "$w" <<<"$out" || { echo "$out"; fail "CMake's error lacks: $w"; }
done
echo "  CMake: $(grep -oF "$pkg/lib/liboo_jwt.so is missing" <<<"$out") (and the fix)"

step "every tarball: its files, its pkg-config version, its header, its library's machine"
for plat in linux-x86_64 linux-aarch64 linux-x86_64-musl windows-x86_64; do
  tb=$dist/oo_jwt-$version-$plat.tar.gz
  [[ -f $tb ]] || fail "$tb is missing"
  want="LICENSE README.md include/oo_jwt.h lib/cmake/oo_jwt/oo_jwtConfig.cmake lib/cmake/oo_jwt/oo_jwtConfigVersion.cmake lib/liboo_jwt.a lib/pkgconfig/oo_jwt.pc"
  case $plat in
    windows-*) want="$want bin/oo_jwt.dll lib/liboo_jwt.dll.a lib/oo_jwt.def" ;;
    *) want="$want lib/liboo_jwt.so" ;;
  esac
  got=$(tar -tzf "$tb" | grep -v '/$' | sed "s|^oo_jwt-$version-$plat/||" | sort | tr '\n' ' ')
  [[ $got == "$(tr ' ' '\n' <<<"$want" | sort | tr '\n' ' ')" ]] || fail "$plat: unexpected files: $got"
  x=$scratch/layout/$plat; mkdir -p "$x"; tar -xzf "$tb" -C "$x"; x=$x/oo_jwt-$version-$plat
  [[ $(PKG_CONFIG_PATH=$x/lib/pkgconfig pkg-config --modversion oo_jwt) == "$version" ]] || fail "$plat: oo_jwt.pc's version"
  cmp -s "$x/include/oo_jwt.h" "$root/include/oo_jwt.h" || fail "$plat: a stale header"
  case $plat in
    linux-x86_64) m='X86-64' ;; linux-aarch64) m='AArch64' ;; linux-x86_64-musl) m='X86-64' ;; *) m='' ;;
  esac
  if [[ -n $m ]]; then
    grep -q "Machine:.*$m" <<<"$(readelf -h "$x/lib/liboo_jwt.so")" || fail "$plat: liboo_jwt.so is not $m"
  else
    grep -q 'pei-x86-64' <<<"$(objdump -f "$x/bin/oo_jwt.dll")" || fail "$plat: oo_jwt.dll is not x86-64"
  fi
  [[ $plat != *musl ]] || grep -q 'NEEDED.*\[libc.so\]' <<<"$(readelf -d "$x/lib/liboo_jwt.so")" || fail "musl: not linked against musl's libc.so"
  echo "  $plat: $(wc -w <<<"$want") files as expected"
done

# The other Linux tarballs through pkg-config, as the README says, where the compilers are here
# (make test-dist-c's dist-libs installs them): musl's shared build run with musl's loader; arm64 shared
# and static, run under qemu-aarch64 with Debian's arm64 libc (SIGKILL-bounded: a hung qemu ignores TERM).
lay=$scratch/layout
if command -v musl-gcc > /dev/null; then
  step "linux-x86_64-musl: the example through pkg-config with musl-gcc, run"
  m=$lay/linux-x86_64-musl/oo_jwt-$version-linux-x86_64-musl; export PKG_CONFIG_PATH=$m/lib/pkgconfig
  $T musl-gcc -std=c11 -Wall -Wextra -Werror "$proj/example.c" -o "$scratch/example-musl" $(pkg-config --cflags --libs oo_jwt) \
      -Wl,-rpath,"$(pkg-config --variable=libdir oo_jwt)" || fail "musl-gcc against the package"
  unset PKG_CONFIG_PATH
  grep -q 'ld-musl' <<<"$(readelf -l "$scratch/example-musl")" || fail "the musl example is not linked against musl"
  out=$(env -i "$scratch/example-musl") || fail "the musl example failed: $out"
  grep -q '^wrong secret: bad_signature' <<<"$out" || fail "unexpected musl output: $out"
  echo "  ran against lib/liboo_jwt.so with musl's loader"
fi
if command -v aarch64-linux-gnu-gcc > /dev/null && command -v qemu-aarch64 > /dev/null; then
  step "linux-aarch64: the example through pkg-config (shared and --static), run under qemu-aarch64"
  a=$lay/linux-aarch64/oo_jwt-$version-linux-aarch64; export PKG_CONFIG_PATH=$a/lib/pkgconfig
  $T aarch64-linux-gnu-gcc -std=c11 "$proj/example.c" -o "$scratch/example-arm64" $(pkg-config --cflags --libs oo_jwt) \
      -Wl,-rpath,"$(pkg-config --variable=libdir oo_jwt)" || fail "aarch64 gcc against the package (shared)"
  $T aarch64-linux-gnu-gcc -std=c11 "$proj/example.c" -o "$scratch/example-arm64-static" -Wl,-Bstatic \
      $(pkg-config --static --cflags --libs oo_jwt) || fail "aarch64 gcc against the package (static)"
  unset PKG_CONFIG_PATH
  ! grep -q liboo_jwt <<<"$(readelf -d "$scratch/example-arm64-static")" || fail "the arm64 static example needs liboo_jwt.so"
  for b in example-arm64 example-arm64-static; do
    out=$(timeout -s KILL 300 qemu-aarch64 -L /usr/aarch64-linux-gnu "$scratch/$b" 2>&1) || fail "$b under qemu: $out"
    grep -q '^wrong secret: bad_signature' <<<"$out" || fail "unexpected $b output: $out"
  done
  echo "  ran: shared (RPATH into the package) and static"
fi

if command -v x86_64-w64-mingw32-gcc > /dev/null; then
  step "windows-x86_64: the example built with mingw-w64 through pkg-config and through CMake"
  w=$scratch/layout/windows-x86_64/oo_jwt-$version-windows-x86_64 o=$scratch/win; mkdir -p "$o/static"
  export PKG_CONFIG_PATH=$w/lib/pkgconfig
  $T x86_64-w64-mingw32-gcc -std=c11 -Wall -Wextra -Werror "$proj/example.c" -o "$o/example.exe" \
      $(pkg-config --cflags --libs oo_jwt) || fail "mingw-w64 against the DLL"
  $T x86_64-w64-mingw32-gcc -std=c11 "$proj/example.c" -o "$o/static/example.exe" -Wl,-Bstatic \
      $(pkg-config --static --cflags --libs oo_jwt) || fail "mingw-w64 against the static library"
  unset PKG_CONFIG_PATH
  cat > "$o/toolchain.cmake" <<'TC'
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
TC
  $T cmake -S "$proj" -B "$o/cmake" -DCMAKE_TOOLCHAIN_FILE="$o/toolchain.cmake" -DCMAKE_PREFIX_PATH="$w" > "$o/cmake.log" 2>&1 \
      && $T cmake --build "$o/cmake" >> "$o/cmake.log" 2>&1 || { cat "$o/cmake.log"; fail "CMake with mingw-w64"; }
  grep -q 'DLL Name: oo_jwt.dll' <<<"$(objdump -p "$o/example.exe")" || fail "example.exe does not import oo_jwt.dll"
  ! grep -q 'DLL Name: oo_jwt.dll' <<<"$(objdump -p "$o/static/example.exe")" || fail "the static example.exe imports oo_jwt.dll"
  echo "  built: pkg-config shared and static, CMake shared and static"
  if [[ -n $wine ]]; then
    step "windows-x86_64 under Wine: the README example, against the DLL and static"
    cp "$w/bin/oo_jwt.dll" "$o/"
    for d in "$o" "$o/static"; do
      [[ -z ${WINE_EXTRA_DLL:-} ]] || cp "$WINE_EXTRA_DLL" "$d/"
      (cd "$d" && $T $wine ./example.exe > run.log 2>&1) || { cat "$d/run.log"; fail "example.exe under Wine ($d)"; }
      grep -q '^wrong secret: bad_signature' "$d/run.log" || { cat "$d/run.log"; fail "unexpected output under Wine"; }
    done
    echo "  ran: both print the token, the claims, and bad_signature for a wrong secret"
  fi
fi
echo "test-dist-c: passed"
