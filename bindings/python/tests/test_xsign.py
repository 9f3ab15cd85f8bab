"""The cross-language hook `xsign` (docs/bindings.md), run as a separate process."""

from __future__ import annotations

import os
import subprocess

import oo_jwt

XSIGN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "xsign")


def _xsign(*args):
    return subprocess.run([XSIGN, *args], capture_output=True, text=True, timeout=60)


def test_xsign_sign_and_verify():
    payload = '{"key":"Khirz6zTPdfd7","status":2,"n":1.50,"s":"é\\u2028"}'
    r = _xsign("sign", "xsign-secret", payload)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert token == oo_jwt.sign(payload, "xsign-secret")
    assert oo_jwt.decode_unverified(token)[0] == {"alg": "HS256", "typ": "JWT"}
    r = _xsign("verify", "xsign-secret", token)
    assert r.returncode == 0, r.stderr
    # the claims text as the core returns it: numbers as JavaScript prints them (1.50 as 1.5),
    # U+2028 not escaped (as JSON.stringify does)
    assert r.stdout == '{"key":"Khirz6zTPdfd7","status":2,"n":1.5,"s":"é\u2028"}\n'


def test_xsign_errors():
    token = oo_jwt.sign({"a": 1}, "xsign-secret")
    r = _xsign("verify", "other", token)
    assert (r.returncode, r.stderr, r.stdout) == (1, "error: bad_signature\n", "")
    r = _xsign("sign", "xsign-secret", "[1]")
    assert (r.returncode, r.stderr) == (1, "error: invalid_json\n")
    r = _xsign("verify", "xsign-secret", "a.b")
    assert (r.returncode, r.stderr) == (1, "error: malformed\n")
