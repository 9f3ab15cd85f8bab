"""Independent reference of docs/semantics.md `verify` / `decode_unverified` / `verify_request` /
`verify_download` (stdlib only).

Used by build.py to double-check hand-set expectations and by check.py to re-judge every case."""
import hmac as _hmac
import json
import math
import re

from common import HASHES, strict_b64u_decode, mac

KNOWN = ("HS256", "HS384", "HS512")
MAX_DEPTH = 128


class Err(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


def depth_of(text: str) -> int:
    depth = best = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def strict_json(data: bytes, err: str):
    """Strict JSON of any type (duplicate names, NaN, deep nesting refused)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Err(err)
    if depth_of(text) > MAX_DEPTH:
        raise Err(err)

    def hook(pairs):
        d = {}
        for k, v in pairs:
            if k in d:
                raise ValueError("dup")
            d[k] = v
        return d

    def bad(_):
        raise ValueError("const")
    try:
        v = json.loads(text, object_pairs_hook=hook, parse_constant=bad)
    except (ValueError, RecursionError):
        raise Err(err)
    return v


def strict_json_object(data: bytes, err: str):
    v = strict_json(data, err)
    if not isinstance(v, dict):
        raise Err(err)
    return v


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def structure(token: bytes):
    if token.count(b".") != 2:
        raise Err("malformed")
    try:
        t = token.decode("ascii")
    except UnicodeDecodeError:
        raise Err("malformed")
    h, c, s = t.split(".")
    if h == "":
        raise Err("malformed")
    parts = [strict_b64u_decode(x) for x in (h, c, s)]
    if any(p is None for p in parts):
        raise Err("malformed")
    return (h, c, s), parts


def verify(token: bytes, key: bytes, algorithms=None, leeway=60, now=None, max_token_len=33554432):
    if leeway is not None and leeway < 0:
        raise Err("invalid_argument")
    if algorithms is not None:
        if len(algorithms) == 0 or any(a not in KNOWN for a in algorithms):
            raise Err("invalid_argument")
    allow = algorithms if algorithms is not None else list(KNOWN)
    if leeway is None:
        leeway = 60
    if len(token) > (max_token_len or 33554432):
        raise Err("too_large")
    if len(key) == 0:
        raise Err("empty_secret")
    (h, c, s), (hb, cb, sb) = structure(token)
    header = strict_json_object(hb, "malformed")
    if "alg" not in header or not isinstance(header["alg"], str) or "crit" in header:
        raise Err("malformed")
    alg = header["alg"]
    if alg not in allow or alg.lower() == "none":
        raise Err("unsupported_alg")
    expect = mac(alg, key, (h + "." + c).encode("ascii"))
    if not _hmac.compare_digest(expect, sb):
        raise Err("bad_signature")
    claims = strict_json_object(cb, "malformed")
    for k in ("exp", "nbf"):
        if k in claims and not (is_number(claims[k]) and math.isfinite(float(claims[k]))):
            raise Err("malformed")
    if now is None:
        import time
        now = int(time.time())
    if "exp" in claims and float(claims["exp"]) + leeway <= now:
        raise Err("expired")
    if "nbf" in claims and float(claims["nbf"]) - leeway > now:
        raise Err("not_yet_valid")
    return claims


def decode_unverified(token: bytes, max_token_len=33554432):
    if len(token) > (max_token_len or 33554432):
        raise Err("too_large")
    (h, c, s), (hb, cb, sb) = structure(token)
    header = strict_json_object(hb, "malformed")
    if "alg" not in header or not isinstance(header["alg"], str) or "crit" in header:
        raise Err("malformed")
    claims = strict_json_object(cb, "malformed")
    # exp/nbf types are not judged here: decode_unverified shows what a bad token carries.
    return header, claims


def run_case_verify(inp):
    """Outcome of a verify case as {"claims":...} or {"error":...}."""
    tok = bytes.fromhex(inp["token_hex"]) if "token_hex" in inp else inp["token"].encode("utf-8")
    key = bytes.fromhex(inp["secret_hex"]) if "secret_hex" in inp else inp["secret"].encode("utf-8")
    try:
        return {"claims": verify(tok, key, inp.get("algorithms"), inp.get("leeway", 60),
                                 inp.get("now"), inp.get("max_token_len"))}
    except Err as e:
        return {"error": e.name}


def run_case_decode(inp):
    tok = bytes.fromhex(inp["token_hex"]) if "token_hex" in inp else inp["token"].encode("utf-8")
    try:
        h, c = decode_unverified(tok, inp.get("max_token_len"))
        return {"header": h, "claims": c}
    except Err as e:
        return {"error": e.name}


def _key(inp):
    return bytes.fromhex(inp["secret_hex"]) if "secret_hex" in inp else inp["secret"].encode("utf-8")


def _verify_opts(inp):
    return dict(algorithms=inp.get("algorithms"), leeway=inp.get("leeway", 60), now=inp.get("now"),
                max_token_len=inp.get("max_token_len"))


def _bearer(inp):
    auth, prefix = inp.get("authorization"), inp.get("prefix", "Bearer ")
    if auth is None or not auth.startswith(prefix):
        return None
    return auth[len(prefix):].encode("utf-8")


def verify_request(inp):
    """docs/semantics.md `verify_request`: body token alone (unless it is "", null, false or 0, which count
    as absent, as in Docs), else the header's; a JSON body that is not an object falls back to the header;
    then the params merge, with `payload` and `query` both the claims' own."""
    body = inp.get("body")
    token = None
    if body:
        raw = body.encode("utf-8")
        if len(raw) > (inp.get("max_json_len") or 67108864):
            raise Err("too_large")
        doc = strict_json(raw, "invalid_json")
        if isinstance(doc, dict) and "token" in doc:
            t = doc["token"]
            if isinstance(t, str):
                if t:
                    token = t.encode("utf-8")
            elif not (t is None or t is False or (isinstance(t, (int, float)) and not isinstance(t, bool) and t == 0)):
                raise Err("malformed")
    if token is None:
        token = _bearer(inp)
    if token is None:
        raise Err("missing_token")
    claims = verify(token, _key(inp), **_verify_opts(inp))
    params = dict(claims)
    for wrapper in [claims.get("payload"), claims.get("query")]:
        if isinstance(wrapper, dict):
            for k, v in list(wrapper.items()):
                params[k] = v
    return params


_PLAIN_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[a-z0-9.-]+(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?(\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$")


def _plain(url):
    """True when `url` is already in the WHATWG serialisation this reference can judge: ASCII, lower-case
    scheme and host, no port, no dot segments, no fragment. Other URLs are judged by node's URL (the fidelity suite)."""
    return bool(_PLAIN_URL.match(url)) and "/./" not in url and "/../" not in url and not url.endswith(("/.", "/.."))


class CannotJudge(Exception):
    pass


def verify_download(inp):
    """docs/semantics.md `verify_download`: header token only, then payload.url naming the URL."""
    token = _bearer(inp)
    if token is None:
        raise Err("missing_token")
    claims = verify(token, _key(inp), **_verify_opts(inp))
    payload = claims.get("payload")
    url = payload.get("url") if isinstance(payload, dict) else None
    if not isinstance(url, str):
        raise Err("url_mismatch")
    if not (_plain(url) and _plain(inp["url"])) or inp.get("url_match"):
        raise CannotJudge()
    if url != inp["url"]:
        raise Err("url_mismatch")
    return claims


def run_case_verify_request(inp):
    try:
        return {"params": verify_request(inp)}
    except Err as e:
        return {"error": e.name}


def run_case_verify_download(inp):
    """The expectation, or None where the URLs are beyond this reference (see _plain)."""
    try:
        return {"claims": verify_download(inp)}
    except CannotJudge:
        return None
    except Err as e:
        return {"error": e.name}
