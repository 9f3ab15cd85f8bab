/* oo-jwt against libjwt (Debian's libjwt-dev, 1.x) from C, in one run, on the ~300-byte ONLYOFFICE
 * callback payload of benches/core.rs, HS256.
 *
 * sign:   oo_sign(payload JSON text) + oo_free
 *         vs jwt_new + jwt_add_grants_json + jwt_set_alg + jwt_encode_str + free + jwt_free
 * verify: oo_verify(token) -> claims JSON text + oo_free
 *         vs jwt_decode(token, key) + jwt_free (signature checked, claims parsed into jansson; libjwt
 *         checks no exp/nbf and gives no text back: the least work a libjwt user can do)
 *
 * The two are measured in alternating rounds (CPU time of this process, so that other users of a
 * shared machine count less); each ns/op is the best round, each ratio the median of the per-round
 * ratios. Env: BENCH_ITERATIONS (calls per round, default 20000), BENCH_ROUNDS (default 9),
 * OO_JWT_BENCH_JSON=<file> also writes the figures there as JSON (for benches/report.py).
 *
 * Build: cc -O2 benches/c/bench.c -Iinclude target/release/liboo_jwt.a -ljwt -lpthread -ldl -lm
 * (benches/report.py builds it with the shared library instead, -loo_jwt, as the bindings use it).
 */
#define _POSIX_C_SOURCE 200809L
#include <jwt.h>
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SECRET[] = "outbox-secret-Rk5Tz8Wm2Qn6Yc1Jd0";
static const char PAYLOAD[] =
    "{\"actions\":[{\"type\":0,\"userid\":\"78e1e841\"}],\"changesurl\":\"https://documentserver/url-to-changes.zip\","
    "\"filetype\":\"docx\",\"key\":\"Khirz6zTPdfd7\",\"status\":2,\"url\":\"https://documentserver/url-to-edited-document.docx\","
    "\"users\":[\"6d5a81d0\"],\"lastsave\":\"2026-11-22T07:35:51.000Z\",\"notmodified\":false}";

static char *token; /* made by oo_sign, verified by both */

static double cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "bench: %s failed\n", what);
    exit(1);
}

static void oo_sign_once(void) {
    char *out = NULL;
    if (oo_sign((const uint8_t *)PAYLOAD, strlen(PAYLOAD), (const uint8_t *)SECRET, strlen(SECRET), NULL, &out, NULL) != OO_OK)
        die("oo_sign");
    oo_free(out);
}

static void libjwt_sign_once(void) {
    jwt_t *j = NULL;
    if (jwt_new(&j) || jwt_add_grants_json(j, PAYLOAD) ||
        jwt_set_alg(j, JWT_ALG_HS256, (const unsigned char *)SECRET, (int)strlen(SECRET)))
        die("libjwt sign setup");
    char *out = jwt_encode_str(j);
    if (!out) die("jwt_encode_str");
    free(out); /* libjwt 1.10 has no jwt_free_str: plain malloc */
    jwt_free(j);
}

static void oo_verify_once(void) {
    char *out = NULL;
    if (oo_verify((const uint8_t *)token, strlen(token), (const uint8_t *)SECRET, strlen(SECRET), NULL, &out, NULL) != OO_OK)
        die("oo_verify");
    oo_free(out);
}

static void libjwt_verify_once(void) {
    jwt_t *j = NULL;
    if (jwt_decode(&j, token, (const unsigned char *)SECRET, (int)strlen(SECRET))) die("jwt_decode");
    jwt_free(j);
}

