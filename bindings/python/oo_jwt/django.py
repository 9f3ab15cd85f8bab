"""Django adapters: a view for Docs' callback and a decorator guarding the views that serve files to
Docs. Django is imported when they are used, never by ``import oo_jwt``.

>>> urlpatterns = [path("callback", callback_view(settings, save))]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from importlib import import_module
from typing import Any, Callable, TypeVar, cast

from ._api import JsonInput
from ._callback import Callback, _log, _prepare, check_download, process_callback
from ._errors import JwtError

F = TypeVar("F", bound=Callable[..., Any])


def callback_view(settings: JsonInput, on_callback: Callable[[Callback], Any]) -> Callable[[Any], Any]:
    """A Django view for Docs' ``callbackUrl``: POST only, exempt from CSRF (Docs posts from its
    server, authenticated by its token); verifies each callback with ``load_config``'s settings,
    calls ``on_callback(callback)`` and answers as Docs expects.

    >>> urlpatterns = [path("callback", callback_view(settings, save))]  # doctest: +SKIP
    """
    http = import_module("django.http")
    csrf_exempt = import_module("django.views.decorators.csrf").csrf_exempt
    require_post = import_module("django.views.decorators.http").require_POST
    text, header = _prepare(settings)

    def oo_jwt_callback(request: Any) -> Any:
        status, answer = process_callback(request.body, request.headers.get(header), text, on_callback)
        return http.HttpResponse(answer, status=status, content_type="application/json")

    return cast(Callable[[Any], Any], csrf_exempt(require_post(oo_jwt_callback)))


def download_protected(settings: JsonInput, *, path_and_query_only: bool = False) -> Callable[[F], F]:
    """Decorates a Django view serving a file to Docs: a request failing ``check_download``
    (``request.build_absolute_uri()``) gets 403 and the view is not called.

    >>> @download_protected(settings)  # doctest: +SKIP
    ... def file(request, name): ...
    """
    forbidden = import_module("django.http").HttpResponseForbidden
    text, header = _prepare(settings)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                check_download(request.headers.get(header), request.build_absolute_uri(), text,
                               path_and_query_only=path_and_query_only)
            except JwtError as e:
                _log.warning("Docs download refused: %s: %s", e.code, e.message)
                return forbidden()
            return view(request, *args, **kwargs)

        return cast(F, guarded)

    return decorate
