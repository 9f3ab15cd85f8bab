#!/usr/bin/env bash
# The OoJwt package as a user takes it (README, "Use it from your own project"): its layout checked, then
# the README's Mono lines and program run in a scratch directory outside the repository, with the package
# copied in and nothing else (no OO_JWT_LIB, no LD_LIBRARY_PATH); then the native library removed, and the
# error must name the file, the paths searched and the fix.
#   test_dist.sh DIST_NUGET_DIR README.md Cargo.toml
set -euo pipefail
nuget=$(cd "$1" && pwd) readme=$(realpath "$2") cargo=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
pass=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
fail() { echo "FAIL $*"; echo "$pass passed, 1 failed"; exit 1; }

timeout 60 python3 "$here/check_nupkg.py" "$nuget" "$cargo" || fail "package layout"
ok "package layout"
version=$(sed -n 's/^version = "\([^"]*\)"/\1/p' "$cargo" | head -n 1)

grep -qF "<PackageReference Include=\"OoJwt\" Version=\"$version\" />" "$readme" || fail "README's PackageReference is not version $version"
ok "README's PackageReference names version $version (Cargo.toml)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The csproj files' <Version> as MSBuild evaluates it (Mono's xbuild; the SDK itself is not here): Cargo's.
for proj in "$here/../../OoJwt.csproj" "$here/../../aspnet/OoJwt.AspNet.csproj"; do
  expr=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$proj" | sed 's/MSBuildThisFileDirectory/ProjectDir/g')
  cat > "$scratch/version.proj" <<PROJ
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003" DefaultTargets="Show">
  <PropertyGroup><ProjectDir>$(dirname "$(realpath "$proj")")/</ProjectDir><V>$expr</V></PropertyGroup>
  <Target Name="Show"><Message Text="VERSION=\$(V)" Importance="high" /></Target>
</Project>
PROJ
  got=$(timeout 120 xbuild /nologo /v:n "$scratch/version.proj" 2>&1 | sed -n 's/^[[:space:]]*VERSION=//p')
  [ "$got" = "$version" ] || fail "$(basename "$proj"): <Version> evaluates to '$got', Cargo.toml has $version"
done
rm -f "$scratch/version.proj"
ok "OoJwt.csproj and OoJwt.AspNet.csproj: <Version> evaluated by xbuild is $version (Cargo.toml)"
cp "$nuget/OoJwt.$version.nupkg" "$scratch/"
awk '/^```csharp$/{on=1;next} /^```$/{on=0} on' "$readme" > "$scratch/Program.cs"
awk '/^```sh mono$/{on=1;next} /^```$/{on=0} on' "$readme" > "$scratch/install.sh"
[ -s "$scratch/Program.cs" ] && [ -s "$scratch/install.sh" ] || fail "README: no \`\`\`csharp or \`\`\`sh mono block"
clean_env=(env -u OO_JWT_LIB -u LD_LIBRARY_PATH -u MONO_PATH -u OO_JWT_ROOT -u OO_JWT_VECTORS -u OO_JWT_INCLUDE)

cd "$scratch"
if ! "${clean_env[@]}" timeout 180 bash -eu install.sh > run.log 2>&1; then
  cat run.log; fail "README's Mono lines in $scratch"
fi
grep -q '"token":"eyJ' run.log && grep -q '"status":2' run.log || { cat run.log; fail "README program output"; }
ok "README's Mono lines and program in a scratch directory: signed and verified"
grep -q "$(dirname "$cargo")" OoJwt.dll liboo_jwt.so 2>/dev/null && fail "the installed files name the repository"
[ ! -e OoJwt.dll.config ] || fail "a dllmap came with the package"

# The adapter package beside it: the README's ASP.NET handler compiles against the two packaged assemblies.
cp "$nuget/OoJwt.AspNet.$version.nupkg" . && unzip -q -o "OoJwt.AspNet.$version.nupkg" -d oojwt.aspnet
awk '/^```csharp aspnet$/{on=1;next} /^```$/{on=0} on' "$readme" > DocsCallback.cs
timeout 120 mcs -nologo -target:library -r:System.Web -r:OoJwt.dll -r:oojwt.aspnet/lib/net472/OoJwt.AspNet.dll \
    -out:MyStorage.dll DocsCallback.cs > aspnet.log 2>&1 || { cat aspnet.log; fail "README's ASP.NET handler against the packages"; }
ok "OoJwt.AspNet package: the README's handler compiles against lib/net472/OoJwt.AspNet.dll and OoJwt.dll"

rm liboo_jwt.so
if "${clean_env[@]}" timeout 60 mono Program.exe > missing.log 2>&1; then fail "ran without liboo_jwt.so"; fi
for want in "System.DllNotFoundException" "native library liboo_jwt.so" "Searched: $scratch/liboo_jwt.so" \
            "LD_LIBRARY_PATH (unset)" "Fix: copy runtimes/<rid>/native/liboo_jwt.so of the OoJwt package" "dllmap"; do
  grep -qF "$want" missing.log || { cat missing.log; fail "missing-library error lacks: $want"; }
done
ok "without liboo_jwt.so: the error names the file, $(grep -m1 -o 'Searched: [^ ]*' missing.log) and the fix"
echo "$pass passed, 0 failed"
