#!/usr/bin/env bash
# The net8.0 build's method on a real CoreCLR (`make coreclr-check`, opt-in: it downloads a runtime). No .NET 8
# runtime can be fetched here; PyPI's dotnetcore2 carries .NET Core 3.1, which has NativeLibrary and
# System.Text.Json but not RuntimeInformation.RuntimeIdentifier. So this builds the sources the way the
# Makefile builds lib/net8.0 (same stubs, same delay-signing keys, same Net8Build re-pointing) with the stubs'
# identities set to .NET Core 3.1's (System.Runtime.InteropServices 4.2.2.0, System.Text.Json 4.0.1.0,
# RuntimeInformation in System.Runtime.InteropServices.RuntimeInformation 4.0.4.0, where 3.1 defines it) and
# the one RuntimeIdentifier expression replaced by "", then runs a program on CoreCLR 3.1 through it: the
# NativeLibrary resolver must find the library only through OO_JWT_LIB, and VerifyClaims must parse with
# System.Text.Json. It shows that references made this way bind on CoreCLR; it does not run lib/net8.0 itself.
#   coreclr31.sh BUILD_DIR LIBOO_JWT_SO CACHE_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
b=$(cd "$1" && pwd) lib=$(realpath "$2") cache=$3
n8=$b/net8 api=/usr/lib/mono/4.7.2-api
fail() { echo "FAIL coreclr-check: $*"; exit 1; }

dotnet=$cache/dotnetcore2/bin/dotnet
if [ ! -x "$dotnet" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  timeout 300 python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux1_x86_64 \
      --python-version 3.11 dotnetcore2==3.1.23 -d "$cache/whl" || fail "pip download dotnetcore2==3.1.23"
  (cd "$cache" && unzip -q whl/dotnetcore2-3.1.23-*.whl 'dotnetcore2/*') && chmod +x "$dotnet"
fi

w=$b/coreclr31
rm -rf "$w" && mkdir -p "$w/ref" "$w/src" "$w/pre" "$w/run/lib"
stub() { # name version key source
  sed "s/8\.0\.0\.0/$2/; s/public static string RuntimeIdentifier.*\$//" "$here/tools/net8ref/$4.cs" > "$w/ref/$1.cs"
  mcs -nologo -warnaserror+ -nostdlib -r:"$n8/ref/mscorlib.dll" -target:library -delaysign+ -keyfile:"$n8/ref/$3.snk" \
      -out:"$w/ref/$1.dll" "$w/ref/$1.cs"
}
stub System.Runtime.InteropServices.RuntimeInformation 4.0.4.0 b03f5f7f11d50a3a System.Runtime
stub System.Runtime.InteropServices 4.2.2.0 b03f5f7f11d50a3a System.Runtime.InteropServices
stub System.Text.Json 4.0.1.0 cc7b13ffcd2ddd51 System.Text.Json
for f in "$here"/src/*.cs; do sed 's/RuntimeInformation\.RuntimeIdentifier/""/' "$f" > "$w/src/$(basename "$f")"; done
refs=(-nostdlib -r:"$n8/ref/mscorlib.dll" -r:"$api/System.dll" -r:"$api/System.Core.dll" -r:"$api/System.Runtime.Serialization.dll"
      -r:"$api/System.Xml.dll" -r:"$api/System.Xml.Linq.dll" -r:"$w/ref/System.Runtime.InteropServices.RuntimeInformation.dll"
      -r:"$w/ref/System.Runtime.InteropServices.dll" -r:"$w/ref/System.Text.Json.dll")
mcs -nologo -langversion:7.2 -unsafe -optimize+ -warnaserror+ -define:NET5_0_OR_GREATER -define:NET8_0_OR_GREATER "${refs[@]}" \
    -target:library -out:"$w/pre/OoJwt.dll" "$w"/src/*.cs
mono "$n8/Net8Build.exe" retarget "$w/pre/OoJwt.dll" "$w/run/OoJwt.dll" "$api/Facades/netstandard.dll"

cat > "$w/P.cs" <<'CS'
using System;
public static class P
{
    public static int Main()
    {
        string secret = "coreclr-proof-secret-0123456789ab";
        string token = OoJwt.Jwt.Sign("{\"key\":\"k\",\"status\":2}", secret);
        long status = OoJwt.Jwt.VerifyClaims(token, secret).GetProperty("status").GetInt64();
        Console.WriteLine(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ": status " + status);
        return status == 2 ? 0 : 1;
    }
}
CS
mcs -nologo "${refs[@]}" -r:"$w/pre/OoJwt.dll" -out:"$w/run/P.exe" "$w/P.cs"
printf '{"runtimeOptions":{"tfm":"netcoreapp3.1","framework":{"name":"Microsoft.NETCore.App","version":"3.1.0"}}}\n' \
    > "$w/run/P.runtimeconfig.json"
cp "$lib" "$w/run/lib/liboo_jwt.so" # not beside the assembly: only the resolver (OO_JWT_LIB) finds it
run() { (cd "$w/run" && env -u LD_LIBRARY_PATH DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 "$@" \
          timeout 120 "$dotnet" exec --runtimeconfig P.runtimeconfig.json P.exe); }

if run env -u OO_JWT_LIB > "$w/nolib.log" 2>&1; then fail "ran without OO_JWT_LIB and without the library beside it"; fi
grep -q "OoJwt cannot load its native library liboo_jwt.so" "$w/nolib.log" || { cat "$w/nolib.log"; fail "no explained error"; }
echo "ok   coreclr-check: on .NET Core 3.1 without OO_JWT_LIB: OoJwt's DllNotFoundException"
run env OO_JWT_LIB="$w/run/lib/liboo_jwt.so" > "$w/run.log" 2>&1 || { cat "$w/run.log"; fail "the program on CoreCLR 3.1"; }
grep -q '^.NET Core 3.1.23: status 2$' "$w/run.log" || { cat "$w/run.log"; fail "unexpected output"; }
echo "ok   coreclr-check: on .NET Core 3.1 with OO_JWT_LIB: NativeLibrary resolver, Sign, VerifyClaims (System.Text.Json): $(cat "$w/run.log")"
