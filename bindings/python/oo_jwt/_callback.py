"""The integrator's side of Docs' callbacks and downloads, framework-neutral.

Every token decision is the core's (``verify_request_with_config``, ``verify_download_with_config``,
``download_token_expected``); this module only types the verified parameters and turns the outcome
into the answer Docs expects. The framework adapters (``oo_jwt.wsgi``, ``oo_jwt.flask``,
``oo_jwt.django``) are thin layers over it.
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ._api import (
    Json, JsonInput, Text, download_token_expected, verify_download_with_config,
    verify_request_with_config,
)
from ._errors import EmptySecret, Internal, InvalidArgument, InvalidConfig, InvalidJson, JwtError

_log = logging.getLogger("oo_jwt")


class CallbackStatus(enum.IntEnum):
    """``status`` of a Docs callback (the API reference's meanings)."""

    EDITING = 1  #: the document is being edited
    READY_FOR_SAVING = 2  #: closed with changes: ``url`` holds the result to save
    SAVE_ERROR = 3  #: saving failed
    CLOSED_NO_CHANGES = 4  #: closed without changes
    FORCE_SAVE = 6  #: force save: ``url`` holds the document's current state
    FORCE_SAVE_ERROR = 7  #: force saving failed


class ForceSaveType(enum.IntEnum):
    """``forcesavetype`` of a status 6/7 callback: what started the force save."""

    COMMAND = 0  #: the ``forcesave`` command of the command service
    BUTTON = 1  #: the editor's save button
    TIMER = 2  #: the server's force-save timer
    FORM_SUBMISSION = 3  #: a form submitted


def _known(kind: Any, value: Any) -> Any:
    """The enum member for a known number; any other value as sent (Docs may add numbers)."""
    try:
        return kind(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Callback:
    """A callback from Docs, read from the verified parameters only (never the unsigned body).

    Members Docs did not send are ``None``; ``params`` holds every verified parameter.

    >>> cb = handle_callback(request_body, request.headers.get("Authorization"), settings)  # doctest: +SKIP
    >>> cb.status is CallbackStatus.READY_FOR_SAVING and cb.url  # doctest: +SKIP
    'https://docs.example.com/cache/files/data/Khirz6zTPdfd7/output.docx/output.docx'
    """

    status: Union[CallbackStatus, int]
    key: str
    url: Optional[str] = None
    changesurl: Optional[str] = None
    history: Optional[Json] = None
    users: Optional[List[str]] = None
    actions: Optional[List[Json]] = None
    forcesavetype: Optional[Union[ForceSaveType, int]] = None
    filetype: Optional[str] = None
    userdata: Optional[str] = None
    params: Json = field(default_factory=dict, repr=False)


def handle_callback(
    body: Optional[JsonInput], authorization: Optional[Text], settings: JsonInput, *,
    now: Optional[int] = None,
) -> Callback:
    """Verifies a callback from Docs with ``load_config``'s outbox settings (``authorization``: the
    value of the settings' ``outbox.header``, None when absent) and returns it typed. Raises the
    core's ``JwtError``; ``InvalidJson`` also when the verified parameters lack a string ``key`` or
    an integer ``status``.

    >>> cb = handle_callback(body, headers.get("Authorization"), settings)  # doctest: +SKIP
    """
    p = verify_request_with_config(body, authorization, settings, "outbox", now=now)
    key, status = p.get("key"), p.get("status")
    if not isinstance(key, str) or type(status) is not int:
        raise InvalidJson("invalid_json", InvalidJson.status,
                          "a callback needs a string `key` and an integer `status`")
    return Callback(
        _known(CallbackStatus, status), key, p.get("url"), p.get("changesurl"), p.get("history"),
        p.get("users"), p.get("actions"), _known(ForceSaveType, p.get("forcesavetype")),
        p.get("filetype"), p.get("userdata"), p,
    )


_BAD_REQUEST = (InvalidJson, InvalidArgument)
_SERVER_SIDE = (InvalidConfig, EmptySecret, Internal)


def callback_answer(error: Optional[BaseException] = None) -> Tuple[int, str]:
    """(HTTP status, JSON body) answering Docs: ``None`` (handled) → 200 ``{"error":0}``; a body
    that is not a callback (``InvalidJson``, ``InvalidArgument``) → 400, a token refused (any
    other ``JwtError``) → 403, broken settings or any other exception (the integrator's save code)
    → 500, each with ``{"error":1}``.

    >>> callback_answer()
    (200, '{"error":0}')
    """
    if error is None:
        return 200, '{"error":0}'
    if isinstance(error, _BAD_REQUEST):
        return 400, '{"error":1}'
    if isinstance(error, JwtError) and not isinstance(error, _SERVER_SIDE):
        return 403, '{"error":1}'
    return 500, '{"error":1}'


def process_callback(
    body: Optional[JsonInput], authorization: Optional[Text], settings: JsonInput,
    on_callback: Callable[[Callback], Any],
) -> Tuple[int, str]:
    """What every adapter does with one callback request: ``handle_callback``, then
    ``on_callback(callback)`` (the integrator's code: save the file at ``url`` on 2 and 6, ...),
    answered by ``callback_answer``; an exception from ``on_callback`` is a 500 whatever its class.
    Logs the refusal's code and the core's message (never a token or a secret).

    >>> process_callback(body, headers.get("Authorization"), settings, save)  # doctest: +SKIP
    (200, '{"error":0}')
    """
    try:
        callback = handle_callback(body, authorization, settings)
    except JwtError as e:
        _log.warning("Docs callback refused: %s: %s", e.code, e.message)
        return callback_answer(e)
    try:
        on_callback(callback)
    except Exception as e:  # the integrator's save code: logged with its traceback, answered 500
        _log.exception("on_callback failed for key %r", callback.key)
        return callback_answer(e if not isinstance(e, JwtError) else RuntimeError())
    return callback_answer()


def check_download(
    authorization: Optional[Text], url: Text, settings: JsonInput, *,
    path_and_query_only: bool = False, now: Optional[int] = None,
) -> Optional[Json]:
    """Checks Docs' request for a file the integrator serves (``url``: the request's absolute URL):
    the verified claims, or None when Docs sends no token for ``url`` (outbox tokens off, or the
    settings' ``urlExclusionRegex`` text in it). Raises the core's ``JwtError``: do not serve then.

    >>> check_download(headers.get("Authorization"), "https://storage/files/doc.docx", settings)  # doctest: +SKIP
    {'payload': {'url': 'https://storage/files/doc.docx'}}
    """
    if not download_token_expected(url, settings):
        return None
    return verify_download_with_config(
        authorization, url, settings, path_and_query_only=path_and_query_only, now=now)


def _prepare(settings: JsonInput) -> Tuple[str, str]:
    """For the adapters: the settings as JSON text (encoded once, not on every request) and the
    header Docs puts its outbox token in (``token.outbox.header``)."""
    text = settings.decode() if isinstance(settings, bytes) else settings
    parsed: Dict[str, Any] = json.loads(text) if isinstance(text, str) else dict(text)
    return json.dumps(parsed), str(parsed["outbox"]["header"])
