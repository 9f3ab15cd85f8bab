"""Plain WSGI (PEP 3333) adapters: Docs' callback as a WSGI app, and a download guard around the
WSGI app that serves files to Docs. Standard library only; every framework on WSGI can mount them.

>>> from wsgiref.simple_server import make_server  # doctest: +SKIP
>>> make_server("127.0.0.1", 8080, callback_app(oo_jwt.load_config("local.json"), save)).serve_forever()
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Callable, Dict, Iterable, List, Tuple
from wsgiref.util import request_uri

from ._api import JsonInput
from ._callback import Callback, _log, _prepare, check_download, process_callback
from ._errors import JwtError

StartResponse = Callable[[str, List[Tuple[str, str]]], Any]
WsgiApp = Callable[[Dict[str, Any], StartResponse], Iterable[bytes]]


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def _send(start_response: StartResponse, status: int, body: bytes, kind: str) -> List[bytes]:
    start_response("%d %s" % (status, HTTPStatus(status).phrase),
                   [("Content-Type", kind), ("Content-Length", str(len(body)))])
    return [body]


def callback_app(settings: JsonInput, on_callback: Callable[[Callback], Any]) -> WsgiApp:
    """A WSGI app for Docs' ``callbackUrl``: verifies each callback with ``load_config``'s settings,
    calls ``on_callback(callback)`` and answers as Docs expects (``process_callback``).

    >>> app = callback_app(oo_jwt.load_config("local.json"), save)  # doctest: +SKIP
    """
    text, header = _prepare(settings)
    key = _environ_key(header)

    def app(environ: Dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        status, answer = process_callback(body, environ.get(key), text, on_callback)
        return _send(start_response, status, answer.encode(), "application/json")

    return app


def protect_download(app: WsgiApp, settings: JsonInput, *, path_and_query_only: bool = False) -> WsgiApp:
    """Wraps the WSGI app serving files to Docs: a request failing ``check_download`` (its URL
    rebuilt from the environ) gets 403 and never reaches ``app``.

    >>> files = protect_download(static_files_app, oo_jwt.load_config("local.json"))  # doctest: +SKIP
    """
    text, header = _prepare(settings)
    key = _environ_key(header)

    def guarded(environ: Dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            check_download(environ.get(key), request_uri(environ), text,
                           path_and_query_only=path_and_query_only)
        except JwtError as e:
            _log.warning("Docs download refused: %s: %s", e.code, e.message)
            return _send(start_response, 403, b"forbidden\n", "text/plain")
        return app(environ, start_response)

    return guarded
