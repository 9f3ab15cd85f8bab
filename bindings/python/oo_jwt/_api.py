"""The operations of the oo-jwt contract over the C ABI.

Thin by rule: every function converts its arguments to bytes, calls one C function, copies the
returned string, frees it with ``oo_free`` and, on failure, raises the ``JwtError`` subclass named by
the core with the core's message. Every JWT decision (names, ranges, formats, claims) is the core's.
"""

from __future__ import annotations

import json
import os
from ctypes import byref, c_char_p, c_uint8, sizeof, string_at
from typing import (
    Any, Callable, Dict, Iterable, Literal, Mapping, Optional, Tuple, Union, overload,
)

from . import _ffi
from ._errors import ERRORS_BY_STATUS, InvalidArgument, JwtError

Json = Dict[str, Any]
#: A secret: ``str`` (its UTF-8 bytes) or bytes-like (every byte kept).
Secret = Union[str, bytes, bytearray, memoryview]
#: A JSON object to sign: a mapping (serialised with ``json``) or the exact JSON text.
JsonInput = Union[Mapping[str, Any], str, bytes]
Text = Union[str, bytes]
Algorithms = Union[str, Iterable[str]]
PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

_free = _ffi.oo_free
# Non-ASCII characters are written as they are, not as \uXXXX escapes: the core signs text already in
# JSON.stringify's form as given and rewrites any other form first, which costs a second pass.
_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_encode_json: Callable[[Any], str] = _encoder.encode
# For strings holding lone surrogates, which have no UTF-8 form: escaped, as JSON.stringify does.
_encode_ascii: Callable[[Any], str] = json.JSONEncoder(separators=(",", ":")).encode
# The core returns JSON objects only (claims, params, configs, headers).
_decode_json: Callable[[str], Json] = json.JSONDecoder().decode


def _make_fast_encoder() -> Callable[[Any], str]:
    """The C encoder that ``JSONEncoder.encode`` builds on every call, built once: same output
    (compact, non-ASCII kept, ``float.__repr__``, NaN/Infinity left for the core to refuse), less per-call
    setup. Reusable because circular checking is off (a cycle raises RecursionError instead).
    Falls back to ``JSONEncoder.encode`` where CPython's ``c_make_encoder`` is not available."""
    try:
        from json import encoder as _e

        fast = _e.c_make_encoder(  # type: ignore[attr-defined]
            None, _encoder.default, _e.c_encode_basestring,  # type: ignore[attr-defined]
            None, ":", ",", False, False, True,
        )
        sample = {"a": [1, 2.5, None, True, "\u00e9\n"], "b": {"c": -0.0}}
        if "".join(fast(sample, 0)) != _encode_json(sample):
            return _encode_json
    except Exception:  # pragma: no cover - another Python implementation or version
        return _encode_json
    join = "".join
    return lambda obj: join(fast(obj, 0))


_encode_fast = _make_fast_encoder()
_SIZE = sizeof(_ffi.OoOptions)
_I64 = (-(1 << 63), (1 << 63) - 1)
_U64 = (0, (1 << 64) - 1)
_PLACEMENTS = {"body": _ffi.OO_PLACEMENT_BODY, "header": _ffi.OO_PLACEMENT_HEADER}


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


def _int(name: str, value: Any, bounds: Tuple[int, int]) -> int:
    if isinstance(value, float) or not hasattr(value, "__index__"):
        raise TypeError("%s must be an int, not %s" % (name, type(value).__name__))
    number: int = value.__index__()
    if not bounds[0] <= number <= bounds[1]:
        raise OverflowError("%s=%d does not fit the C type" % (name, number))
    return number


def _len(b: Optional[bytes]) -> int:
    return 0 if b is None else len(b)


