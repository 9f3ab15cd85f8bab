/*
 * Soak check of the C ABI: resident memory stays flat over many sign+verify calls with one secret,
 * and over many calls each with a new secret (every one evicting a key from the per-thread cache).
 *
 * "Flat" compares two long phases after a warm-up, never one absolute threshold: a leak of b bytes
 * per call grows both phases by about the same amount, whereas a warmed-up allocator grows the
 * second by nothing. The verdict is: second-phase growth <= half the first's + 1 MiB of slack (pages,
 * allocator bookkeeping). No clock is read, so machine load cannot change the outcome.
 *
 * Usage: soak CALLS SECRETS [--leak-probe]
 *   CALLS sign+verify pairs with one secret, then SECRETS pairs with a new secret each.
 *   --leak-probe leaks every token on purpose and exits 0 only when both checks see the growth, which
 *   shows that they can fail (at the counts `make test` uses too).
 */
#define _GNU_SOURCE
#include "oo_jwt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLACK (1024L * 1024L)

static int leak_probe;

static long rss_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2) {
        fprintf(stderr, "soak: cannot read /proc/self/statm\n");
        exit(2);
    }
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

/* One sign+verify pair; secret number `k` (or the fixed secret when k < 0). Exits on a wrong result. */
static void pair(long i, long k) {
    char secret[64], payload[96];
    int sl = k < 0 ? snprintf(secret, sizeof secret, "a soak secret of thirty-two bytes")
                   : snprintf(secret, sizeof secret, "soak-secret-%ld-0123456789abcdef", k);
    int pl = snprintf(payload, sizeof payload, "{\"key\":\"doc-%ld\",\"status\":%ld}", i, i % 7);
    char *token = NULL, *claims = NULL, *err = NULL;
    int32_t rc = oo_sign((const uint8_t *)payload, (size_t)pl, (const uint8_t *)secret, (size_t)sl,
                         NULL, &token, &err);
    if (rc == OO_OK)
        rc = oo_verify((const uint8_t *)token, strlen(token), (const uint8_t *)secret, (size_t)sl,
                       NULL, &claims, &err);
    if (rc != OO_OK || strcmp(claims, payload) != 0) {
        fprintf(stderr, "soak: call %ld: %s %s\n", i, oo_status_name(rc), err ? err : "");
        exit(1);
    }
    /* Every fourth pair also fails on purpose, so the error path (its message, freed by the caller)
     * is soaked too. */
    if (i % 4 == 0) {
        char *none = NULL;
        if (oo_verify((const uint8_t *)"x", 1, (const uint8_t *)secret, (size_t)sl, NULL, &none, &err) !=
                OO_MALFORMED ||
            err == NULL) {
            fprintf(stderr, "soak: call %ld: a malformed token was not refused with a message\n", i);
            exit(1);
        }
        oo_free(err);
    }
    if (!leak_probe) oo_free(token);
    oo_free(claims);
}

/* Warm-up, then two phases of n/2 pairs; returns 1 when memory stayed flat. */
static int flat(const char *what, long n, int new_secret_each) {
    long i = 0, warm = n / 10 + 1000;
    for (; i < warm; i++) pair(i, new_secret_each ? i : -1);
    long r0 = rss_bytes();
    for (long end = i + n / 2; i < end; i++) pair(i, new_secret_each ? i : -1);
    long r1 = rss_bytes();
    for (long end = i + n / 2; i < end; i++) pair(i, new_secret_each ? i : -1);
    long r2 = rss_bytes();
    long g1 = r1 - r0, g2 = r2 - r1;
    int ok = g2 <= g1 / 2 + SLACK;
    printf("soak %s: %ld pairs; RSS %+ld KiB in the first half, %+ld KiB in the second: %s\n", what, n,
           g1 / 1024, g2 / 1024, ok ? "flat" : "GROWING");
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: soak CALLS SECRETS [--leak-probe]\n");
        return 2;
    }
    long calls = atol(argv[1]), secrets = atol(argv[2]);
    leak_probe = argc > 3 && !strcmp(argv[3], "--leak-probe");
    setvbuf(stdout, NULL, _IOLBF, 0);
    int one = flat("one secret", calls, 0);
    int many = flat("a new secret each", secrets, 1);
    if (leak_probe) {
        /* Each of the two checks must see the deliberate leak. */
        int seen = !one && !many;
        printf("leak probe: the deliberate leak was %s\n", seen ? "seen by both checks" : "MISSED");
        return seen ? 0 : 1;
    }
    return one && many ? 0 : 1;
}
