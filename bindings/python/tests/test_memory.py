"""Every returned buffer is freed: the C heap stops growing over long runs of calls.

Measured with glibc's ``mallinfo2`` (bytes in use in the C heap, mmapped blocks included) after a
forced collection, so neither the collector's timing, the allocator's high-water mark (RSS) nor
other processes move it. Two equal phases run after a warm-up: a leak grows the heap linearly, so
phase 2 grows about as much as phase 1 (at least the bytes the calls returned); without a leak
phase 2 grows by about nothing. The bound is a quarter of what a leak of every returned buffer
would add. The calls are the cheapest that return a buffer (sign of a small JSON text given as
bytes), plus verify and decode_unverified, with one call in ten failing; a second test runs failing
calls only, whose messages (``out_error``) the wrapper must free too.
"""

from __future__ import annotations

import ctypes
import gc

import oo_jwt

CALLS = 300_000  # per phase
FAILURES = 100_000  # per phase, in the error-path test


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


_libc = ctypes.CDLL(None)
_libc.mallinfo2.restype = _MallInfo2
_libc.mallinfo2.argtypes = []
_libc.malloc.restype = ctypes.c_void_p
_libc.malloc.argtypes = [ctypes.c_size_t]
_libc.free.argtypes = [ctypes.c_void_p]


def _c_heap() -> int:
    """Bytes in use in the C heap after a full collection."""
    gc.collect()
    m = _libc.mallinfo2()
    return m.uordblks + m.hblkhd


def _calls(n: int) -> tuple[int, int]:
    """n calls; returns (failures, bytes the calls returned)."""
    sign, verify, decode, err = oo_jwt.sign, oo_jwt.verify, oo_jwt.decode_unverified, oo_jwt.JwtError
    payload, bad, secret = b'{"a":1,"data":"' + b"x" * 100 + b'"}', b"[1]", b"k"
    token = sign(payload, secret)
    per_kind = (len(token) + 1, len(payload) + 1, len(payload) + 1 + 20)
    failures = returned = 0
    for i in range(n):
        k = i % 10
        if k == 0:
            try:
                sign(bad, secret)
            except err:
                failures += 1
        elif k < 6:
            sign(payload, secret)
            returned += per_kind[0]
        elif k < 9:
            verify(token, secret)
            returned += per_kind[1]
        else:
            decode(token)
            returned += per_kind[2]
    return failures, returned


def test_returned_buffers_are_freed():
    _calls(50_000)  # warm-up: allocator pools, caches, interned objects
    h0 = _c_heap()
    failures, returned = _calls(CALLS)
    h1 = _c_heap()
    _calls(CALLS)
    h2 = _c_heap()
    g1, g2 = h1 - h0, h2 - h1
    report = "C heap growth: phase 1 %+d B, phase 2 %+d B over %d calls each; a leak adds >= %d B" % (
        g1, g2, CALLS, returned)
    print(report)
    assert failures == CALLS // 10
    assert g2 < returned // 4, report


def _failures(n: int) -> int:
    """n failing calls (bad signature, malformed, invalid JSON in turn); returns the bytes of the
    messages the core handed over (each its text and NUL)."""
    sign, verify, err = oo_jwt.sign, oo_jwt.verify, oo_jwt.JwtError
    secret = b"k"
    token = sign(b'{"a":1}', secret)
    calls = ((verify, (token, b"wrong")), (verify, (b"a.b", secret)), (sign, (b"[1]", secret)))
    returned = 0
    for i in range(n):
        fn, args = calls[i % 3]
        try:
            fn(*args)
        except err as e:
            returned += len(e.message.encode()) + 1
    return returned


def test_error_messages_are_freed():
    # Each failure's message is allocated by the core for that call (out_error) and freed by the
    # wrapper once read: the same two phases, every call failing.
    _failures(20_000)
    h0 = _c_heap()
    returned = _failures(FAILURES)
    h1 = _c_heap()
    _failures(FAILURES)
    h2 = _c_heap()
    report = "C heap growth: phase 1 %+d B, phase 2 %+d B over %d failures each; a leak adds >= %d B" % (
        h1 - h0, h2 - h1, FAILURES, returned)
    print(report)
    assert returned >= FAILURES * 10
    assert h2 - h1 < returned // 4, report


def test_the_heap_probe_sees_a_leak():
    # The probe itself can fail: 2000 unfreed 1 KiB blocks are seen as 2 MB of growth.
    before = _c_heap()
    held = [_libc.malloc(1024) for _ in range(2000)]
    try:
        assert _c_heap() - before >= 2000 * 1024
    finally:
        for p in held:
            _libc.free(p)
