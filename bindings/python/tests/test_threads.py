"""8 threads x 10 000 mixed calls give exactly the results of a single-threaded run.

ctypes releases the GIL around every C call, so the threads really run inside the core at the same
time; errors exercise the message each failing call returns.
"""

from __future__ import annotations

import threading

import oo_jwt

THREADS = 8
CALLS = 10_000
NOW = 1_700_000_000


def _ops(tid: int):
    secret = "thread-%d-secret-%s" % (tid, "k" * (tid + 20))
    other = secret + "-other"
    algs = list(oo_jwt.Alg)
    payloads = [{"t": tid, "i": i, "key": "doc-%d-%d" % (tid, i), "users": ["u%d" % i]}
                for i in range(16)]
    tokens = [oo_jwt.sign(p, secret, algorithm=algs[i % 3], expires_in=100 + i, now=NOW)
              for i, p in enumerate(payloads)]
    url = "https://storage/t%d/file.docx" % tid
    download = "Bearer " + oo_jwt.sign({"payload": {"url": url}}, secret)
    config = {"document": {"key": "k%d" % tid, "url": url}, "documentType": "word"}
    ops = []
    for i in range(CALLS):
        j = i % 16
        k = i % 12
        h = (i // 12) % 2  # alternates for each kind
        if k == 0:
            ops.append((oo_jwt.sign, (payloads[j], secret),
                        {"algorithm": algs[j % 3], "expires_in": j, "now": NOW}))
        elif k == 1:
            ops.append((oo_jwt.verify, (tokens[j], secret), {"now": NOW}))
        elif k == 2:
            ops.append((oo_jwt.verify, (tokens[j], other), {"now": NOW}))  # bad_signature
        elif k == 3:
            ops.append((oo_jwt.verify, (tokens[j], secret), {"now": NOW + 10_000}))  # expired
        elif k == 4:
            ops.append((oo_jwt.decode_unverified, (tokens[j],), {}))
        elif k == 5:
            ops.append((oo_jwt.verify, (tokens[j][: 10 + j],), {"secret": secret}))  # malformed
        elif k == 6:
            ops.append((oo_jwt.sign_request, (payloads[j], secret),
                        {"placement": "header" if h else "body", "now": NOW}))
        elif k == 7:
            ops.append((oo_jwt.verify_request, (None, "Bearer " + tokens[j], secret), {"now": NOW}))
        elif k == 8:
            ops.append((oo_jwt.sign_config, (config, secret), {}))
        elif k == 9:
            ops.append((oo_jwt.verify_download, (download, url if h else url + "x", secret), {}))
        elif k == 10:
            ops.append((oo_jwt.verify, (tokens[j], secret), {"now": NOW, "algorithms": [oo_jwt.Alg.HS256]}))
        else:
            ops.append((oo_jwt.sign, ("[%d]" % j, secret), {}))  # invalid_json
    return ops


def _run(ops):
    results = []
    for fn, args, kw in ops:
        try:
            results.append(("ok", fn(*args, **kw)))
        except oo_jwt.JwtError as e:
            results.append(("err", type(e).__name__, e.code, e.status, e.message))
    return results


def test_threads_match_sequential_results():
    ops = [_ops(t) for t in range(THREADS)]
    expected = [_run(o) for o in ops]
    kinds = {r[0] if r[0] == "ok" else r[2] for res in expected for r in res}
    assert {"ok", "bad_signature", "expired", "malformed", "unsupported_alg", "invalid_json",
            "url_mismatch"} <= kinds, kinds

    got = [None] * THREADS
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(t):
        try:
            barrier.wait()
            got[t] = _run(ops[t])
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    for t in range(THREADS):
        assert len(got[t]) == CALLS
        diff = [i for i in range(CALLS) if got[t][i] != expected[t][i]]
        assert not diff, "thread %d differs at %d calls, first %d: %r vs %r" % (
            t, len(diff), diff[0], got[t][diff[0]], expected[t][diff[0]])
