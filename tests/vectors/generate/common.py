"""Shared helpers for the oo-jwt vector generators (Python stdlib only)."""
import base64
import hashlib
import hmac
import json
from collections import OrderedDict

HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}

NOW = 1700000000          # fixed clock of every generated case (2023-11-14T22:13:20Z)
SECRET = "oo-jwt-test-secret-7Hq2Zp9Lx4VbN3"   # inbox-like secret (32+ chars, like Docker's)
OUTBOX = "outbox-secret-Rk5Tz8Wm2Qn6Yc1Jd0"    # outbox secret for Docs -> storage tokens
OTHER = "a-different-secret-entirely-0000"     # used to forge signatures


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_text(text: str) -> str:
    return b64u(text.encode("utf-8"))


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def strict_b64u_decode(seg: str):
    """Canonical unpadded base64url, or None when not canonical."""
    if any(c not in ALPHABET for c in seg):
        return None
    if len(seg) % 4 == 1:
        return None
    pad = "=" * (-len(seg) % 4)
    data = base64.urlsafe_b64decode(seg + pad)
    if b64u(data) != seg:          # unused trailing bits not zero
        return None
    return data


def mac(alg: str, key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, HASHES[alg]).digest()


def key_bytes(secret=None, secret_hex=None) -> bytes:
    if secret_hex is not None:
        return bytes.fromhex(secret_hex)
    return secret.encode("utf-8")


def sign_segments(h_seg: str, c_seg: str, alg: str, key: bytes) -> str:
    """Token from already-encoded segments, MAC computed over their exact text."""
    return h_seg + "." + c_seg + "." + b64u(mac(alg, key, (h_seg + "." + c_seg).encode("ascii")))


def craft(header, claims, alg="HS256", key=SECRET.encode(), sig=None) -> str:
    """Token over exact header / claims texts (str or bytes); sig=None -> genuine HMAC with `alg`."""
    hb = header.encode("utf-8") if isinstance(header, str) else header
    cb = claims.encode("utf-8") if isinstance(claims, str) else claims
    h, c = b64u(hb), b64u(cb)
    if sig is None:
        return sign_segments(h, c, alg, key)
    return h + "." + c + "." + sig


class RawNumber(str):
    """A JSON number kept as its source text."""


def parse_ordered(text: str):
    """Parse JSON keeping key order and number texts (duplicates -> ValueError)."""
    def hook(pairs):
        d = OrderedDict()
        for k, v in pairs:
            if k in d:
                raise ValueError("duplicate key %r" % k)
            d[k] = v
        return d

    def bad_const(name):
        raise ValueError("constant %s" % name)

    return json.loads(text, object_pairs_hook=hook, parse_int=RawNumber,
                      parse_float=RawNumber, parse_constant=bad_const)


def js_string(s: str) -> str:
    # JSON.stringify escaping == json.dumps(ensure_ascii=False) for well-formed strings
    return json.dumps(s, ensure_ascii=False)


def emit(v) -> str:
    """Compact JSON like JSON.stringify, numbers as given, key order kept."""
    if isinstance(v, RawNumber):
        return str.__str__(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return js_string(v)
    if isinstance(v, list):
        return "[" + ",".join(emit(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(js_string(k) + ":" + emit(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def to_plain(v):
    """OrderedDict/RawNumber tree -> plain JSON values (for expectations)."""
    if isinstance(v, RawNumber):
        return json.loads(str.__str__(v))
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    return v


def dumps_file(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def segs(token: str):
    return token.split(".")


def claims_of(token: str):
    """Parsed (plain) claims of a well-formed token."""
    return json.loads(strict_b64u_decode(segs(token)[1]).decode("utf-8"))


def header_of(token: str):
    return json.loads(strict_b64u_decode(segs(token)[0]).decode("utf-8"))
