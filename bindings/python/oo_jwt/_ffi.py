"""ctypes declarations of the C ABI in include/oo_jwt.h (the header is authoritative).

tests/test_errors_header.py parses the header and checks every constant, the ``OoOptions`` layout
and every function's parameter list against this module.

Inputs are (pointer, length) pairs: a ``bytes`` object passed for a ``c_char_p`` argument hands
over its buffer without copying and without stopping at NUL bytes. Every ``char **`` output is a
``Slot``: the library writes a pointer the caller must free; ``Slot.ptr`` (a ``void *``) is what
goes to ``oo_free`` and ``Slot.text`` copies the NUL-terminated text without a further foreign call.
No function has a ``c_char_p`` *restype*, which would copy and lose the pointer.
"""

from __future__ import annotations

import ctypes
import enum
import os
import struct
import sys
from ctypes import c_char_p, c_int32, c_size_t, c_uint32, c_void_p
from typing import Any, Dict, List, Tuple

# Constants of the header (checked against it by tests/test_errors_header.py).
OO_OK = 0
OO_HS256, OO_HS384, OO_HS512 = 1, 2, 4
OO_OPT_NOW, OO_OPT_LEEWAY, OO_OPT_EXPIRES_IN, OO_OPT_URL_PATH_QUERY = 1, 2, 4, 8
OO_DIRECTION_INBOX, OO_DIRECTION_OUTBOX = 0, 1
OO_PLACEMENT_BODY, OO_PLACEMENT_HEADER = 0, 1
OO_ABI_MAJOR, OO_ABI_MINOR = 1, 0


class Alg(enum.IntFlag):
    """The HMAC algorithms, one bit each (``OoAlg``): ``algorithm=Alg.HS384`` signs with one,
    ``algorithms=[Alg.HS256, Alg.HS512]`` (or ``Alg.HS256 | Alg.HS512``) is an allow-list."""

    HS256 = OO_HS256
    HS384 = OO_HS384
    HS512 = OO_HS512


# struct OoOptions, field by field (name, struct module code); no padding, native byte order.
OPTIONS_FIELDS = (
    ("struct_size", "I"), ("flags", "I"), ("algorithm", "I"), ("algorithms", "I"),
    ("now", "q"), ("leeway", "q"), ("expires_in", "q"), ("max_token_len", "Q"), ("max_json_len", "Q"),
)
OPTIONS = struct.Struct("=" + "".join(code for _, code in OPTIONS_FIELDS))


class Slot(ctypes.Union):
    """A ``char *`` output: ``ptr`` to free, ``text`` to read (None while NULL)."""

    _fields_ = [("ptr", c_void_p), ("text", c_char_p)]


def platform_library() -> Tuple[str, str]:
    """The library's file name here and its directory in a multi-platform layout (dist/native/).

    >>> platform_library()  # on Linux x86-64 with glibc
    ('liboo_jwt.so', 'linux-x86_64')
    """
    # os.uname() is what platform.machine() reads on POSIX; the platform module (a slower import)
    # only where there is no uname, and for the C library's name on a system with musl's loader.
    if hasattr(os, "uname"):
        machine = os.uname().machine.lower()
    else:  # pragma: no cover - Windows
        import platform

        machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform == "win32":
        return "oo_jwt.dll", "windows-" + arch
    if sys.platform == "darwin":
        return "liboo_jwt.dylib", "macos-" + arch
    return "liboo_jwt.so", "linux-" + arch + ("-musl" if _musl() else "")


def _musl() -> bool:
    """musl's dynamic loader is /lib/ld-musl-<arch>.so.1 (Alpine); a Python on glibc says so
    through confstr (what platform.libc_ver() asks first), even where musl is installed beside it."""
    try:
        if os.confstr("CS_GNU_LIBC_VERSION"):
            return False
    except (AttributeError, ValueError, OSError):
        pass
    try:
        names = os.listdir("/lib")
    except OSError:
        return False
    if not any(n.startswith("ld-musl-") and n.endswith(".so.1") for n in names):
        return False
    import platform

    return not platform.libc_ver()[0]


LIBRARY_NAME, PLATFORM = platform_library()


def library_candidates() -> List[str]:
    """Where the library is looked for, in order: $OO_JWT_LIB, then native/<platform>/ beside this
    module (a wheel carrying several platforms), then next to this module."""
    here = os.path.dirname(os.path.abspath(__file__))
    env = os.environ.get("OO_JWT_LIB")
    return ([env] if env else []) + [os.path.join(here, "native", PLATFORM, LIBRARY_NAME),
                                     os.path.join(here, LIBRARY_NAME)]


def _load() -> Tuple[ctypes.CDLL, str]:
    candidates = library_candidates()
    if os.environ.get("OO_JWT_LIB"):  # a set OO_JWT_LIB is never passed over silently
        candidates = candidates[:1]
    for path in candidates:
        if os.path.exists(path):
            return ctypes.CDLL(path), path
    raise OSError(
        "oo_jwt: %s not found (looked at: %s); build it with `cargo build --release` and set "
        "OO_JWT_LIB to it, or install the oo_jwt wheel, which bundles it (with OO_JWT_LIB unset)"
        % (LIBRARY_NAME, ", ".join(candidates))
    )


lib, library_path = _load()

# Parameter codes: b = an input (const uint8_t *, size_t); o = const OoOptions *; u = uint32_t;
# s = a char ** output (a Slot); p = uint8_t *. Every operation ends with char **out_error (s).
_CODES = {"b": (c_char_p, c_size_t), "o": (c_void_p,), "u": (c_uint32,), "s": (c_void_p,),
          "p": (c_void_p,)}
SIGNATURES = {
    "oo_sign": "bboss",
    "oo_verify": "bboss",
    "oo_decode_unverified": "bosss",
    "oo_sign_request": "bbuoss",
    "oo_verify_request": "bbbboss",
    "oo_sign_config": "bboss",
    "oo_sign_editor_method": "bbboss",
    "oo_verify_download": "bbbboss",
    "oo_load_config": "bbbss",
    "oo_verify_request_with_config": "bbbuoss",
    "oo_verify_download_with_config": "bbboss",
    "oo_download_token_expected": "bbps",
}


def _declare(name: str, restype: Any, *argtypes: Any) -> Any:
    fn = getattr(lib, name)
    fn.argtypes = list(argtypes)
    fn.restype = restype
    return fn


FUNCTIONS: Dict[str, Any] = {
    name: _declare(name, c_int32, *(t for c in sig for t in _CODES[c])) for name, sig in SIGNATURES.items()
}
globals().update(FUNCTIONS)
oo_free = _declare("oo_free", None, c_void_p)
# The library's static strings: received as void*, copied, never freed.
oo_status_name = _declare("oo_status_name", c_void_p, c_int32)
oo_version = _declare("oo_version", c_void_p)
oo_abi_version = _declare("oo_abi_version", c_uint32)

if oo_abi_version() >> 16 != OO_ABI_MAJOR:
    raise ImportError("oo_jwt: %s has ABI %d.%d; this package needs %d.x"
                      % (library_path, oo_abi_version() >> 16, oo_abi_version() & 0xFFFF, OO_ABI_MAJOR))
