#!/usr/bin/env python3
"""Self-check of tests/vectors: format of docs/vectors.md + independent re-verification (stdlib only).

Exit status 0 when every file is well-formed and consistent; prints one line per problem otherwise."""
import glob
import hashlib
import hmac
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refimpl  # noqa: E402
from common import strict_b64u_decode  # noqa: E402

VEC = os.path.dirname(HERE)
ERRORS = {"invalid_argument", "invalid_json", "empty_secret", "malformed", "unsupported_alg", "bad_signature", "expired",
          "not_yet_valid", "too_large", "missing_token", "invalid_config", "url_mismatch", "internal"}
COMMON = {"max_token_len", "max_json_len"}
INPUTS = {
    "sign": {"secret", "secret_hex", "payload", "algorithm", "expires_in", "now"},
    "verify": {"secret", "secret_hex", "token", "token_hex", "algorithms", "leeway", "now"},
    "decode_unverified": {"token", "token_hex"},
    "sign_request": {"secret", "secret_hex", "body", "placement", "algorithm", "expires_in", "now"},
    "verify_request": {"secret", "secret_hex", "body", "authorization", "prefix", "algorithms", "leeway", "now"},
    "sign_config": {"secret", "secret_hex", "config", "algorithm", "expires_in", "now"},
    "verify_download": {"secret", "secret_hex", "authorization", "url", "prefix", "algorithms", "leeway", "now", "url_match"},
    "load_config": {"files", "local", "default", "env"},
    "sign_editor_method": {"secret", "secret_hex", "method", "params", "algorithm", "expires_in", "now"},
    "verify_request_with_config": {"files", "local", "default", "env", "direction", "body", "authorization", "now"},
    "verify_download_with_config": {"files", "local", "default", "env", "authorization", "url", "url_match", "now"},
    "download_token_expected": {"files", "local", "default", "env", "url"},
}
RESULTS = {"sign": [{"token"}], "verify": [{"claims"}], "decode_unverified": [{"header", "claims"}],
           "sign_request": [{"token"}, {"body"}], "verify_request": [{"params"}], "sign_config": [{"config"}],
           "verify_download": [{"claims"}], "load_config": [{"config"}],
           "sign_editor_method": [{"params"}], "verify_request_with_config": [{"params"}],
           "verify_download_with_config": [{"claims"}], "download_token_expected": [{"expected"}]}
HASH = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
problems = []


def bad(cid, msg):
    problems.append("%s: %s" % (cid, msg))


def key_of(inp):
    return bytes.fromhex(inp["secret_hex"]) if "secret_hex" in inp else inp["secret"].encode("utf-8")