def _options(
    algorithm: Optional[Text] = None,
    algorithms: Optional[Algorithms] = None,
    now: Optional[int] = None,
    leeway: Optional[int] = None,
    expires_in: Optional[int] = None,
    max_token_len: Optional[int] = None,
    max_json_len: Optional[int] = None,
    url_path_query: bool = False,
) -> _ffi.OoOptions:
    """An ``OoOptions`` with the given fields set (the others zero: their defaults)."""
    o = _ffi.OoOptions()
    o.struct_size = _SIZE
    flags = _ffi.OO_OPT_URL_PATH_QUERY if url_path_query else 0
    if algorithm is not None:
        a = _bytes("algorithm", algorithm)
        o.algorithm = a
        o.algorithm_len = len(a)
    if algorithms is not None:
        if not isinstance(algorithms, (str, bytes)):
            algorithms = ",".join(algorithms)
        a = _bytes("algorithms", algorithms)
        o.algorithms = a
        o.algorithms_len = len(a)
    if now is not None:
        flags |= _ffi.OO_OPT_NOW
        o.now = _int("now", now, _I64)
    if leeway is not None:
        flags |= _ffi.OO_OPT_LEEWAY
        o.leeway = _int("leeway", leeway, _I64)
    if expires_in is not None:
        flags |= _ffi.OO_OPT_EXPIRES_IN
        o.expires_in = _int("expires_in", expires_in, _I64)
    if max_token_len is not None:
        o.max_token_len = _int("max_token_len", max_token_len, _U64)
    if max_json_len is not None:
        o.max_json_len = _int("max_json_len", max_json_len, _U64)
    o.flags = flags
    return o


# Prebuilt options for the common calls, built once by the same function. The core only reads
# them (`const OoOptions *`), so one instance serves every thread.
_SIGN_OPTIONS = {alg: _options(algorithm=alg) for alg in ("HS256", "HS384", "HS512")}
_VERIFY_DEFAULT_LEEWAY = 60
_VERIFY_OPTIONS = _options(leeway=_VERIFY_DEFAULT_LEEWAY)


# Options built for (algorithm, expires_in) and (algorithms, leeway) as callers pass them, kept for
# reuse: building an OoOptions costs more than a small sign. Services use a handful of values; the
# caches stop growing at _CACHE_MAX entries (further values are built per call).
_CACHE_MAX = 64
_SIGN_CACHE: Dict[Tuple[str, int], _ffi.OoOptions] = {}
_VERIFY_CACHE: Dict[Tuple[Any, int], _ffi.OoOptions] = {}


def _cached_options(cache: Dict[Any, _ffi.OoOptions], key: Any, *fields: Any) -> _ffi.OoOptions:
    """``_options(*fields)``, built once per ``key`` while ``cache`` has room."""
    o = cache.get(key)
    if o is None:
        o = _options(*fields)
        if len(cache) < _CACHE_MAX:
            cache[key] = o
    return o


def _sign_options(
    algorithm: Text, now: Optional[int], expires_in: Optional[int], max_json_len: Optional[int]
) -> _ffi.OoOptions:
    if now is None and max_json_len is None and type(algorithm) is str:
        if expires_in is None:
            o = _SIGN_OPTIONS.get(algorithm)
            if o is not None:
                return o
        elif type(expires_in) is int:
            return _cached_options(
                _SIGN_CACHE, (algorithm, expires_in), algorithm, None, None, None, expires_in
            )
    return _options(algorithm, None, now, None, expires_in, None, max_json_len)


def _verify_options(
    algorithms: Optional[Algorithms], now: Optional[int], leeway: int,
    max_token_len: Optional[int], max_json_len: Optional[int] = None,
) -> _ffi.OoOptions:
    if type(leeway) is int and now is None and max_token_len is None and max_json_len is None:
        if algorithms is None and leeway == _VERIFY_DEFAULT_LEEWAY:
            return _VERIFY_OPTIONS
        # Only None, an exact str, or a list / tuple of exact str is a key: anything else is
        # converted per call.
        if algorithms is None or type(algorithms) is str:
            return _cached_options(_VERIFY_CACHE, (algorithms, leeway), None, algorithms, None, leeway)
        if type(algorithms) in (list, tuple) and all(type(a) is str for a in algorithms):
            key = (tuple(algorithms), leeway)
            return _cached_options(_VERIFY_CACHE, key, None, algorithms, None, leeway)
    return _options(None, algorithms, now, leeway, None, max_token_len, max_json_len)


# ---------------------------------------------------------------------------------------------
# Calls

def _static_text(address: Optional[int]) -> str:
    """A static or thread-local string of the library (never freed)."""
    return string_at(address).decode("utf-8", "replace") if address else ""


def _error(status: int) -> JwtError:
    """The exception for a failed call; read on the failing thread right after the call."""
    message = _static_text(_ffi.oo_last_error_message())
    name = _static_text(_ffi.oo_status_name(status))
    return ERRORS_BY_STATUS.get(status, JwtError)(name, status, message)


