"""1 000 000 calls leave resident memory within 5 MB: every returned buffer is freed.

The cheapest call that returns a buffer (sign of a tiny JSON text given as bytes) is used, with
one call in ten failing, so that the error path (exception, last-error message) is covered too.
"""

from __future__ import annotations

import gc
import os
import time

import oo_jwt

CALLS = 1_000_000
LIMIT = 5 * 1024 * 1024


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _calls(n: int) -> int:
    sign, err = oo_jwt.sign, oo_jwt.JwtError
    payload, bad, secret = b'{"a":1}', b"[1]", b"k"
    failures = 0
    for i in range(n):
        if i % 10:
            sign(payload, secret)
        else:
            try:
                sign(bad, secret)
            except err:
                failures += 1
    return failures


def test_a_million_calls_do_not_grow_rss():
    _calls(50_000)  # warm-up: allocator pools, caches
    gc.collect()
    before = _rss()
    t0 = time.perf_counter()
    failures = _calls(CALLS)
    elapsed = time.perf_counter() - t0
    gc.collect()
    growth = _rss() - before
    print("%d calls in %.1f s (%.0f ns/call); RSS %+.2f MB"
          % (CALLS, elapsed, elapsed * 1e9 / CALLS, growth / 1048576))
    assert failures == CALLS // 10
    assert growth < LIMIT, "RSS grew by %d bytes over %d calls" % (growth, CALLS)


def test_the_rss_probe_sees_a_leak():
    # The probe itself can fail: holding 200 000 small objects (about 11 MB) is seen as growth.
    before = _rss()
    held = [bytes(20) + i.to_bytes(4, "little") for i in range(200_000)]
    assert _rss() - before > LIMIT
    del held