def mac_ok(token, key):
    """True when token is a canonical HS* JWT whose HMAC matches key (Python hmac, independent of the generators)."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    h = strict_b64u_decode(parts[0])
    s = strict_b64u_decode(parts[2])
    if h is None or s is None or strict_b64u_decode(parts[1]) is None:
        return False
    alg = json.loads(h.decode("utf-8")).get("alg")
    if alg not in HASH:
        return False
    return hmac.compare_digest(hmac.new(key, (parts[0] + "." + parts[1]).encode(), HASH[alg]).digest(), s)


def check_case(c, ids):
    cid = c.get("id", "?")
    if set(c) != {"id", "op", "comment", "input", "expect"}:
        bad(cid, "keys %s" % sorted(c))
        return
    if not isinstance(cid, str) or not cid:
        bad(cid, "bad id")
    if cid in ids:
        bad(cid, "duplicate id")
    ids.add(cid)
    if not isinstance(c["comment"], str) or not c["comment"].strip():
        bad(cid, "missing comment")
    op, inp, exp = c["op"], c["input"], c["expect"]
    if op not in INPUTS:
        bad(cid, "unknown op %r" % op)
        return
    extra = set(inp) - INPUTS[op] - COMMON
    if extra:
        bad(cid, "unexpected input keys %s" % sorted(extra))
    if op not in ("decode_unverified", "load_config", "verify_request_with_config", "verify_download_with_config",
                  "download_token_expected"):
        if ("secret" in inp) == ("secret_hex" in inp):
            bad(cid, "needs exactly one of secret / secret_hex")
        if "secret_hex" in inp:
            try:
                bytes.fromhex(inp["secret_hex"])
            except ValueError:
                bad(cid, "secret_hex not hex")
    if op in ("verify", "decode_unverified") and ("token" in inp) == ("token_hex" in inp):
        bad(cid, "needs exactly one of token / token_hex")
    for k, typ in (("payload", str), ("config", str), ("method", str), ("params", str), ("url", str), ("prefix", str), ("local", str), ("default", str)):
        if k in inp and not isinstance(inp[k], typ):
            bad(cid, "%s must be a string" % k)
    if inp.get("url_match", "full") not in ("full", "path_and_query"):
        bad(cid, "url_match is full or path_and_query")
    for k in ("body", "authorization"):
        if k in inp and inp[k] is not None and not isinstance(inp[k], str):
            bad(cid, "%s must be a string or null" % k)
    if op == "sign" and "payload" not in inp:
        bad(cid, "sign without payload")
    if op == "sign_request" and inp.get("placement") not in ("body", "header"):
        bad(cid, "placement must be body or header")
    if op == "sign_editor_method" and ("method" not in inp or "params" not in inp):
        bad(cid, "sign_editor_method needs method and params")
    if op in ("load_config", "verify_request_with_config", "verify_download_with_config", "download_token_expected") and (
            "files" not in inp or "local" not in inp):
        bad(cid, "%s needs files and local" % op)
    if op == "verify_request_with_config" and not isinstance(inp.get("direction"), str):
        bad(cid, "verify_request_with_config needs a direction string")
    if op in ("verify_download_with_config", "download_token_expected") and not isinstance(inp.get("url"), str):
        bad(cid, "%s needs a url string" % op)
    if op == "download_token_expected" and isinstance(exp, dict) and "error" not in exp and not isinstance(exp.get("expected"), bool):
        bad(cid, "download_token_expected expects a boolean")
    if not isinstance(exp, dict) or not exp:
        bad(cid, "empty expect")
        return
    if "error" in exp:
        if set(exp) != {"error"}:
            bad(cid, "error mixed with a result")
        if exp["error"] not in ERRORS:
            bad(cid, "unknown error %r" % exp["error"])
    elif set(exp) not in RESULTS[op]:
        bad(cid, "expect keys %s not valid for %s" % (sorted(exp), op))
    # independent re-judgement
    if op == "verify":
        if "claims" in exp:
            tok = inp.get("token") or bytes.fromhex(inp["token_hex"]).decode()
            if not mac_ok(tok, key_of(inp)):
                bad(cid, "ok expectation but the HMAC does not verify")
            elif json.loads(strict_b64u_decode(tok.split(".")[1])) != exp["claims"]:
                bad(cid, "claims differ from the token's")
        got = refimpl.run_case_verify(inp)
        if got != exp:
            bad(cid, "reference verifier says %r" % (got if "error" in got else "ok"))
    elif op == "decode_unverified":
        got = refimpl.run_case_decode(inp)
        if got != exp:
            bad(cid, "reference decoder says %r" % got)
    elif op == "verify_request":
        got = refimpl.run_case_verify_request(inp)
        if got != exp:
            bad(cid, "reference verify_request says %r" % (got if "error" in got else "ok"))
    elif op == "verify_download":
        got = refimpl.run_case_verify_download(inp)
        if got is not None and got != exp:
            bad(cid, "reference verify_download says %r" % (got if "error" in got else "ok"))
    elif op == "sign" and "token" in exp:
        if not mac_ok(exp["token"], key_of(inp)):
            bad(cid, "expected token does not verify with the secret")
        elif json.loads(strict_b64u_decode(exp["token"].split(".")[0])) != {"alg": inp.get("algorithm", "HS256"), "typ": "JWT"}:
            bad(cid, "header is not {alg, typ}")
    elif op in ("sign_request", "sign_config", "sign_editor_method") and ("token" in exp or "body" in exp or "config" in exp or "params" in exp):
        tok = exp.get("token") or (exp.get("body") or exp.get("config") or exp.get("params"))["token"]
        if not mac_ok(tok, key_of(inp)):
            bad(cid, "produced token does not verify with the secret")
        claims = json.loads(strict_b64u_decode(tok.split(".")[1]))
        if op == "sign_request" and inp["placement"] == "header":
            if claims.get("payload") != json.loads(inp["body"]):
                bad(cid, "header token's payload is not the body")
        else:
            src = json.loads(inp.get("body") or inp.get("config") or inp.get("params"))
            result = dict(exp.get("body") or exp.get("config") or exp.get("params"))
            result.pop("token")
            if result != src or any(claims.get(k) != v for k, v in src.items()):
                bad(cid, "result/claims are not the input object")
    elif op == "verify_download_with_config" and "claims" in exp:
        # The prefix is the settings': the token is the header value's last space-separated part.
        tok = inp["authorization"].rsplit(" ", 1)[-1]
        if json.loads(strict_b64u_decode(tok.split(".")[1])) != exp["claims"]:
            bad(cid, "claims differ from the token's")
    elif op == "verify_download" and exp.get("error") == "url_mismatch":
        tok = inp["authorization"][len(inp.get("prefix", "Bearer ")):]
        payload = json.loads(strict_b64u_decode(tok.split(".")[1])).get("payload")
        if not mac_ok(tok, key_of(inp)):
            bad(cid, "url_mismatch expected but the token is not genuine")
        elif isinstance(payload, dict) and payload.get("url") == inp["url"]:
            bad(cid, "url_mismatch expected but the URLs are equal")
    elif op in ("verify_request", "verify_download") and "error" not in exp:
        body = json.loads(inp["body"]) if inp.get("body") else None
        # As Docs: only a non-empty string body token counts; "", null, false, 0 and non-object bodies mean the header.
        if isinstance(body, dict) and isinstance(body.get("token"), str) and body["token"]:
            tok = body["token"]
        else:
            tok = inp["authorization"][len(inp.get("prefix", "Bearer ")):]
        if not mac_ok(tok, key_of(inp)):
            bad(cid, "ok expectation but the HMAC does not verify")
        claims = json.loads(strict_b64u_decode(tok.split(".")[1]))
        if op == "verify_download":
            # The URLs themselves are compared as WHATWG serialisations: node's URL checks that (tests/fidelity).
            if claims != exp["claims"] or not isinstance(claims.get("payload", {}).get("url"), str):
                bad(cid, "claims / url inconsistent")
        else:
            want = dict(claims)
            for part in ("payload", "query"):
                if isinstance(want.get(part), dict):
                    want.update(want[part])
            if want != exp["params"]:
                bad(cid, "params are not claims + payload + query")


def check_hmac(path, ids):
    doc = json.load(open(path, encoding="utf-8"))
    if set(doc) != {"description", "cases"}:
        bad(path, "top-level keys")
    for c in doc["cases"]:
        cid = c.get("id", "?")
        if set(c) != {"id", "comment", "alg", "key_hex", "msg_hex", "tag_hex", "truncated_bits", "valid"}:
            bad(cid, "hmac case keys %s" % sorted(c))
            continue
        if cid in ids:
            bad(cid, "duplicate id")
        ids.add(cid)
        full = hmac.new(bytes.fromhex(c["key_hex"]), bytes.fromhex(c["msg_hex"]), HASH[c["alg"]]).digest()
        tag = bytes.fromhex(c["tag_hex"])
        n = (c["truncated_bits"] or len(full) * 8) // 8
        if (full[:n] == tag) != c["valid"]:
            bad(cid, "HMAC validity differs")
    return len(doc["cases"])


def main():
    ids = set()
    total = 0
    for path in sorted(glob.glob(os.path.join(VEC, "*.json"))):
        if os.path.basename(path) == "manifest.json":  # the file list with counts and hashes, not cases
            continue
        doc = json.load(open(path, encoding="utf-8"))
        if set(doc) != {"description", "cases"} or not isinstance(doc["cases"], list):
            bad(os.path.basename(path), "top-level must be {description, cases}")
            continue
        for c in doc["cases"]:
            check_case(c, ids)
        print("%-28s %4d cases" % (os.path.basename(path), len(doc["cases"])))
        total += len(doc["cases"])
    n = check_hmac(os.path.join(VEC, "primitives", "hmac.json"), ids)
    print("%-28s %4d cases" % ("primitives/hmac.json", n))
    for p in problems:
        print("PROBLEM", p)
    print("%d passed, %d failed" % (total + n - len(problems), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