def _call(fn: Any, *args: Any) -> bytes:
    """Calls ``fn(*args, &out)``; returns a copy of ``out`` and frees it; raises on failure.

    (Here and below, ``out.value`` is typed ``Optional[bytes]``: after a successful call the core has
    always set ``out``, hence the ``type: ignore`` comments.)"""
    out = c_char_p()
    try:
        status = fn(*args, byref(out))
        if status:
            raise _error(status)
        return out.value  # type: ignore[return-value]
    finally:
        _free(out)


# ---------------------------------------------------------------------------------------------
# Operations

def sign(
    payload: JsonInput,
    secret: Secret,
    *,
    algorithm: Text = "HS256",
    expires_in: Optional[int] = None,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
) -> str:
    """Signs a JSON object (a mapping, or the exact JSON text) and returns the token.

    With ``expires_in``, ``iat`` (``now`` or the clock) and ``exp`` are appended.
    ``max_length`` bounds the JSON text (default 64 MiB).
    """
    p = _json(payload)
    s = _bytes("secret", secret)
    opts = _sign_options(algorithm, now, expires_in, max_length)
    out = c_char_p()
    try:
        status = _ffi.oo_sign(p, len(p), s, len(s), opts, byref(out))
        if status:
            raise _error(status)
        return out.value.decode("ascii")  # type: ignore[union-attr]
    finally:
        _free(out)


def verify(
    token: Text,
    secret: Secret,
    *,
    algorithms: Optional[Algorithms] = None,
    leeway: int = 60,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
) -> Json:
    """Verifies ``token`` (signature, then ``exp``/``nbf`` with ``leeway``) and returns its claims.

    ``algorithms``: allow-list (default HS256, HS384, HS512); ``max_length``: longest token
    accepted (default 32 MiB).
    """
    t = _bytes("token", token)
    s = _bytes("secret", secret)
    opts = _verify_options(algorithms, now, leeway, max_length)
    out = c_char_p()
    try:
        status = _ffi.oo_verify(t, len(t), s, len(s), opts, byref(out))
        if status:
            raise _error(status)
        data = out.value
    finally:
        _free(out)
    return _decode_json(data.decode("utf-8"))  # type: ignore[union-attr]


def decode_unverified(token: Text, *, max_length: Optional[int] = None) -> Tuple[Json, Json]:
    """``(header, claims)`` of a token WITHOUT verifying it: for diagnostics, never for trust."""
    t = _bytes("token", token)
    opts = None if max_length is None else _options(max_token_len=max_length)
    header, claims = c_char_p(), c_char_p()
    try:
        status = _ffi.oo_decode_unverified(t, len(t), opts, byref(header), byref(claims))
        if status:
            raise _error(status)
        h = header.value
        c = claims.value
    finally:
        _free(header)
        _free(claims)
    return (
        _decode_json(h.decode("utf-8")),  # type: ignore[union-attr]
        _decode_json(c.decode("utf-8")),  # type: ignore[union-attr]
    )


@overload
def sign_request(
    body: JsonInput, secret: Secret, *, placement: Literal["body"] = ..., algorithm: Text = ...,
    expires_in: Optional[int] = ..., now: Optional[int] = ..., max_length: Optional[int] = ...,
) -> Json: ...


@overload
def sign_request(
    body: JsonInput, secret: Secret, *, placement: Literal["header"], algorithm: Text = ...,
    expires_in: Optional[int] = ..., now: Optional[int] = ..., max_length: Optional[int] = ...,
) -> str: ...


def sign_request(
    body: JsonInput,
    secret: Secret,
    *,
    placement: str = "body",
    algorithm: Text = "HS256",
    expires_in: Optional[int] = None,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
) -> Union[Json, str]:
    """Signs a request to Docs (command service, converter, document builder).

    ``placement="body"``: returns the body with a ``token`` member added.
    ``placement="header"``: returns the bare token over ``{"payload": body}``, to send as
    ``Authorization: Bearer <token>``. ``expires_in`` defaults to 300 seconds (the core's default).
    """
    try:
        where = _PLACEMENTS[placement]
    except (KeyError, TypeError):
        raise ValueError("placement must be 'body' or 'header', not %r" % (placement,)) from None
    b = _json(body)
    s = _bytes("secret", secret)
    opts = _sign_options(algorithm, now, expires_in, max_length)
    data = _call(_ffi.oo_sign_request, b, len(b), s, len(s), where, opts)
    if where == _ffi.OO_PLACEMENT_HEADER:
        return data.decode("ascii")
    return _decode_json(data.decode("utf-8"))


