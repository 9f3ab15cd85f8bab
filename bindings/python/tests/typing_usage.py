"""Checked by mypy --strict in tests/test_typing.py (never run): the public API's type hints as an
integrator's code sees them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

import oo_jwt
import oo_jwt.django
import oo_jwt.flask
import oo_jwt.wsgi


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


def callbacks(settings: Dict[str, Any], body: bytes, authorization: Optional[str]) -> Tuple[int, str]:
    cb: oo_jwt.Callback = oo_jwt.handle_callback(body, authorization, settings)
    status: Union[oo_jwt.CallbackStatus, int] = cb.status
    kind: Optional[Union[oo_jwt.ForceSaveType, int]] = cb.forcesavetype
    url: Optional[str] = cb.url
    history: Optional[Dict[str, Any]] = cb.history
    users: Optional[List[str]] = cb.users
    print(status == oo_jwt.CallbackStatus.READY_FOR_SAVING, kind, url, history, users, cb.params)
    claims: Optional[Dict[str, Any]] = oo_jwt.check_download(authorization, "https://u", settings,
                                                             path_and_query_only=True)
    print(claims, oo_jwt.callback_answer(ValueError()))

    def save(callback: oo_jwt.Callback) -> None:
        print(callback.key)

    wsgi_app: oo_jwt.wsgi.WsgiApp = oo_jwt.wsgi.callback_app(settings, save)
    guarded: oo_jwt.wsgi.WsgiApp = oo_jwt.wsgi.protect_download(wsgi_app, settings)
    flask_view = oo_jwt.flask.callback_view(settings, save)
    django_view = oo_jwt.django.callback_view(settings, save)

    @oo_jwt.flask.download_protected(settings)
    def flask_file(name: str) -> bytes:
        return name.encode()

    @oo_jwt.django.download_protected(settings)
    def django_file(request: Any, name: str) -> bytes:
        return name.encode()

    print(guarded, flask_view, django_view, flask_file("a"), django_file(None, "a"))
    return oo_jwt.process_callback(body, authorization, settings, save)
