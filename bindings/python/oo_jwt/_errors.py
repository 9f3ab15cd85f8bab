"""The contract's error taxonomy: one exception class per status name.

The numbers are the C ABI's status constants (include/oo_jwt.h); the names are what the core's
``oo_status_name`` answers. tests/test_errors_header.py checks this table against both.
"""

from __future__ import annotations

from typing import Dict, Tuple, Type


class JwtError(Exception):
    """Any failure reported by the oo-jwt core.

    ``code`` is the contract's name (``"bad_signature"``), ``status`` its number (6) and
    ``message`` the core's detail.
    """

    code: str = "unknown"
    status: int = -1

    def __init__(self, code: str, status: int, message: str) -> None:
        self.code = code
        self.status = status
        self.message = message
        super().__init__(f"{code}: {message}" if message else code)

    def __reduce__(self) -> Tuple[object, Tuple[str, int, str]]:  # picklable
        return (_rebuild, (self.code, self.status, self.message))


class InvalidArgument(JwtError): code, status = "invalid_argument", 1
class InvalidJson(JwtError): code, status = "invalid_json", 2
class EmptySecret(JwtError): code, status = "empty_secret", 3
class Malformed(JwtError): code, status = "malformed", 4
class UnsupportedAlg(JwtError): code, status = "unsupported_alg", 5
class BadSignature(JwtError): code, status = "bad_signature", 6
class Expired(JwtError): code, status = "expired", 7
class NotYetValid(JwtError): code, status = "not_yet_valid", 8
class TooLarge(JwtError): code, status = "too_large", 9
class MissingToken(JwtError): code, status = "missing_token", 10
class InvalidConfig(JwtError): code, status = "invalid_config", 11
class UrlMismatch(JwtError): code, status = "url_mismatch", 12
class Internal(JwtError): code, status = "internal", 255


ERRORS_BY_STATUS: Dict[int, Type[JwtError]] = {
    cls.status: cls
    for cls in (
        InvalidArgument, InvalidJson, EmptySecret, Malformed, UnsupportedAlg, BadSignature,
        Expired, NotYetValid, TooLarge, MissingToken, InvalidConfig, UrlMismatch, Internal,
    )
}


def _rebuild(code: str, status: int, message: str) -> JwtError:
    return ERRORS_BY_STATUS.get(status, JwtError)(code, status, message)