def verify_request(
    secret: Secret,
    body: Optional[JsonInput] = None,
    authorization: Optional[Text] = None,
    *,
    prefix: Optional[Text] = None,
    algorithms: Optional[Algorithms] = None,
    leeway: int = 60,
    now: Optional[int] = None,
    max_token_length: Optional[int] = None,
    max_json_length: Optional[int] = None,
) -> Json:
    """Verifies a request the way Docs does and returns the trusted parameters.

    A ``token`` in ``body`` is verified alone; otherwise the ``authorization`` header value after
    ``prefix`` (default ``"Bearer "``). ``body``/``authorization`` None: absent.
    Use it for callbacks from Docs (outbox secret) and requests to Docs (inbox secret).
    """
    s = _bytes("secret", secret)
    b = _opt_json(body)
    a = _opt_bytes("authorization", authorization)
    p = _opt_bytes("prefix", prefix)
    opts = _verify_options(algorithms, now, leeway, max_token_length, max_json_length)
    data = _call(
        _ffi.oo_verify_request, s, len(s), b, _len(b), a, _len(a), p, _len(p), opts
    )
    return _decode_json(data.decode("utf-8"))


def sign_config(
    config: JsonInput,
    secret: Secret,
    *,
    algorithm: Text = "HS256",
    expires_in: Optional[int] = None,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
) -> Json:
    """Signs an editor config (for ``new DocsAPI.DocEditor``): returns it with ``token`` added."""
    c = _json(config)
    s = _bytes("secret", secret)
    opts = _sign_options(algorithm, now, expires_in, max_length)
    data = _call(_ffi.oo_sign_config, c, len(c), s, len(s), opts)
    return _decode_json(data.decode("utf-8"))


def sign_editor_method(
    method: Text,
    params: JsonInput,
    secret: Secret,
    *,
    algorithm: Text = "HS256",
    expires_in: Optional[int] = None,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
) -> Json:
    """Signs the parameter object of a ``docEditor`` method (``insertImage``, ``setHistoryData``,
    ``setRequestedDocument``, ...) with the browser (inbox) secret: returns it with ``token`` added.

    >>> signed = sign_editor_method("setRevisedFile",
    ...     {"fileType": "docx", "url": "https://example.com/b.docx"}, "inbox-secret")
    >>> sorted(signed)
    ['fileType', 'token', 'url']
    """
    m = _bytes("method", method)
    p = _json(params)
    s = _bytes("secret", secret)
    opts = _sign_options(algorithm, now, expires_in, max_length)
    data = _call(_ffi.oo_sign_editor_method, m, len(m), p, len(p), s, len(s), opts)
    return _decode_json(data.decode("utf-8"))


def verify_download(
    authorization: Optional[Text],
    url: Text,
    secret: Secret,
    *,
    prefix: Optional[Text] = None,
    algorithms: Optional[Algorithms] = None,
    leeway: int = 60,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
    url_match: str = "full",
) -> Json:
    """Verifies a file download by Docs: the header token's ``payload.url`` must name ``url``, the
    absolute URL of the request as Docs addressed it. Both are compared as WHATWG URLs (what Docs
    requests), without the fragment: whole (``url_match="full"``) or, behind a reverse proxy, only
    path and query (``url_match="path_and_query"``)."""
    a = _opt_bytes("authorization", authorization)
    u = _bytes("url", url)
    s = _bytes("secret", secret)
    p = _opt_bytes("prefix", prefix)
    if url_match == "full":
        opts = _verify_options(algorithms, now, leeway, max_length)
    elif url_match == "path_and_query":
        opts = _options(None, algorithms, now, leeway, None, max_length, None, True)
    else:
        raise ValueError("url_match is 'full' or 'path_and_query', not %r" % (url_match,))
    data = _call(
        _ffi.oo_verify_download, a, _len(a), u, len(u), s, len(s), p, _len(p), opts
    )
    return _decode_json(data.decode("utf-8"))


