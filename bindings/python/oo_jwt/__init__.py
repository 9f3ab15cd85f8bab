"""oo_jwt: ONLYOFFICE Docs JWT (HS256/384/512) over the oo-jwt Rust core, through its C ABI.

A thin ctypes wrapper: every decision is the core's. See README.md. Docs' callbacks and downloads:
``handle_callback``, ``check_download``, and the adapters ``oo_jwt.wsgi``, ``oo_jwt.flask``,
``oo_jwt.django`` (their frameworks are imported only by them).

>>> import oo_jwt
>>> token = oo_jwt.sign({"key": "Khirz6zTPdfd7"}, "secret", algorithm=oo_jwt.Alg.HS384)
>>> oo_jwt.verify(token, "secret")
{'key': 'Khirz6zTPdfd7'}
"""

from typing import TYPE_CHECKING, Any, List

from ._api import (
    decode_unverified, download_token_expected, load_config, sign, sign_config, sign_editor_method,
    sign_request, status_name, verify, verify_download, verify_download_with_config,
    verify_request, verify_request_with_config, version,
)
from ._errors import (
    ERRORS_BY_STATUS, BadSignature, EmptySecret, Expired, Internal, InvalidArgument, InvalidConfig,
    InvalidJson, JwtError, Malformed, MissingToken, NotYetValid, TooLarge, UnsupportedAlg, UrlMismatch,
)
from ._ffi import Alg, library_path

if TYPE_CHECKING:
    from ._callback import (
        Callback, CallbackStatus, ForceSaveType, callback_answer, check_download, handle_callback,
        process_callback,
    )

# The callback kit (dataclasses and logging, slow imports) loads on first use: a process that only
# signs or verifies does not pay for it.
_CALLBACK_NAMES = frozenset((
    "Callback", "CallbackStatus", "ForceSaveType", "callback_answer", "check_download",
    "handle_callback", "process_callback",
))


def __getattr__(name: str) -> Any:
    if name in _CALLBACK_NAMES:
        from . import _callback

        value = getattr(_callback, name)
        globals()[name] = value
        return value
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def __dir__() -> List[str]:
    return sorted(set(globals()) | _CALLBACK_NAMES)

__version__ = "0.1.0"

__all__ = [
    "sign", "verify", "decode_unverified", "sign_request", "verify_request", "sign_config",
    "sign_editor_method", "verify_download", "load_config", "verify_request_with_config",
    "verify_download_with_config", "download_token_expected", "version", "status_name", "library_path",
    "handle_callback", "callback_answer", "process_callback", "check_download", "Callback",
    "CallbackStatus", "ForceSaveType",
    "Alg", "JwtError", "InvalidArgument", "InvalidJson", "EmptySecret", "Malformed", "UnsupportedAlg",
    "BadSignature", "Expired", "NotYetValid", "TooLarge", "MissingToken", "InvalidConfig",
    "UrlMismatch", "Internal", "ERRORS_BY_STATUS",
]
