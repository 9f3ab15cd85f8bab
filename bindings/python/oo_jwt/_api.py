"""The operations of the oo-jwt contract over the C ABI.

Thin by rule: every function converts its arguments to bytes and integers, calls one C function
through ``_call``, copies the returned string, frees it with ``oo_free`` and, on failure, raises the
``JwtError`` subclass named by the core with the message the same call returned. Every JWT
decision (names, ranges, formats, claims, defaults) is the core's: an option left out reaches the
core as "not given".
"""

from __future__ import annotations

import json
import operator
import os
import struct
from ctypes import byref, c_uint8, string_at
from typing import (
    Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Tuple, Union, overload,
)

from . import _ffi
from ._errors import ERRORS_BY_STATUS, InvalidArgument, JwtError
from ._ffi import Alg, Slot

Json = Dict[str, Any]
#: A secret: ``str`` (its UTF-8 bytes) or bytes-like (every byte kept).
Secret = Union[str, bytes, bytearray, memoryview]
#: A JSON object to sign: a mapping (serialised with ``json``) or the exact JSON text.
JsonInput = Union[Mapping[str, Any], str, bytes]
Text = Union[str, bytes]
#: An allow-list: ``Alg`` members (any iterable of them) or their bits OR-ed together.
Algorithms = Union[Alg, int, Iterable[Union[Alg, int]]]
PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

_F = _ffi.FUNCTIONS
_oo_sign, _oo_verify = _F["oo_sign"], _F["oo_verify"]
_free = _ffi.oo_free
_pack = _ffi.OPTIONS.pack
_SIZE = _ffi.OPTIONS.size
_PLACEMENTS = {"body": _ffi.OO_PLACEMENT_BODY, "header": _ffi.OO_PLACEMENT_HEADER}
_DIRECTIONS = {"inbox": _ffi.OO_DIRECTION_INBOX, "outbox": _ffi.OO_DIRECTION_OUTBOX}
_NOT_A_DIRECTION = 0xFFFFFFFF  # any other name reaches the core as a direction it refuses
# Non-ASCII characters are written as they are, not as \uXXXX escapes: the core signs text already in
# JSON.stringify's form as given and rewrites any other form first, which costs a second pass.
_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_encode_json: Callable[[Any], str] = _encoder.encode
# For strings holding lone surrogates, which have no UTF-8 form: escaped, as JSON.stringify does.
_encode_ascii: Callable[[Any], str] = json.JSONEncoder(separators=(",", ":")).encode
# The core returns JSON objects only (claims, params, configs, headers).
_decode_json: Callable[[str], Json] = json.JSONDecoder().decode


def _make_fast_encoder() -> Callable[[Any, int], Iterable[str]]:
    """The C encoder that ``JSONEncoder.encode`` builds on every call, built once: same output
    (compact, non-ASCII kept, ``float.__repr__``, NaN/Infinity left for the core to refuse), less per-call
    setup; it returns the text in chunks (``"".join`` them). Reusable because circular checking is off
    (a cycle raises RecursionError instead). Falls back to ``JSONEncoder.encode`` where CPython's
    ``c_make_encoder`` is not available."""
    fallback = lambda obj, _level: (_encode_json(obj),)  # noqa: E731
    try:
        from json import encoder as _e

        fast = _e.c_make_encoder(  # type: ignore[attr-defined]
            None, _encoder.default, _e.c_encode_basestring,  # type: ignore[attr-defined]
            None, ":", ",", False, False, True,
        )
        sample = {"a": [1, 2.5, None, True, "\u00e9\n"], "b": {"c": -0.0}}
        if "".join(fast(sample, 0)) != _encode_json(sample):
            return fallback
    except Exception:  # pragma: no cover - another Python implementation or version
        return fallback
    return fast  # type: ignore[no-any-return]


_chunks = _make_fast_encoder()
_join = "".join


def _encode_fast(obj: Any) -> str:
    return _join(_chunks(obj, 0))