def load_config(
    local_path: PathArg,
    default_path: Optional[PathArg] = None,
    env: Optional[Union[Mapping[str, str], str, bytes]] = None,
) -> Json:
    """Resolves an ONLYOFFICE Docs configuration: ``local.json`` over ``default.json`` (None: Docs'
    built-in defaults), then the Docker variables in ``env`` (e.g. ``{"JWT_SECRET": "…"}``; the
    process environment is never read: pass ``os.environ`` explicitly to use it)."""
    lp = _path(local_path)
    dp = _path(default_path)
    if env is not None and not isinstance(env, (str, bytes)):
        env = dict(env)
    e = _opt_json(env)
    data = _call(_ffi.oo_load_config, lp, _len(lp), dp, _len(dp), e, _len(e))
    return _decode_json(data.decode("utf-8"))


_DIRECTIONS = {"inbox": 0, "outbox": 1}


def verify_request_with_config(
    settings: JsonInput,
    direction: Text,
    body: Optional[JsonInput] = None,
    authorization: Optional[Text] = None,
    *,
    now: Optional[int] = None,
    max_token_length: Optional[int] = None,
    max_json_length: Optional[int] = None,
) -> Json:
    """Verifies a request with the settings ``load_config`` returned (the dict, or its JSON text):
    ``direction`` ``"inbox"`` (requests to Docs) or ``"outbox"`` (callbacks from Docs) picks the
    secret and prefix; the clock tolerance and allow-list are the settings'. Returns the trusted
    parameters, as ``verify_request``."""
    st = _json(settings)
    # Any other name reaches the core as a direction it refuses (invalid_argument).
    d = _DIRECTIONS.get(direction, 0xFFFFFFFF) if isinstance(direction, str) else 0xFFFFFFFF
    b = _opt_json(body)
    a = _opt_bytes("authorization", authorization)
    opts = _options(None, None, now, None, None, max_token_length, max_json_length)
    data = _call(
        _ffi.oo_verify_request_with_config, b, _len(b), a, _len(a), st, len(st), d, opts
    )
    return _decode_json(data.decode("utf-8"))


def verify_download_with_config(
    settings: JsonInput,
    authorization: Optional[Text],
    url: Text,
    *,
    now: Optional[int] = None,
    max_length: Optional[int] = None,
    url_match: str = "full",
) -> Json:
    """Verifies a file download by Docs with the settings ``load_config`` returned (the dict, or its
    JSON text): the outbox secret, prefix, clock tolerance and allow-list are the settings'. Otherwise
    as ``verify_download``. A token is always required (``MissingToken``), even for a URL Docs
    downloads without one: ask ``download_token_expected`` first."""
    st = _json(settings)
    a = _opt_bytes("authorization", authorization)
    u = _bytes("url", url)
    if url_match not in ("full", "path_and_query"):
        raise ValueError("url_match is 'full' or 'path_and_query', not %r" % (url_match,))
    opts = _options(None, None, now, None, None, max_length, None, url_match == "path_and_query")
    data = _call(
        _ffi.oo_verify_download_with_config, a, _len(a), u, len(u), st, len(st), opts
    )
    return _decode_json(data.decode("utf-8"))


def download_token_expected(settings: JsonInput, url: Text) -> bool:
    """Whether Docs sends a token when it downloads ``url``, with the settings ``load_config``
    returned: outbox tokens enabled and ``url`` not containing ``token.outbox.urlExclusionRegex``
    (a plain substring). Pass ``url`` exactly as given to Docs (``document.url``, ...), not the
    request URL as received."""
    st = _json(settings)
    u = _bytes("url", url)
    out = c_uint8(0)
    status = _ffi.oo_download_token_expected(u, len(u), st, len(st), byref(out))
    if status:
        raise _error(status)
    return out.value == 1


def version() -> str:
    """The core library's version (``oo_version``)."""
    return _static_text(_ffi.oo_version())


def status_name(status: int) -> str:
    """The contract's name of a status code, as the core gives it (``"unknown"`` otherwise)."""
    return _static_text(_ffi.oo_status_name(status))


def _selftest_panic() -> None:
    """Diagnostic: makes the core panic; raises ``Internal`` when the panic boundary holds."""
    status = _ffi.oo_selftest_panic()
    if status:
        raise _error(status)
