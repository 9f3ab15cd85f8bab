"""Checked by mypy --strict in tests/test_typing.py (never run): the public API's type hints as an
integrator's code sees them."""

from __future__ import annotations

from typing import Any, Dict, Tuple

import oo_jwt


def usage() -> None:
    token: str = oo_jwt.sign({"key": "k"}, "secret", algorithm=oo_jwt.Alg.HS384, expires_in=300)
    claims: Dict[str, Any] = oo_jwt.verify(token, b"secret", algorithms=[oo_jwt.Alg.HS384], leeway=0)
    either: Dict[str, Any] = oo_jwt.verify(token, "secret", algorithms=oo_jwt.Alg.HS384 | oo_jwt.Alg.HS512)
    parts: Tuple[Dict[str, Any], Dict[str, Any]] = oo_jwt.decode_unverified(token)
    body: Dict[str, Any] = oo_jwt.sign_request({"c": "info"}, "secret")
    bearer: str = oo_jwt.sign_request({"c": "info"}, "secret", placement="header")
    params: Dict[str, Any] = oo_jwt.verify_request(None, "Bearer " + bearer, "secret")
    config: Dict[str, Any] = oo_jwt.sign_config('{"document":{"key":"k","url":"u"}}', "secret")
    image: Dict[str, Any] = oo_jwt.sign_editor_method(
        "insertImage", {"c": "add", "images": [{"fileType": "png", "url": "u"}]}, "secret")
    download: Dict[str, Any] = oo_jwt.verify_download("Bearer " + token, "https://u", "secret",
                                                       path_and_query_only=True)
    settings: Dict[str, Any] = oo_jwt.load_config("/etc/onlyoffice/documentserver/local.json",
                                                  env={"JWT_SECRET": "s"})
    inbox: Dict[str, Any] = oo_jwt.verify_request_with_config(None, "Bearer " + bearer, settings, "inbox")
    file: Dict[str, Any] = oo_jwt.verify_download_with_config(None, "https://u", settings)
    expected: bool = oo_jwt.download_token_expected("https://u", settings)
    try:
        oo_jwt.verify(token, "other")
    except oo_jwt.BadSignature as e:
        code: str = e.code
        status: int = e.status
        message: str = e.message
        print(code, status, message)
    print(claims, either, parts, body, params, config, image, download, settings, inbox, file, expected)
