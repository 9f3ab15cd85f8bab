"""ctypes declarations of the C ABI in include/oo_jwt.h (the header is authoritative).

Every function gets ``argtypes`` and ``restype``. Inputs are (pointer, length) pairs: a ``bytes``
object passed for a ``c_char_p`` argument hands over its buffer without copying and without
stopping at NUL bytes, because the length travels separately. Strings the caller must free arrive
through ``char **`` out-parameters into a ``c_char_p`` object: it keeps the pointer for ``oo_free``,
and its ``value`` copies the text without another foreign call (``ctypes.string_at`` is one, and cost
more than the copy). No function has a ``c_char_p`` *restype*, which would copy and lose the pointer;
the library's static strings come back as ``c_void_p``.
"""

from __future__ import annotations

import ctypes
import glob
import os
import platform
import sys
from ctypes import POINTER, c_char_p, c_int32, c_int64, c_size_t, c_uint8, c_uint32, c_uint64, c_void_p
from typing import Any, List, Tuple



def platform_library() -> Tuple[str, str]:
    """The library's file name here and its directory in a multi-platform layout (dist/native/).

    >>> platform_library()  # on Linux x86-64 with glibc
    ('liboo_jwt.so', 'linux-x86_64')
    """
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform == "win32":
        return "oo_jwt.dll", "windows-" + arch
    if sys.platform == "darwin":
        return "liboo_jwt.dylib", "macos-" + arch
    # musl's dynamic loader is /lib/ld-musl-<arch>.so.1 (Alpine); glibc systems have none.
    musl = "-musl" if glob.glob("/lib/ld-musl-*.so.1") and not platform.libc_ver()[0] else ""
    return "liboo_jwt.so", "linux-" + arch + musl


LIBRARY_NAME, PLATFORM = platform_library()

# Status codes and option bits, as in include/oo_jwt.h.
OO_OK = 0
OO_OPT_NOW = 1
OO_OPT_LEEWAY = 2
OO_OPT_EXPIRES_IN = 4
OO_OPT_URL_PATH_QUERY = 8
OO_PLACEMENT_BODY = 0
OO_PLACEMENT_HEADER = 1


class OoOptions(ctypes.Structure):
    """``struct OoOptions``: zero-initialised means every default."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("flags", c_uint32),
        ("algorithm", c_char_p),
        ("algorithm_len", c_size_t),
        ("algorithms", c_char_p),
        ("algorithms_len", c_size_t),
        ("now", c_int64),
        ("leeway", c_int64),
        ("expires_in", c_int64),
        ("max_token_len", c_uint64),
        ("max_json_len", c_uint64),
    ]


def library_candidates() -> List[str]:
    """Where the library is looked for, in order: $OO_JWT_LIB, then native/<platform>/ beside this
    module (a wheel carrying several platforms), then next to this module."""
    found = []
    env = os.environ.get("OO_JWT_LIB")
    if env:
        found.append(env)
    here = os.path.dirname(os.path.abspath(__file__))
    found.append(os.path.join(here, "native", PLATFORM, LIBRARY_NAME))
    found.append(os.path.join(here, LIBRARY_NAME))
    return found


def _load() -> Tuple[ctypes.CDLL, str]:
    candidates = library_candidates()
    for path in candidates:
        if os.path.exists(path):
            return ctypes.CDLL(path), path
    raise OSError(
        "oo_jwt: %s not found (looked at: %s); build it with `cargo build --release` "
        "and set OO_JWT_LIB, or install the oo_jwt wheel, which bundles it"
        % (LIBRARY_NAME, ", ".join(candidates))
    )


lib, library_path = _load()

_P = c_char_p  # const uint8_t * (a bytes buffer, length passed separately)
_OPTS = POINTER(OoOptions)
_OUT = POINTER(c_char_p)  # char ** (the c_char_p object keeps the pointer to free)


def _declare(name: str, restype: Any, *argtypes: Any) -> Any:
    fn = getattr(lib, name)
    fn.argtypes = list(argtypes)
    fn.restype = restype
    return fn


oo_sign = _declare("oo_sign", c_int32, _P, c_size_t, _P, c_size_t, _OPTS, _OUT)
oo_verify = _declare("oo_verify", c_int32, _P, c_size_t, _P, c_size_t, _OPTS, _OUT)
oo_decode_unverified = _declare("oo_decode_unverified", c_int32, _P, c_size_t, _OPTS, _OUT, _OUT)
oo_sign_request = _declare(
    "oo_sign_request", c_int32, _P, c_size_t, _P, c_size_t, c_uint32, _OPTS, _OUT
)
oo_verify_request = _declare(
    "oo_verify_request", c_int32,
    _P, c_size_t, _P, c_size_t, _P, c_size_t, _P, c_size_t, _OPTS, _OUT,
)
oo_sign_config = _declare("oo_sign_config", c_int32, _P, c_size_t, _P, c_size_t, _OPTS, _OUT)
oo_sign_editor_method = _declare(
    "oo_sign_editor_method", c_int32, _P, c_size_t, _P, c_size_t, _P, c_size_t, _OPTS, _OUT
)
oo_verify_download = _declare(
    "oo_verify_download", c_int32,
    _P, c_size_t, _P, c_size_t, _P, c_size_t, _P, c_size_t, _OPTS, _OUT,
)
oo_load_config = _declare(
    "oo_load_config", c_int32, _P, c_size_t, _P, c_size_t, _P, c_size_t, _OUT
)
oo_verify_request_with_config = _declare(
    "oo_verify_request_with_config", c_int32,
    _P, c_size_t, _P, c_size_t, _P, c_size_t, c_uint32, _OPTS, _OUT,
)
oo_verify_download_with_config = _declare(
    "oo_verify_download_with_config", c_int32,
    _P, c_size_t, _P, c_size_t, _P, c_size_t, _OPTS, _OUT,
)
oo_download_token_expected = _declare(
    "oo_download_token_expected", c_int32, _P, c_size_t, _P, c_size_t, POINTER(c_uint8)
)
oo_free = _declare("oo_free", None, c_void_p)
# Static or thread-local strings: received as void* too, copied, never freed.
oo_status_name = _declare("oo_status_name", c_void_p, c_int32)
oo_last_error_message = _declare("oo_last_error_message", c_void_p)
oo_version = _declare("oo_version", c_void_p)
oo_selftest_panic = _declare("oo_selftest_panic", c_int32)
