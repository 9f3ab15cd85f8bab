"""Interop with PyJWT (installed by `make test`): tokens cross both ways."""

from __future__ import annotations

import time

import jwt  # PyJWT
import pytest

import oo_jwt

SECRET = "interop-secret-" + "0123456789abcdef" * 4  # 78 bytes: no PyJWT key-length warning
PAYLOAD = {"key": "Khirz6zTPdfd7", "status": 2, "url": "https://ds/x.docx", "users": ["u1"],
           "actions": [{"type": 0, "userid": "u1"}], "note": "é ✓ \"q\" \\ \n"}


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_oo_jwt_token_verifies_in_pyjwt(alg):
    # PyJWT reads its own clock: an exp ten years on cannot pass however slow the machine is.
    token = oo_jwt.sign(PAYLOAD, SECRET, algorithm=oo_jwt.Alg[alg], expires_in=10 * 365 * 86400)
    claims = jwt.decode(token, SECRET, algorithms=[alg])
    assert {k: claims[k] for k in PAYLOAD} == PAYLOAD
    assert claims["exp"] - claims["iat"] == 10 * 365 * 86400
    assert jwt.get_unverified_header(token) == {"alg": alg, "typ": "JWT"}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET + "x", algorithms=[alg])


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_pyjwt_token_verifies_in_oo_jwt(alg):
    now = int(time.time())
    token = jwt.encode({**PAYLOAD, "iat": now, "exp": now + 300}, SECRET, algorithm=alg)
    # now given: the verdict must not depend on how long the machine takes to get here.
    assert oo_jwt.verify(token, SECRET, algorithms=[oo_jwt.Alg[alg]], now=now) == {**PAYLOAD, "iat": now, "exp": now + 300}
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.verify(token, SECRET + "x")


def test_same_bytes_as_pyjwt_for_ascii_claims():
    # Both emit the header {"alg":"HS256","typ":"JWT"} and compact claims in input order, so an
    # ASCII-only payload gives the same token byte for byte.
    ascii_payload = {"key": "Khirz6zTPdfd7", "status": 2, "url": "https://ds/x.docx"}
    ours = oo_jwt.sign(ascii_payload, SECRET)
    assert ours == jwt.encode(ascii_payload, SECRET, algorithm="HS256")


def test_pyjwt_expired_token_is_expired_in_oo_jwt():
    now = int(time.time())
    token = jwt.encode({"a": 1, "exp": now - 3600}, SECRET, algorithm="HS256")
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify(token, SECRET)


def test_alg_none_from_pyjwt_is_refused():
    token = jwt.encode({"a": 1}, None, algorithm="none")
    with pytest.raises(oo_jwt.UnsupportedAlg):
        oo_jwt.verify(token, SECRET)


def test_oo_jwt_request_header_token_verifies_in_pyjwt():
    token = oo_jwt.sign_request({"c": "info", "key": "k"}, SECRET, placement="header")
    assert jwt.decode(token, SECRET, algorithms=["HS256"])["payload"] == {"c": "info", "key": "k"}