static double per_op(void (*f)(void), long n) {
    double t = cpu_ns();
    for (long i = 0; i < n; i++) f();
    return (cpu_ns() - t) / n;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct result { double ours, peer, ratio; };

static struct result pair(void (*ours)(void), void (*peer)(void), long n, int rounds) {
    struct result r = {1e300, 1e300, 0};
    double *ratios = calloc((size_t)rounds, sizeof *ratios);
    for (long i = 0; i < n / 10 + 100; i++) { ours(); peer(); } /* warm-up */
    for (int k = 0; k < rounds; k++) {
        double a = per_op(ours, n), b = per_op(peer, n);
        if (a < r.ours) r.ours = a;
        if (b < r.peer) r.peer = b;
        ratios[k] = b / a;
    }
    qsort(ratios, (size_t)rounds, sizeof *ratios, cmp);
    r.ratio = rounds % 2 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
    free(ratios);
    return r;
}

int main(void) {
    long n = getenv("BENCH_ITERATIONS") ? atol(getenv("BENCH_ITERATIONS")) : 20000;
    int rounds = getenv("BENCH_ROUNDS") ? atoi(getenv("BENCH_ROUNDS")) : 9;
    if (n < 1 || rounds < 1) die("BENCH_ITERATIONS / BENCH_ROUNDS");

    /* Same work both ways: each side accepts the other's token. */
    if (oo_sign((const uint8_t *)PAYLOAD, strlen(PAYLOAD), (const uint8_t *)SECRET, strlen(SECRET), NULL, &token, NULL) != OO_OK)
        die("oo_sign");
    jwt_t *j = NULL;
    if (jwt_decode(&j, token, (const unsigned char *)SECRET, (int)strlen(SECRET))) die("libjwt rejects oo-jwt's token");
    jwt_free(j);
    j = NULL;
    if (jwt_new(&j) || jwt_add_grants_json(j, PAYLOAD) ||
        jwt_set_alg(j, JWT_ALG_HS256, (const unsigned char *)SECRET, (int)strlen(SECRET)))
        die("libjwt sign setup");
    char *theirs = jwt_encode_str(j), *claims = NULL;
    if (!theirs || oo_verify((const uint8_t *)theirs, strlen(theirs), (const uint8_t *)SECRET, strlen(SECRET), NULL, &claims, NULL) != OO_OK)
        die("oo-jwt rejects libjwt's token");
    oo_free(claims);
    free(theirs); /* libjwt 1.10 has no jwt_free_str: plain malloc */
    jwt_free(j);

    printf("oo-jwt %s vs libjwt 1.x (%s); payload %zu bytes of JSON, token %zu bytes; CPU time, "
           "%d alternating rounds x %ld calls\n",
           oo_version(), "jansson + OpenSSL", strlen(PAYLOAD), strlen(token), rounds, n);
    struct result s = pair(oo_sign_once, libjwt_sign_once, n, rounds);
    struct result v = pair(oo_verify_once, libjwt_verify_once, n, rounds);
    printf("%-7s oo-jwt %7.0f ns/op   libjwt %7.0f ns/op   ratio %.2fx (goal 10x: %s)\n", "sign", s.ours, s.peer, s.ratio,
           s.ratio >= 10 ? "met" : "NOT met");
    printf("%-7s oo-jwt %7.0f ns/op   libjwt %7.0f ns/op   ratio %.2fx (goal 10x: %s)\n", "verify", v.ours, v.peer, v.ratio,
           v.ratio >= 10 ? "met" : "NOT met");

    const char *path = getenv("OO_JWT_BENCH_JSON");
    if (path && *path) {
        FILE *f = fopen(path, "w");
        if (!f) die("fopen OO_JWT_BENCH_JSON");
        fprintf(f,
                "{\"language\": \"C\", \"peer\": \"libjwt 1.x\", \"payload_bytes\": %zu,\n"
                " \"measure\": \"CPU time, best of %d alternating rounds x %ld calls\",\n"
                " \"rows\": [\n"
                "  {\"op\": \"sign\", \"ns_per_op\": %.1f, \"peer_ns_per_op\": %.1f, \"ratio\": %.4f},\n"
                "  {\"op\": \"verify\", \"ns_per_op\": %.1f, \"peer_ns_per_op\": %.1f, \"ratio\": %.4f}\n"
                " ]}\n",
                strlen(PAYLOAD), rounds, n, s.ours, s.peer, s.ratio, v.ours, v.peer, v.ratio);
        fclose(f);
    }
    oo_free(token);
    return 0;
}
