"""Runs the shared vectors (docs/vectors.md) through the public oo_jwt API.

Used by tests/test_vectors.py (one pytest test per case id) and, as a script, by `make conformance`:
    python tests/vector_runner.py            # CONFORMANCE python <file-stem> <passed> <failed>
"""

from __future__ import annotations

import glob
import hashlib
import json
import math
import os
import sys
import tempfile
from typing import Any, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
if __name__ == "__main__":  # run from a checkout: import the package beside this directory
    sys.path.insert(0, os.path.dirname(HERE))

import oo_jwt  # noqa: E402

VECTORS_DIR = os.environ.get("OO_JWT_VECTORS") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "tests", "vectors")
)


def vector_files() -> List[str]:
    return sorted(p for p in glob.glob(os.path.join(VECTORS_DIR, "*.json"))
                  if os.path.basename(p) != "manifest.json")


def load_cases() -> List[Tuple[str, Dict[str, Any]]]:
    """Every (file stem, case) of every vector file, in file order, after checking each file against
    manifest.json (its name, SHA-256 and number of cases): an emptied or deleted file fails here."""
    with open(os.path.join(VECTORS_DIR, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)["files"]
    names = [os.path.basename(p) for p in vector_files()]
    if sorted(names) != sorted(manifest):
        raise AssertionError("vector files %s differ from manifest.json's %s" % (names, sorted(manifest)))
    cases = []
    for path in vector_files():
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        with open(path, "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != manifest[name]["sha256"]:
            raise AssertionError("%s: SHA-256 differs from manifest.json" % name)
        file_cases = json.loads(data.decode("utf-8")).get("cases")
        if not isinstance(file_cases, list) or len(file_cases) != manifest[name]["cases"]:
            raise AssertionError("%s: %s cases, manifest.json says %d"
                                 % (name, len(file_cases) if isinstance(file_cases, list) else "no",
                                    manifest[name]["cases"]))
        for case in file_cases:
            cases.append((stem, case))
    return cases


def same_json(a: Any, b: Any) -> bool:
    """JSON values equal as parsed values: numbers by value, but a bool is not a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _secret(inp: Dict[str, Any]):
    if "secret_hex" in inp:
        return bytes.fromhex(inp["secret_hex"])
    return inp["secret"]


def _token(inp: Dict[str, Any]):
    if "token_hex" in inp:
        return bytes.fromhex(inp["token_hex"])
    return inp["token"]


# For each op: the input keys passed as keyword arguments, under the wrapper's name for them.
_KWARGS = {
    "sign": {"algorithm": "algorithm", "expires_in": "expires_in", "now": "now",
             "max_json_len": "max_json_length"},
    "verify": {"algorithms": "algorithms", "leeway": "leeway", "now": "now",
               "max_token_len": "max_token_length"},
    "decode_unverified": {"max_token_len": "max_token_length"},
    "sign_request": {"placement": "placement", "algorithm": "algorithm",
                     "expires_in": "expires_in", "now": "now", "max_json_len": "max_json_length"},
    "verify_request": {"prefix": "prefix", "algorithms": "algorithms", "leeway": "leeway",
                       "now": "now", "max_token_len": "max_token_length",
                       "max_json_len": "max_json_length"},
    "sign_config": {"algorithm": "algorithm", "expires_in": "expires_in", "now": "now",
                    "max_json_len": "max_json_length"},
    "verify_download": {"prefix": "prefix", "algorithms": "algorithms", "leeway": "leeway",
                        "now": "now", "max_token_len": "max_token_length",
                        "url_match": "path_and_query_only"},
    "sign_editor_method": {"algorithm": "algorithm", "expires_in": "expires_in", "now": "now",
                           "max_json_len": "max_json_length"},
    "load_config": {},
    "verify_request_with_config": {"now": "now", "max_token_len": "max_token_length",
                                   "max_json_len": "max_json_length"},
    "verify_download_with_config": {"now": "now", "max_token_len": "max_token_length",
                                    "url_match": "path_and_query_only"},
    "download_token_expected": {},
}
# Input keys each op takes positionally (read below).
_POSITIONAL = {
    "sign": {"payload", "secret", "secret_hex"},
    "verify": {"token", "token_hex", "secret", "secret_hex"},
    "decode_unverified": {"token", "token_hex"},
    "sign_request": {"body", "secret", "secret_hex"},
    "verify_request": {"secret", "secret_hex", "body", "authorization"},
    "sign_config": {"config", "secret", "secret_hex"},
    "verify_download": {"authorization", "url", "secret", "secret_hex"},
    "sign_editor_method": {"method", "params", "secret", "secret_hex"},
    "load_config": {"files", "local", "default", "env"},
    "verify_request_with_config": {"files", "local", "default", "env", "direction", "body",
                                   "authorization"},
    "verify_download_with_config": {"files", "local", "default", "env", "authorization", "url"},
    "download_token_expected": {"files", "local", "default", "env", "url"},
}
# A name that is not an algorithm of the header (the vectors test refusal with "none", "RS256",
# "hs256", ...) goes to the core as a bit no algorithm has, which it refuses as it refused the name.
_UNKNOWN_ALG = 1 << 31


def _alg(name: str) -> int:
    member = oo_jwt.Alg.__members__.get(name)
    return _UNKNOWN_ALG if member is None else int(member)


def _convert(key: str, value: Any) -> Any:
    """A vector input value as the wrapper takes it: algorithm names as Alg bits, url_match as the
    path_and_query_only flag."""
    if key == "algorithm":
        return _alg(value)
    if key == "algorithms":  # an empty list (which 0, "not given", cannot say) as an unknown bit
        return [_alg(name) for name in value] or [_UNKNOWN_ALG]
    if key == "url_match":
        if value not in ("full", "path_and_query"):
            raise AssertionError("url_match %r" % (value,))
        return value == "path_and_query"
    return value


def _run(case: Dict[str, Any]) -> Tuple[str, Any]:
    """Runs a case; returns (result key, value) as named in docs/vectors.md."""
    op, inp = case["op"], case["input"]
    if op not in _KWARGS:
        raise AssertionError("unknown op %r" % op)
    unknown = set(inp) - set(_KWARGS[op]) - _POSITIONAL[op]
    if unknown:
        raise AssertionError("input keys this runner cannot pass to %s: %s" % (op, sorted(unknown)))
    kw = {name: _convert(key, inp[key]) for key, name in _KWARGS[op].items() if key in inp}
    if op == "sign":
        return "token", oo_jwt.sign(inp["payload"], _secret(inp), **kw)
    if op == "verify":
        return "claims", oo_jwt.verify(_token(inp), _secret(inp), **kw)
    if op == "decode_unverified":
        return "header+claims", oo_jwt.decode_unverified(_token(inp), **kw)
    if op == "sign_request":
        result = oo_jwt.sign_request(inp["body"], _secret(inp), **kw)
        return ("token" if kw.get("placement") == "header" else "body"), result
    if op == "verify_request":
        return "params", oo_jwt.verify_request(
            inp.get("body"), inp.get("authorization"), _secret(inp), **kw)
    if op == "sign_config":
        return "config", oo_jwt.sign_config(inp["config"], _secret(inp), **kw)
    if op == "sign_editor_method":
        return "params", oo_jwt.sign_editor_method(inp["method"], inp["params"], _secret(inp), **kw)
    if op == "verify_download":
        return "claims", oo_jwt.verify_download(inp.get("authorization"), inp["url"],
                                                _secret(inp), **kw)
    # load_config, verify_request_with_config: the files go into a fresh directory, @DIR@ replaced by its path.
    with tempfile.TemporaryDirectory(prefix="oo-jwt-py-") as d:
        for name, text in inp.get("files", {}).items():
            with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
                f.write(text.replace("@DIR@", d))
        default = inp.get("default")
        settings = oo_jwt.load_config(
            os.path.join(d, inp["local"]),
            default_path=None if default is None else os.path.join(d, default),
            env=inp.get("env"),
        )
        if op == "load_config":
            return "config", settings
        if op == "verify_download_with_config":
            return "claims", oo_jwt.verify_download_with_config(
                inp.get("authorization"), inp["url"], settings, **kw)
        if op == "download_token_expected":
            return "expected", oo_jwt.download_token_expected(inp["url"], settings)
        return "params", oo_jwt.verify_request_with_config(
            inp.get("body"), inp.get("authorization"), settings, inp["direction"], **kw)


def check(case: Dict[str, Any]) -> None:
    """Raises AssertionError naming the case id when the result differs from the expectation."""
    cid, expect = case["id"], case["expect"]
    try:
        kind, got = _run(case)
    except oo_jwt.JwtError as e:
        if "error" not in expect:
            raise AssertionError("%s: expected a result, got error %s (%d): %s"
                                 % (cid, e.code, e.status, e.message)) from None
        if e.code != expect["error"]:
            raise AssertionError("%s: expected error %s, got %s (%d): %s"
                                 % (cid, expect["error"], e.code, e.status, e.message)) from None
        if type(e) is not oo_jwt.ERRORS_BY_STATUS.get(e.status):
            raise AssertionError("%s: %s raised as %s" % (cid, e.code, type(e).__name__)) from None
        return
    except AssertionError as e:
        raise AssertionError("%s: %s" % (cid, e)) from None
    if "error" in expect:
        raise AssertionError("%s: expected error %s, got a result: %r" % (cid, expect["error"], got))
    if kind == "header+claims":
        header, claims = got
        if "header" not in expect or "claims" not in expect:
            raise AssertionError("%s: no header/claims expectation for %s" % (cid, case["op"]))
        if not (same_json(header, expect["header"]) and same_json(claims, expect["claims"])):
            raise AssertionError("%s: expected header %r claims %r, got %r %r"
                                 % (cid, expect["header"], expect["claims"], header, claims))
        return
    if kind not in expect:
        raise AssertionError("%s: result %s has no expectation (expect keys %s)"
                             % (cid, kind, sorted(expect)))
    want = expect[kind]
    if kind == "token":
        if got != want:
            raise AssertionError("%s: expected token %s, got %s" % (cid, want, got))
    elif not same_json(got, want):
        raise AssertionError("%s: expected %s %r, got %r" % (cid, kind, want, got))


def conformance() -> int:
    """Prints `CONFORMANCE python <file-stem> <passed> <failed>` per vector file."""
    counts: Dict[str, List[int]] = {}
    for path in vector_files():
        counts[os.path.splitext(os.path.basename(path))[0]] = [0, 0]
    cases = load_cases()
    for stem, case in cases:
        try:
            check(case)
            counts[stem][0] += 1
        except AssertionError as e:
            counts[stem][1] += 1
            print("FAIL %s" % e, file=sys.stderr)
    for stem, (ok, bad) in counts.items():
        print("CONFORMANCE python %s %d %d" % (stem, ok, bad))
    passed = sum(c[0] for c in counts.values())
    failed = sum(c[1] for c in counts.values())
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not counts or passed + failed != len(cases) else 0


if __name__ == "__main__":
    sys.exit(conformance())
