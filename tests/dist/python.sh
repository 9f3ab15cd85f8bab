#!/usr/bin/env bash
# python.sh DIST VERSION TOOL_PYTHON: pip (--find-links dist/python, no index) installs this machine's
# wheel into a fresh venv in a scratch directory; the README's example and a sign+verify run there; the
# errors when the bundled library is gone and when OO_JWT_LIB points nowhere; then the sdist: a wheel
# built from it (cargo builds the library from the Rust sources it carries) installs and works, and
# without cargo the build stops with its one sentence.
set -euo pipefail
source "$(dirname "$0")/common.sh"
dist=$1 version=$2 toolpy=$3
cd "$scratch"
python3 -m venv venv
pip_install() { venv/bin/pip install -q --disable-pip-version-check --no-index --force-reinstall "$@"; }
# As README.md says: pip picks this machine's wheel from dist/python/ (not the sdist, not another platform's).
pip_install --find-links "$dist/python" "oo-jwt==$version"
grep -qx "Tag: py3-none-manylinux_2_28_x86_64" venv/lib/python*/site-packages/oo_jwt-"$version".dist-info/WHEEL \
  || fail "pip did not pick the manylinux_2_28_x86_64 wheel"
readme_block "$root/bindings/python/README.md" python > example.py
[ -s example.py ] || fail "no readme-example block in bindings/python/README.md"
cat > check.py <<'PY'
import os, sys, oo_jwt
token = oo_jwt.sign({"key": "Khirz6zTPdfd7", "status": 2}, "a-packaged-secret")
assert oo_jwt.verify(token, "a-packaged-secret") == {"key": "Khirz6zTPdfd7", "status": 2}
try:
    oo_jwt.verify(token, "another-secret")
    sys.exit("a wrong secret was accepted")
except oo_jwt.BadSignature:
    pass
assert oo_jwt.library_path.startswith(os.path.join(os.getcwd(), "venv")), oo_jwt.library_path
print("ok", oo_jwt.library_path)
PY
venv/bin/python example.py > example.log 2>&1 || { cat example.log; fail "the README example fails in the installed wheel"; }
venv/bin/python check.py || fail "sign+verify through the installed wheel"
echo "python: manylinux wheel installed in a fresh venv, README example and sign+verify: ok"

# A user who points OO_JWT_LIB nowhere gets told so, not the bundled copy.
out=$(OO_JWT_LIB=$scratch/nowhere.so venv/bin/python -c 'import oo_jwt' 2>&1) && fail "OO_JWT_LIB pointing nowhere was ignored"
grep -q "liboo_jwt.so not found (looked at: $scratch/nowhere.so); .*OO_JWT_LIB unset" <<<"$out" || { echo "$out"; fail "unclear OO_JWT_LIB error"; }
# The bundled library removed: the error names the file and where it was looked for.
rm "$(venv/bin/python -c 'import oo_jwt; print(oo_jwt.library_path)')"
out=$(venv/bin/python -c 'import oo_jwt' 2>&1) && fail "import worked with the library removed"
grep -q "liboo_jwt.so not found (looked at: .*$scratch/venv/" <<<"$out" || { echo "$out"; fail "unclear missing-library error"; }
echo "python: OO_JWT_LIB pointing nowhere and a removed library give clear errors: ok"

# The sdist: without cargo, one sentence; with it, a wheel that works. Dependencies come from cargo's
# cache (~/.cargo) and are compiled into a cache outside the repository, kept between runs.
sdist=$dist/python/oo_jwt-$version.tar.gz
tooldir=$(dirname "$toolpy")
out=$(PATH=$tooldir:/usr/bin:/bin "$toolpy" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
      -w nocargo "$sdist" 2>&1) && fail "the sdist built a wheel with no cargo on PATH"
grep -q "oo_jwt: building from source needs Rust's cargo on PATH (https://rustup.rs), or install a prebuilt oo-jwt wheel for this platform instead." <<<"$out" \
  || { echo "$out" | tail -20; fail "the sdist without cargo does not say why"; }
echo "python: sdist without cargo stops with its sentence: ok"
CARGO_TARGET_DIR=$HOME/.cache/oo-jwt/sdist-target \
  "$toolpy" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w fromsdist "$sdist" > sdist.log 2>&1 \
  || { tail -30 sdist.log; fail "building a wheel from the sdist"; }
whl=$(ls fromsdist/oo_jwt-"$version"-py3-none-linux_x86_64.whl) || fail "no linux_x86_64 wheel from the sdist"
pip_install "$whl"
venv/bin/python check.py || fail "sign+verify through the wheel built from the sdist"
echo "python: sdist built into a wheel with cargo, installed, sign+verify: ok"
