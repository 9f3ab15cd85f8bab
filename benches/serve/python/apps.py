"""The two WSGI apps of the Python per-request bench (``server run`` loads ``apps:oo()`` or
``apps:peer()`` in gunicorn). Both read the verified status, key, url and history length, and
answer ``{"error":0}``; a refused token gets a non-2xx answer."""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, Iterable, List


def _use(status: Any, key: Any, url: Any, history: Any) -> int:
    """What a storage's save code reads first (the same on both sides)."""
    changes = history.get("changes") if isinstance(history, dict) else None
    return len(str(status)) + len(str(key)) + len(str(url)) + (len(changes) if changes else 0)


def oo() -> Callable[..., Iterable[bytes]]:
    """The integration kit: settings loaded once from Docs' local.json, then callback_app."""
    import oo_jwt
    import oo_jwt.wsgi

    settings = oo_jwt.load_config(os.environ["OO_SERVE_CONFIG"])

    def on_callback(cb: oo_jwt.Callback) -> None:
        _use(cb.status, cb.key, cb.url, cb.history)

    return oo_jwt.wsgi.callback_app(settings, on_callback)


def peer() -> Callable[..., Iterable[bytes]]:
    """PyJWT the way ONLYOFFICE's Python example reads a callback: the body's ``token``, else the
    Authorization header's token and its ``payload`` claim; HS256 only."""
    import jwt

    secret = os.environ["OO_SERVE_SECRET"]
    ok, refused = b'{"error":0}', b'{"error":1}'

    def app(environ: Dict[str, Any], start_response: Callable[..., Any]) -> List[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length))
            token = body.get("token")
            if not token:
                header = environ.get("HTTP_AUTHORIZATION")
                token = header[len("Bearer "):] if header else None
            if not token:
                raise ValueError("Expected JWT")
            claims = jwt.decode(token, secret, algorithms=["HS256"])
            if claims.get("payload"):
                claims = claims["payload"]
            _use(claims.get("status"), claims.get("key"), claims.get("url"), claims.get("history"))
            status, answer = "200 OK", ok
        except Exception:
            status, answer = "403 Forbidden", refused
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
        return [answer]

    return app
