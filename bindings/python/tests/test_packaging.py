"""`pip install bindings/python` into a fresh venv gives a platform wheel that bundles liboo_jwt.so,
and the installed package works from it alone (OO_JWT_LIB unset, away from the source tree).

pip builds the wheel with setup.py in an isolated build environment (setuptools and wheel from
PyPI, or pip's cache); the fresh venv is created without pip and installed into with this
interpreter's pip (`pip --python`), which saves the ensurepip step.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

BINDING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHECK = r"""
import json, oo_jwt
t = oo_jwt.sign({"key": "k", "status": 2}, "packaged-secret")
claims = oo_jwt.verify(t, "packaged-secret")
try:
    oo_jwt.verify(t, "other")
    error = None
except oo_jwt.BadSignature as e:
    error = [e.code, e.status]
# The callback handler and its adapters' modules need neither Flask nor Django.
import sys, oo_jwt.wsgi, oo_jwt.flask, oo_jwt.django
settings = oo_jwt.load_config(sys.argv[1])
body = oo_jwt.sign_request({"key": "k", "status": 2}, settings["outbox"]["secret"])
callback = oo_jwt.handle_callback(json.dumps(body), None, settings)
frameworks = sorted(m for m in ("flask", "django", "werkzeug") if m in sys.modules)
print(json.dumps({"lib": oo_jwt.library_path, "module": oo_jwt.__file__, "claims": claims,
                  "error": error, "version": oo_jwt.version(),
                  "callback": [callback.key, callback.status.name], "frameworks": frameworks}))
"""


def test_pip_install_in_a_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
         "--disable-pip-version-check", "--no-deps", BINDING_DIR],
        check=True, timeout=300,
    )
    site = glob.glob(str(venv / "lib" / "python*" / "site-packages"))[0]
    package = os.path.join(site, "oo_jwt")
    assert os.path.isfile(os.path.join(package, "liboo_jwt.so"))
    assert os.path.isfile(os.path.join(package, "py.typed"))
    (dist_info,) = glob.glob(os.path.join(site, "oo_jwt-*.dist-info"))
    with open(os.path.join(dist_info, "WHEEL")) as f:
        wheel = f.read()
    assert "Root-Is-Purelib: false" in wheel, wheel
    tags = [line.split(": ", 1)[1] for line in wheel.splitlines() if line.startswith("Tag: ")]
    assert tags and all(not t.endswith("-any") and "linux" in t for t in tags), tags
    with open(os.path.join(dist_info, "RECORD")) as f:
        assert "oo_jwt/liboo_jwt.so," in f.read()

    env = {k: v for k, v in os.environ.items() if k not in ("OO_JWT_LIB", "PYTHONPATH")}
    local_json = os.path.join(BINDING_DIR, "..", "..", "tests", "fixtures", "integration", "local.json")
    out = subprocess.run([python, "-c", CHECK, local_json], cwd=str(tmp_path), env=env, check=True,
                         capture_output=True, text=True).stdout
    got = json.loads(out)
    assert got["lib"] == os.path.join(package, "liboo_jwt.so")
    assert got["module"].startswith(site)
    assert got["claims"] == {"key": "k", "status": 2}
    assert got["error"] == ["bad_signature", 6]
    assert got["callback"] == ["k", "READY_FOR_SAVING"] and got["frameworks"] == []
