"""Soak check of the Python wrapper: resident memory stays flat over many sign+verify calls with one
secret, and over many calls each with a new secret.

As tests/soak/soak.c: a warm-up, then two long phases; flat means the second phase grows by at most
half the first's growth plus 1 MiB. Collections are forced before each reading, and no clock is
read, so neither the collector's timing nor the machine's load can change the outcome.

Usage: python3 soak.py CALLS SECRETS [--leak-probe]
(the library: $OO_JWT_LIB; --leak-probe keeps every token alive on purpose and exits 0 only when both
checks see the growth).
"""

import gc
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))

import oo_jwt  # noqa: E402

SLACK = 1024 * 1024
held = []


def rss() -> int:
    gc.collect()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def pair(i: int, k: int, leak: bool) -> None:
    secret = b"a soak secret of thirty-two bytes" if k < 0 else b"soak-secret-%d-0123456789abcdef" % k
    payload = b'{"key":"doc-%d","status":%d}' % (i, i % 7)
    token = oo_jwt.sign(payload, secret)
    claims = oo_jwt.verify(token, secret)
    if claims != {"key": "doc-%d" % i, "status": i % 7}:
        sys.exit("soak: call %d: wrong claims %r" % (i, claims))
    if i % 4 == 0:  # the error path too
        try:
            oo_jwt.verify("x", secret)
            sys.exit("soak: call %d: a malformed token was not refused" % i)
        except oo_jwt.JwtError as e:
            if e.code != "malformed":
                raise
    if leak:
        held.append(token)


def flat(what: str, n: int, new_secret_each: bool, leak: bool) -> bool:
    i = 0
    warm = n // 10 + 1000
    for i in range(warm):
        pair(i, i if new_secret_each else -1, leak)
    r0 = rss()
    for i in range(warm, warm + n // 2):
        pair(i, i if new_secret_each else -1, leak)
    r1 = rss()
    for i in range(warm + n // 2, warm + 2 * (n // 2)):
        pair(i, i if new_secret_each else -1, leak)
    r2 = rss()
    g1, g2 = r1 - r0, r2 - r1
    ok = g2 <= g1 // 2 + SLACK
    print("soak python %s: %d pairs; RSS %+d KiB in the first half, %+d KiB in the second: %s"
          % (what, n, g1 // 1024, g2 // 1024, "flat" if ok else "GROWING"), flush=True)
    return ok


def main() -> int:
    calls, secrets = int(sys.argv[1]), int(sys.argv[2])
    leak = "--leak-probe" in sys.argv[3:]
    one = flat("one secret", calls, False, leak)
    many = flat("a new secret each", secrets, True, leak)
    if leak:
        seen = not one and not many
        print("leak probe: the deliberate leak was %s" % ("seen by both checks" if seen else "MISSED"))
        return 0 if seen else 1
    return 0 if one and many else 1


if __name__ == "__main__":
    sys.exit(main())