# ---------------------------------------------------------------------------------------------
# Conversions (types only; no JWT logic)

def _not_utf8(name: str) -> InvalidArgument:
    """A ``str`` holding a lone surrogate has no UTF-8 form: the contract's ``invalid_argument``
    (text that is not UTF-8), never a ``UnicodeEncodeError`` nor a replacement character that would
    sign or compare something else."""
    return InvalidArgument("invalid_argument", InvalidArgument.status,
                           "%s is not valid Unicode text (lone surrogate)" % name)


def _bytes(name: str, value: Union[str, bytes, bytearray, memoryview]) -> bytes:
    """Text as its UTF-8 bytes; bytes-like values unchanged (every byte, NULs included)."""
    if type(value) is bytes:
        return value
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            raise _not_utf8(name) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s must be str or bytes, not %s" % (name, type(value).__name__))


def _opt_bytes(name: str, value: Optional[Text]) -> Optional[bytes]:
    """As ``_bytes``; None stays None (a NULL pointer: absent)."""
    return None if value is None else _bytes(name, value)


def _json(value: Any) -> bytes:
    """A JSON text (str/bytes) passes byte for byte; anything else is serialised with ``json``
    (compact, keys in insertion order); whether it is a valid JSON object is the core's call."""
    if type(value) is bytes:
        return value
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            raise _not_utf8("the JSON text") from None
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    try:
        return _encode_fast(value).encode("utf-8")
    except UnicodeEncodeError:
        return _encode_ascii(value).encode("ascii")


def _opt_json(value: Any) -> Optional[bytes]:
    return None if value is None else _json(value)


def _path(value: Optional[PathArg]) -> Optional[bytes]:
    # fsencode maps the surrogates that os.fsdecode made from undecodable bytes back to those bytes;
    # any other lone surrogate has no bytes at all.
    try:
        return None if value is None else os.fsencode(value)
    except UnicodeEncodeError:
        raise _not_utf8("path") from None


def _len(b: Optional[bytes]) -> int:
    return 0 if b is None else len(b)


def _options(
    algorithm: Optional[int], algorithms: Optional[Algorithms], now: Optional[int], leeway: Optional[int],
    expires_in: Optional[int], max_token_len: Optional[int], max_json_len: Optional[int],
    path_and_query_only: bool = False,
) -> Optional[bytes]:
    """The ``OoOptions`` bytes for the given values, or None (NULL: every default) when none is
    given. A value left out stays "not given" (its flag unset, its field 0), whatever the core's
    default for it is; the values only have to fit their C fields (the core judges them). Packing
    is cheaper than a ctypes structure, so nothing is cached."""
    if (algorithm is None and algorithms is None and now is None and leeway is None
            and expires_in is None and max_token_len is None and max_json_len is None
            and not path_and_query_only):
        return None
    flags = _ffi.OO_OPT_URL_PATH_QUERY if path_and_query_only else 0
    if now is not None:
        flags |= _ffi.OO_OPT_NOW
    if leeway is not None:
        flags |= _ffi.OO_OPT_LEEWAY
    if expires_in is not None:
        flags |= _ffi.OO_OPT_EXPIRES_IN
    if algorithms is not None:
        if not isinstance(algorithms, int):
            bits = 0
            for a in algorithms:
                bits |= operator.index(a)
            algorithms = bits
        if not algorithms:  # 0 would be "not given" (every algorithm); an empty list allows none
            raise InvalidArgument("invalid_argument", InvalidArgument.status, "the allow-list is empty")
    fields = (_SIZE, flags, algorithm, algorithms, now, leeway, expires_in, max_token_len, max_json_len)
    try:
        return _pack(*(0 if v is None else v for v in fields))
    except struct.error:
        raise _field_error(fields) from None


