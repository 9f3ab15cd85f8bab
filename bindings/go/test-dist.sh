#!/usr/bin/env bash
# test-dist.sh MODULE_DIR MODULE VERSION [SHARED_LIB_DIR]: the packaged Go module used the way README.md's first section
# says, from a scratch module outside the repository, with no OO_JWT_*/CGO_* variable and no proxy:
# `go build` and run README.md's first program; then, in a copy of the module without the archive, the
# build must fail at link time naming the archive's path, and the README must say what to do about
# exactly that error.
set -euo pipefail
mod_dir=$1 module=$2 version=$3 native_dir=${4:-}
GO=${GO:-go}
here=$(cd "$(dirname "$0")" && pwd)
plat=$("$GO" env GOOS)-$("$GO" env GOARCH)
[[ -f $mod_dir/lib/$plat/liboo_jwt.a ]] || { echo "FAIL $mod_dir/lib/$plat/liboo_jwt.a missing: run make dist"; exit 1; }
if ls "$mod_dir"/lib/*/*.so "$mod_dir"/lib/*/*.dll >/dev/null 2>&1; then
  echo "FAIL the module's lib/ holds a shared library (cgo would link it instead of the archive)"; exit 1
fi
scratch=$(mktemp -d /tmp/oo-jwt-go-dist.XXXXXX)
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
# No download (the module needs nothing from a proxy) and an empty module cache; cgo as Go enables it
# by default (CGO_ENABLED unset).
unset GOFLAGS CGO_ENABLED CC
export GOPROXY=off GOTOOLCHAIN=local GOMODCACHE=$scratch/modcache

# README.md's first Go block, as written.
awk '/^## Use it from your own project/{on=1} on && /^```go$/{go=1; next} go && /^```$/{exit} go' \
  "$here/README.md" > "$scratch/main.go.txt"
grep -q '^func main()' "$scratch/main.go.txt" || { echo "FAIL README.md's first section has no Go program"; exit 1; }

# README.md's install lines are the ones used here.
for line in "go mod edit -require=$module@v$version" "-replace=$module=/path/to/oo-jwt/dist/go/oo-jwt-go" \
            "go get $module@v$version"; do
  grep -qF -- "$line" "$here/README.md" || { echo "FAIL README.md does not say: $line"; exit 1; }
done

app=$scratch/app
mkdir -p "$app" && cp "$scratch/main.go.txt" "$app/main.go"
cd "$app"
"$GO" mod init example.com/app >/dev/null 2>&1
"$GO" mod edit -require="$module@v$version" -replace="$module=$mod_dir"
timeout 600 "$GO" build -o app . || { echo "FAIL go build of README.md's program against the dist module"; exit 1; }
if ldd ./app 2>/dev/null | grep -q oo_jwt; then echo "FAIL the program depends on a shared liboo_jwt"; exit 1; fi
out=$(timeout 60 ./app) || { echo "FAIL README.md's program exited $?: $out"; exit 1; }
echo "$out"
want="verified: key=report-v1 status=2 (oo-jwt $version, static)"
[[ $(head -n 1 <<<"$out") == "$want" ]] || { echo "FAIL expected: $want"; exit 1; }
grep -q '^another secret: oojwt: bad_signature (6): ' <<<"$out" || { echo "FAIL no bad_signature for another secret"; exit 1; }
echo "go dist: README program built from $module v$version (no Rust, no environment) and run: ok"

# The shared option, as README.md says: -tags oojwt_shared with the library's directory in CGO_LDFLAGS.
if [[ -n $native_dir ]]; then
  CGO_LDFLAGS="-L$native_dir -Wl,-rpath,$native_dir" timeout 600 "$GO" build -tags oojwt_shared -o app-shared . &&
    ldd ./app-shared | grep -qF "$native_dir/liboo_jwt.so" && [[ $(./app-shared | head -n 1) == "${want/static/shared}" ]] ||
    { echo "FAIL the shared build (-tags oojwt_shared) against $native_dir"; exit 1; }
  echo "go dist: -tags oojwt_shared against $native_dir/liboo_jwt.so: ok"
fi

# Vendored (`go mod vendor` copies only imported packages' directories: lib/*/ are packages for that).
timeout 300 "$GO" mod vendor && timeout 600 "$GO" build -mod=vendor -o app-vendored . && ./app-vendored >/dev/null ||
  { echo "FAIL the README program does not build and run from a vendor tree"; exit 1; }
[[ -f vendor/$module/lib/$plat/liboo_jwt.a && -f vendor/$module/lib/include/oo_jwt.h ]] ||
  { echo "FAIL go mod vendor left out the archive or the header"; exit 1; }
rm -rf vendor
echo "go dist: built and run from a vendor tree (go mod vendor): ok"

# The other platforms' archives link too (cross builds, where the cross compiler is installed: `make
# platform-tools`); they run in `make test-windows-go` and the platform tests, not here.
for cross in linux/arm64/aarch64-linux-gnu-gcc windows/amd64/x86_64-w64-mingw32-gcc; do
  IFS=/ read -r os arch cc <<<"$cross"
  [[ $os-$arch != "$plat" ]] || continue
  if ! command -v "$cc" >/dev/null; then echo "go dist: $os-$arch not cross-built ($cc not installed)"; continue; fi
  GOOS=$os GOARCH=$arch CGO_ENABLED=1 CC=$cc timeout 600 "$GO" build -o "app-$os-$arch" . ||
    { echo "FAIL cross build for $os-$arch against the dist module"; exit 1; }
  echo "go dist: README program cross-built for $os-$arch with the module's archive: ok"
done

# The same module without the archive for this platform.
cp -r "$mod_dir" "$scratch/broken"
rm "$scratch/broken/lib/$plat/liboo_jwt.a"
"$GO" mod edit -replace="$module=$scratch/broken"
if err=$(timeout 600 "$GO" build -o app2 . 2>&1); then echo "FAIL built without the archive"; exit 1; fi
missing="lib/$plat/liboo_jwt.a: No such file or directory"
grep -qF "$scratch/broken/$missing" <<<"$err" || { echo "FAIL the link error does not name the archive's path:"; echo "$err"; exit 1; }
grep -qF "with \`lib/linux-amd64/liboo_jwt.a: No such file or directory\`" "$here/README.md" &&
  grep -q 'go list -m -f' "$here/README.md" && grep -q 'oojwt_shared' "$here/README.md" ||
  { echo "FAIL README.md does not explain the missing-archive error"; exit 1; }
echo "go dist: without the archive, go build fails naming $scratch/broken/$missing (README.md says what to do): ok"
