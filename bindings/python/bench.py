"""Benchmark: oo_jwt vs PyJWT on a ~300-byte ONLYOFFICE callback payload, dict in and dict out.

sign:   oo_jwt.sign(payload_dict, secret)        vs jwt.encode(payload_dict, secret, algorithm="HS256")
verify: oo_jwt.verify(token, secret) -> dict     vs jwt.decode(token, secret, algorithms=["HS256"])

Both run in the same process in alternating rounds; prints the best CPU ns/op of each and the ratio.
Usage: python bench.py [--quick]
Env: BENCH_ITERATIONS / BENCH_ROUNDS override the calls per round and the rounds;
OO_JWT_BENCH_JSON=<file> also writes the sign/verify figures there as JSON (for benches/report.py).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time

import jwt  # PyJWT

import oo_jwt

SECRET = "oo-bench-secret-0123456789abcdef0123456789"
# The callback Docs sends when a document is ready for saving (status 2), as in its documentation.
PAYLOAD = {
    "actions": [{"type": 0, "userid": "78e1e841"}],
    "changesurl": "https://documentserver/url-to-changes.zip",
    "filetype": "docx",
    "forcesavetype": 0,
    "key": "Khirz6zTPdfd7",
    "lastsave": "2026-11-22T08:00:00.000Z",
    "status": 2,
    "url": "https://documentserver/url-to-edited-document.docx",
    "users": ["6d5a81d0"],
    "userdata": "sample",
}


def ns_per_op(fn, n: int) -> float:
    """CPU time per call (this process), so that other work on a shared machine counts less."""
    t0 = time.process_time_ns()
    for _ in range(n):
        fn()
    return (time.process_time_ns() - t0) / n


def compare(ours, theirs, n: int, rounds: int):
    """Rounds alternate between the two, so that a busy machine slows both alike; returns the
    best ns/op of each and the median of the per-round ratios."""
    best_a = best_b = float("inf")
    ratios = []
    for _ in range(rounds):
        a = ns_per_op(ours, n)
        b = ns_per_op(theirs, n)
        best_a, best_b = min(best_a, a), min(best_b, b)
        ratios.append(b / a)
    return best_a, best_b, statistics.median(ratios)


def main() -> int:
    quick = "--quick" in sys.argv
    n, rounds = (2000, 3) if quick else (10000, 15)
    n = int(os.environ.get("BENCH_ITERATIONS", n))
    rounds = int(os.environ.get("BENCH_ROUNDS", rounds))
    size = len(json.dumps(PAYLOAD, separators=(",", ":")))

    ours_token = oo_jwt.sign(PAYLOAD, SECRET)
    theirs_token = jwt.encode(PAYLOAD, SECRET, algorithm="HS256")
    # Same input, same claims both ways (sanity, so that both do the same work).
    assert oo_jwt.verify(theirs_token, SECRET) == PAYLOAD
    assert jwt.decode(ours_token, SECRET, algorithms=["HS256"]) == PAYLOAD

    cases = {
        "sign": (
            lambda: oo_jwt.sign(PAYLOAD, SECRET),
            lambda: jwt.encode(PAYLOAD, SECRET, algorithm="HS256"),
        ),
        "verify": (
            lambda: oo_jwt.verify(ours_token, SECRET),
            lambda: jwt.decode(theirs_token, SECRET, algorithms=["HS256"]),
        ),
    }
    print(
        "oo_jwt %s (core %s) vs PyJWT %s; Python %s on %s; payload %d bytes of JSON; "
        "best of %d alternating rounds x %d calls"
        % (oo_jwt.__version__, oo_jwt.version(), jwt.__version__, platform.python_version(),
           platform.machine(), size, rounds, n)
    )
    ok = True
    rows = []
    for name, (ours, theirs) in cases.items():
        for f in (ours, theirs):  # warm-up
            for _ in range(200):
                f()
        a, b, median = compare(ours, theirs, n, rounds)
        ratio = b / a
        print("%-6s oo_jwt %7.0f ns/op   PyJWT %7.0f ns/op   ratio %.2fx (median of rounds %.2fx)%s"
              % (name, a, b, ratio, median, "" if ratio >= 6 else "   goal 6x: not met"))
        ok = ok and ratio >= 6
        rows.append({"op": name, "ns_per_op": a, "peer_ns_per_op": b, "ratio": ratio})
    print("goal (>= 6x on both): %s" % ("met" if ok else "NOT met"))
    if os.environ.get("OO_JWT_BENCH_JSON"):
        with open(os.environ["OO_JWT_BENCH_JSON"], "w") as f:
            json.dump({"language": "Python", "peer": "PyJWT %s" % jwt.__version__, "payload_bytes": size,
                       "measure": "CPU time, best of %d alternating rounds x %d calls" % (rounds, n),
                       "runtime": "Python %s" % platform.python_version(), "rows": rows}, f, indent=1)

    # Where oo_jwt's time goes: the C call alone (input already bytes, result freed uncopied) and
    # the json module's share (dict -> text for sign, text -> dict for verify).
    from ctypes import byref

    from oo_jwt import _api, _ffi

    text = _api._json(PAYLOAD)
    secret = SECRET.encode()
    token = ours_token.encode()
    claims_text = text.decode()
    oo_sign, oo_verify = _ffi.FUNCTIONS["oo_sign"], _ffi.FUNCTIONS["oo_verify"]
    out, err = _ffi.Slot(), _ffi.Slot()

    def c_sign() -> None:
        oo_sign(text, len(text), secret, len(secret), None, byref(out), byref(err))
        _ffi.oo_free(out.ptr)

    def c_verify() -> None:
        oo_verify(token, len(token), secret, len(secret), None, byref(out), byref(err))
        _ffi.oo_free(out.ptr)

    parts = [
        ("sign: C call (oo_sign + oo_free) alone", c_sign),
        ("sign: dict -> JSON text (json)", lambda: _api._json(PAYLOAD)),
        ("verify: C call (oo_verify + oo_free) alone", c_verify),
        ("verify: JSON text -> dict (json)", lambda: _api._decode_json(claims_text)),
    ]
    print("breakdown (best of %d rounds):" % rounds)
    for label, f in parts:
        best = min(ns_per_op(f, n) for _ in range(rounds))
        print("  %-44s %7.0f ns/op" % (label, best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