def _field_error(fields: Tuple[Any, ...]) -> Exception:
    """The Python error for the first value its C field cannot hold."""
    for (name, code), value in zip(_ffi.OPTIONS_FIELDS, fields):
        if value is None:
            continue
        if isinstance(value, float) or not hasattr(value, "__index__"):
            return TypeError("%s must be an int, not %s" % (name, type(value).__name__))
        bits = struct.calcsize(code) * 8
        low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if code.islower() else (0, (1 << bits) - 1)
        if not low <= value.__index__() <= high:
            return OverflowError("%s=%d does not fit the C type" % (name, value.__index__()))
    return TypeError("options: %r" % (fields,))  # pragma: no cover - struct refused nothing above


# ---------------------------------------------------------------------------------------------
# The one call path

def _static_text(address: Optional[int]) -> str:
    """A static string of the library (never freed)."""
    return string_at(address).decode("utf-8", "replace") if address else ""


def _error(status: int, err: Slot) -> JwtError:
    """The exception for a failed call, with the message that call wrote to ``err`` (freed here)."""
    try:
        message = (err.text or b"").decode("utf-8", "replace")
    finally:
        _free(err.ptr)
    name = _static_text(_ffi.oo_status_name(status))
    return ERRORS_BY_STATUS.get(status, JwtError)(name, status, message)


Slots = Tuple[Slot, Slot, Any, Any]


def _new_slots() -> Slots:
    """An ``out`` and an ``error`` slot with their ``byref`` arguments."""
    out, err = Slot(), Slot()
    return out, err, byref(out), byref(err)


# Output slots are reused: a call pops a set (a new one when the list is empty) and puts it back after
# reading and freeing what the library wrote there. Popping gives every thread, and a signal handler
# running between a call and its read, a set of its own.
_slot_pool: List[Slots] = []
_pop_slots = _slot_pool.pop
_put_slots = _slot_pool.append


def _call(fn: Any, *args: Any) -> bytes:
    """``fn(*args, &out, &error)``: returns a copy of ``out`` and frees it; raises on failure."""
    try:
        slots = _pop_slots()
    except IndexError:
        slots = _new_slots()
    status = fn(*args, slots[2], slots[3])
    return _result(status, slots)


def _result(status: int, slots: Slots) -> bytes:
    """What a call wrote into ``slots``: a copy of ``out`` (freed), or the exception for ``status``
    raised with the call's message (freed); the slots go back to the pool either way."""
    if status:
        error = _error(status, slots[1])
        _put_slots(slots)
        raise error
    out = slots[0]
    try:
        text: bytes = out.text
    finally:
        _free(out.ptr)
    _put_slots(slots)
    return text


