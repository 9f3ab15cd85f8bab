"""Flask adapters: a view for Docs' callback and a decorator guarding the views that serve files to
Docs. Flask is imported when they are used, never by ``import oo_jwt``.

>>> app.add_url_rule("/callback", view_func=callback_view(settings, save), methods=["POST"])  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar, cast

from ._api import JsonInput
from ._callback import Callback, _log, _prepare, check_download, process_callback
from ._errors import JwtError

F = TypeVar("F", bound=Callable[..., Any])


def callback_view(settings: JsonInput, on_callback: Callable[[Callback], Any]) -> Callable[[], Any]:
    """A Flask view for Docs' ``callbackUrl`` (register it for POST): verifies each callback with
    ``load_config``'s settings, calls ``on_callback(callback)`` and answers as Docs expects.

    >>> app.add_url_rule("/callback", view_func=callback_view(settings, save), methods=["POST"])  # doctest: +SKIP
    """
    from flask import Response, request

    text, header = _prepare(settings)

    def oo_jwt_callback() -> Response:
        status, answer = process_callback(request.get_data(), request.headers.get(header), text,
                                          on_callback)
        return Response(answer, status, mimetype="application/json")

    return oo_jwt_callback


def download_protected(settings: JsonInput, *, path_and_query_only: bool = False) -> Callable[[F], F]:
    """Decorates a Flask view serving a file to Docs: a request failing ``check_download``
    (``request.url``) gets 403 and the view is not called.

    >>> @app.get("/files/<name>")  # doctest: +SKIP
    ... @download_protected(settings)
    ... def file(name): ...
    """
    from flask import abort, request

    text, header = _prepare(settings)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                check_download(request.headers.get(header), request.url, text,
                               path_and_query_only=path_and_query_only)
            except JwtError as e:
                _log.warning("Docs download refused: %s: %s", e.code, e.message)
                abort(403)
            return view(*args, **kwargs)

        return cast(F, guarded)

    return decorate