def _obj(data: bytes) -> Json:
    return _decode_json(data.decode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Operations, in the order of the contract

def sign(
    payload: JsonInput, secret: Secret, *, algorithm: Optional[Alg] = None,
    expires_in: Optional[int] = None, now: Optional[int] = None, max_json_length: Optional[int] = None,
) -> str:
    """Signs a JSON object (a mapping, or the exact JSON text) and returns the token.

    >>> sign({"key": "Khirz6zTPdfd7"}, "secret", algorithm=Alg.HS512, expires_in=300)[:20]
    'eyJhbGciOiJIUzUxMiIs'

    With ``expires_in``, ``iat`` (``now`` or the clock) and ``exp`` are appended;
    ``max_json_length`` bounds the JSON text. Left out: the core's defaults.
    """
    # The common case (a dict, a str secret, no options) without the general conversions, and the
    # call's result read here: the FFI call itself is only a few microseconds.
    if type(payload) is dict:
        try:
            p = _join(_chunks(payload, 0)).encode()
        except UnicodeEncodeError:
            p = _encode_ascii(payload).encode("ascii")
    else:
        p = _json(payload)
    if type(secret) is str:
        try:
            s = secret.encode()
        except UnicodeEncodeError:
            raise _not_utf8("secret") from None
    else:
        s = _bytes("secret", secret)
    if algorithm is None and expires_in is None and now is None and max_json_length is None:
        o = None
    else:
        o = _options(algorithm, None, now, None, expires_in, None, max_json_length)
    try:
        slots = _pop_slots()
    except IndexError:
        slots = _new_slots()
    out = slots[0]
    status = _oo_sign(p, len(p), s, len(s), o, slots[2], slots[3])
    if status:
        _result(status, slots)  # raises
    try:
        token: bytes = out.text
    finally:
        _free(out.ptr)
    _put_slots(slots)
    return token.decode("ascii")


def verify(
    token: Text, secret: Secret, *, algorithms: Optional[Algorithms] = None, leeway: Optional[int] = None,
    now: Optional[int] = None, max_token_length: Optional[int] = None,
) -> Json:
    """Verifies ``token`` (signature, then ``exp``/``nbf`` with ``leeway``) and returns its claims.

    >>> verify(sign({"a": 1}, "secret"), "secret", algorithms=[Alg.HS256])
    {'a': 1}
    """
    if type(token) is str:
        try:
            t = token.encode()
        except UnicodeEncodeError:
            raise _not_utf8("token") from None
    else:
        t = _bytes("token", token)
    if type(secret) is str:
        try:
            s = secret.encode()
        except UnicodeEncodeError:
            raise _not_utf8("secret") from None
    else:
        s = _bytes("secret", secret)
    if algorithms is None and leeway is None and now is None and max_token_length is None:
        o = None
    else:
        o = _options(None, algorithms, now, leeway, None, max_token_length, None)
    try:
        slots = _pop_slots()
    except IndexError:
        slots = _new_slots()
    out = slots[0]
    status = _oo_verify(t, len(t), s, len(s), o, slots[2], slots[3])
    if status:
        _result(status, slots)  # raises
    try:
        claims: bytes = out.text
    finally:
        _free(out.ptr)
    _put_slots(slots)
    return _decode_json(claims.decode())


def decode_unverified(token: Text, *, max_token_length: Optional[int] = None) -> Tuple[Json, Json]:
    """``(header, claims)`` of a token WITHOUT verifying it: for diagnostics, never for trust.

    >>> decode_unverified(sign({"a": 1}, "secret"))
    ({'alg': 'HS256', 'typ': 'JWT'}, {'a': 1})
    """
    t = _bytes("token", token)
    o = _options(None, None, None, None, None, max_token_length, None)
    header = Slot()
    try:
        claims = _call(_F["oo_decode_unverified"], t, len(t), o, byref(header))
        head: bytes = header.text
    finally:
        _free(header.ptr)
    return _obj(head), _obj(claims)


@overload
def sign_request(
    body: JsonInput, secret: Secret, *, placement: Literal["body"] = ...,
    algorithm: Optional[Alg] = ..., expires_in: Optional[int] = ..., now: Optional[int] = ...,
    max_json_length: Optional[int] = ...,
) -> Json: ...
@overload
def sign_request(
    body: JsonInput, secret: Secret, *, placement: Literal["header"],
    algorithm: Optional[Alg] = ..., expires_in: Optional[int] = ..., now: Optional[int] = ...,
    max_json_length: Optional[int] = ...,
) -> str: ...
def sign_request(
    body: JsonInput, secret: Secret, *, placement: str = "body", algorithm: Optional[Alg] = None,
    expires_in: Optional[int] = None, now: Optional[int] = None, max_json_length: Optional[int] = None,
) -> Union[Json, str]:
    """Signs a request to Docs (command service, converter, document builder).

    ``placement="body"``: returns the body with a ``token`` member added. ``placement="header"``:
    returns the bare token over ``{"payload": body}``, for ``Authorization: Bearer <token>``.

    >>> sorted(sign_request({"c": "info", "key": "k"}, "secret"))
    ['c', 'key', 'token']
    """
    where = _PLACEMENTS.get(placement) if isinstance(placement, str) else None
    if where is None:
        raise ValueError("placement must be 'body' or 'header', not %r" % (placement,))
    b, s = _json(body), _bytes("secret", secret)
    o = _options(algorithm, None, now, None, expires_in, None, max_json_length)
    data = _call(_F["oo_sign_request"], b, len(b), s, len(s), where, o)
    return data.decode("ascii") if where == _ffi.OO_PLACEMENT_HEADER else _obj(data)


def verify_request(
    body: Optional[JsonInput], authorization: Optional[Text], secret: Secret, *,
    prefix: Optional[Text] = None, algorithms: Optional[Algorithms] = None, leeway: Optional[int] = None,
    now: Optional[int] = None, max_token_length: Optional[int] = None,
    max_json_length: Optional[int] = None,
) -> Json:
    """Verifies a request the way Docs does and returns the trusted parameters: a ``token`` in
    ``body`` alone, otherwise the ``authorization`` header value after ``prefix``. None: absent.

    >>> verify_request(None, "Bearer " + sign({"payload": {"c": "info"}}, "secret"), "secret")
    {'payload': {'c': 'info'}, 'c': 'info'}
    """
    b, a = _opt_json(body), _opt_bytes("authorization", authorization)
    s, p = _bytes("secret", secret), _opt_bytes("prefix", prefix)
    o = _options(None, algorithms, now, leeway, None, max_token_length, max_json_length)
    return _obj(_call(_F["oo_verify_request"], b, _len(b), a, _len(a), s, len(s), p, _len(p), o))


def sign_config(
    config: JsonInput, secret: Secret, *, algorithm: Optional[Alg] = None,
    expires_in: Optional[int] = None, now: Optional[int] = None, max_json_length: Optional[int] = None,
) -> Json:
    """Signs an editor config (for ``new DocsAPI.DocEditor``): returns it with ``token`` added.

    >>> sorted(sign_config({"document": {"key": "k", "url": "https://s/d.docx"}}, "secret"))
    ['document', 'token']
    """
    c, s = _json(config), _bytes("secret", secret)
    o = _options(algorithm, None, now, None, expires_in, None, max_json_length)
    return _obj(_call(_F["oo_sign_config"], c, len(c), s, len(s), o))


def sign_editor_method(
    method: Text, params: JsonInput, secret: Secret, *, algorithm: Optional[Alg] = None,
    expires_in: Optional[int] = None, now: Optional[int] = None, max_json_length: Optional[int] = None,
) -> Json:
    """Signs the parameter object of a ``docEditor`` method (``insertImage``, ``setHistoryData``,
    ``setRequestedDocument``, ...) with the browser (inbox) secret: returns it with ``token`` added.

    >>> signed = sign_editor_method("setRevisedFile",
    ...     {"fileType": "docx", "url": "https://example.com/b.docx"}, "inbox-secret")
    >>> sorted(signed)
    ['fileType', 'token', 'url']
    """
    m, p, s = _bytes("method", method), _json(params), _bytes("secret", secret)
    o = _options(algorithm, None, now, None, expires_in, None, max_json_length)
    return _obj(_call(_F["oo_sign_editor_method"], m, len(m), p, len(p), s, len(s), o))


def verify_download(
    authorization: Optional[Text], url: Text, secret: Secret, *, prefix: Optional[Text] = None,
    path_and_query_only: bool = False, algorithms: Optional[Algorithms] = None,
    leeway: Optional[int] = None, now: Optional[int] = None, max_token_length: Optional[int] = None,
) -> Json:
    """Verifies a file download by Docs: the header token's ``payload.url`` must name ``url``, the
    absolute URL of the request as Docs addressed it, both compared as WHATWG URLs without the
    fragment: whole, or only path and query (``path_and_query_only``, behind a reverse proxy).

    >>> token = sign({"payload": {"url": "https://s/f.docx"}}, "secret")
    >>> verify_download("Bearer " + token, "https://s/f.docx", "secret")
    {'payload': {'url': 'https://s/f.docx'}}
    """
    a, u = _opt_bytes("authorization", authorization), _bytes("url", url)
    s, p = _bytes("secret", secret), _opt_bytes("prefix", prefix)
    o = _options(None, algorithms, now, leeway, None, max_token_length, None, path_and_query_only)
    return _obj(_call(_F["oo_verify_download"], a, _len(a), u, len(u), s, len(s), p, _len(p), o))


def load_config(
    local_path: PathArg, *, default_path: Optional[PathArg] = None,
    env: Optional[Union[Mapping[str, str], str, bytes]] = None,
) -> Json:
    """Resolves an ONLYOFFICE Docs configuration: ``local.json`` over ``default.json`` (None: Docs'
    built-in defaults), then the Docker variables in ``env`` (e.g. ``{"JWT_SECRET": "…"}``; the
    process environment is never read: pass ``os.environ`` explicitly to use it).

    >>> load_config("/etc/onlyoffice/documentserver/local.json", env={"JWT_SECRET": "s"})  # doctest: +SKIP
    """
    lp, dp = _path(local_path), _path(default_path)
    e = _opt_json(env if env is None or isinstance(env, (str, bytes)) else dict(env))
    return _obj(_call(_F["oo_load_config"], lp, _len(lp), dp, _len(dp), e, _len(e)))


def verify_request_with_config(
    body: Optional[JsonInput], authorization: Optional[Text], settings: JsonInput, direction: str, *,
    now: Optional[int] = None, max_token_length: Optional[int] = None,
    max_json_length: Optional[int] = None,
) -> Json:
    """``verify_request`` with the settings ``load_config`` returned (the dict, or its JSON text):
    ``direction`` ``"inbox"`` (requests to Docs) or ``"outbox"`` (callbacks from Docs) picks the
    secret and prefix; the clock tolerance and allow-list are the settings'.

    >>> verify_request_with_config(body, None, settings, "outbox")  # doctest: +SKIP
    """
    b, a, st = _opt_json(body), _opt_bytes("authorization", authorization), _json(settings)
    d = _DIRECTIONS.get(direction, _NOT_A_DIRECTION) if isinstance(direction, str) else _NOT_A_DIRECTION
    o = _options(None, None, now, None, None, max_token_length, max_json_length)
    return _obj(_call(_F["oo_verify_request_with_config"], b, _len(b), a, _len(a), st, len(st), d, o))


def verify_download_with_config(
    authorization: Optional[Text], url: Text, settings: JsonInput, *, path_and_query_only: bool = False,
    now: Optional[int] = None, max_token_length: Optional[int] = None,
) -> Json:
    """``verify_download`` with the settings ``load_config`` returned: the outbox secret, prefix,
    clock tolerance and allow-list are the settings'. A token is always required (``MissingToken``),
    even for a URL Docs downloads without one: ask ``download_token_expected`` first.

    >>> verify_download_with_config(request.headers.get("Authorization"), url, settings)  # doctest: +SKIP
    """
    a, u, st = _opt_bytes("authorization", authorization), _bytes("url", url), _json(settings)
    o = _options(None, None, now, None, None, max_token_length, None, path_and_query_only)
    return _obj(_call(_F["oo_verify_download_with_config"], a, _len(a), u, len(u), st, len(st), o))


def download_token_expected(url: Text, settings: JsonInput) -> bool:
    """Whether Docs sends a token when it downloads ``url`` (as given to Docs: ``document.url``,
    ...), with the settings ``load_config`` returned: outbox tokens enabled and ``url`` not
    containing ``token.outbox.urlExclusionRegex`` (a plain substring).

    >>> download_token_expected("https://s/f.docx", settings)  # doctest: +SKIP
    True
    """
    u, st = _bytes("url", url), _json(settings)
    out, err = c_uint8(0), Slot()
    status = _F["oo_download_token_expected"](u, len(u), st, len(st), byref(out), byref(err))
    if status:
        raise _error(status, err)
    return out.value == 1


def version() -> str:
    """The core library's version (``oo_version``), e.g. ``"0.1.0"``."""
    return _static_text(_ffi.oo_version())


def status_name(status: int) -> str:
    """The contract's name of a status code, as the core gives it (``"unknown"`` otherwise):
    ``status_name(6) == "bad_signature"``."""
    return _static_text(_ffi.oo_status_name(status))
