/*
 * Runs every case of the JSON files of tests/vectors through the C ABI, then checks the ABI's own promises:
 * NULL pointers refused, outputs untouched on failure, status names, OoOptions' struct_size rule, and
 * the error message each call hands back through `out_error` (NULL on success, its own text on
 * failure, on whatever thread). The panic boundary is tests/c/selftest_panic.c's, against a build
 * with the `selftest` feature. Linked once against liboo_jwt.so and once against liboo_jwt.a, and
 * run under Valgrind and under ASan+UBSan by the Makefile.
 *
 * Usage: test_vectors [VECTORS_DIR]   (default: $OO_JWT_VECTORS, else tests/vectors)
 */
#define _GNU_SOURCE
#include "oo_jwt.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int passed, failed;

/* An out-pointer's value before a call that must not write it, or must overwrite it. */
#define SENTINEL ((char *)0x1)

/* `ERR` as a call's out_error, in the single-threaded checks: it frees the previous call's message
 * and marks the slot unwritten; errmsg() shows the message of the last call made with it. */
static char *last_error = SENTINEL;
static char **fresh_error(void) {
    if (last_error != SENTINEL) oo_free(last_error);
    last_error = SENTINEL;
    return &last_error;
}
#define ERR fresh_error()
static const char *errmsg(void) {
    return last_error == SENTINEL ? "(out_error unwritten)" : last_error ? last_error : "(NULL)";
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        failed++;                                                                                  \
        printf("FAIL ");                                                                           \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
    } while (0)

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond)                                                                                  \
            passed++;                                                                              \
        else                                                                                       \
            FAIL(__VA_ARGS__);                                                                     \
    } while (0)

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
    buf[n] = 0;
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

/* A byte buffer decoded from hex, or copied from text. */
typedef struct {
    uint8_t *p;
    size_t n;
    int present;
} Bytes;

/* cJSON ends strings at a decoded \u0000, so before parsing, every "\u0000" escape of a file or of an
 * output is rewritten to a private-use character (U+F0000), which bytes() maps back to a NUL byte. */
#define NUL_ESCAPE "\\u0000"
#define NUL_STANDIN "\\udb80\\udc00"
#define NUL_STANDIN_UTF8 "\xf3\xb0\x80\x80"

static char *replace_all(const char *s, const char *from, const char *to);

static cJSON *parse_json(const char *text) {
    /* Only an escape that is not itself escaped: preceded by an even run of backslashes. */
    size_t n = strlen(text), w = 0;
    char *t = malloc(n * 2 + 1);
    for (size_t i = 0; i < n;) {
        size_t run = 0;
        while (run < i && text[i - 1 - run] == '\\') run++;
        if (!strncmp(text + i, NUL_ESCAPE, 6) && run % 2 == 0) {
            memcpy(t + w, NUL_STANDIN, 12);
            w += 12;
            i += 6;
        } else {
            t[w++] = text[i++];
        }
    }
    t[w] = 0;
    cJSON *v = cJSON_Parse(t);
    free(t);
    return v;
}

/* For comparisons, every number outside a string becomes the string "\u0001<digits>e<exponent>" of its
 * exact decimal value (no leading or trailing zeros in the digits), so that cJSON_Compare sees 1 and 1.0
 * as equal but two numbers that only agree as doubles (digits beyond 2^53) as different. */
static char *tag_numbers(const char *text) {
    size_t n = strlen(text), w = 0, cap = n + 64;
    char *t = malloc(cap);
    char *digits = malloc(n + 1);
    for (size_t i = 0; i < n;) {
        if (cap - w < 64) t = realloc(t, cap *= 2);
        char ch = text[i];
        if (ch == '"') { /* copy a string whole, escapes included */
            t[w++] = text[i++];
            while (i < n && text[i] != '"') {
                if (cap - w < 4) t = realloc(t, cap *= 2);
                if (text[i] == '\\' && i + 1 < n) t[w++] = text[i++];
                t[w++] = text[i++];
            }
            if (i < n) t[w++] = text[i++];
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            int neg = 0;
            if (text[i] == '-') neg = 1, i++;
            size_t nd = 0;
            long long exp = 0;
            int frac = 0;
            for (; i < n && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'); i++) {
                if (text[i] == '.') {
                    frac = 1;
                    continue;
                }
                digits[nd++] = text[i];
                if (frac) exp--;
            }
            if (i < n && (text[i] == 'e' || text[i] == 'E')) {
                i++;
                exp += strtoll(text + i, NULL, 10);
                while (i < n && (text[i] == '+' || text[i] == '-' || (text[i] >= '0' && text[i] <= '9'))) i++;
            }
            size_t lo = 0;
            while (lo < nd && digits[lo] == '0') lo++;
            while (nd > lo && digits[nd - 1] == '0') nd--, exp++;
            while (cap - w < nd - lo + 64) t = realloc(t, cap *= 2);
            if (lo == nd)
                w += (size_t)sprintf(t + w, "\"\\u00010\"");
            else
                w += (size_t)sprintf(t + w, "\"\\u0001%s%.*se%lld\"", neg ? "-" : "", (int)(nd - lo),
                                     digits + lo, exp);
        } else {
            t[w++] = text[i++];
        }
    }
    t[w] = 0;
    free(digits);
    return t;
}

static cJSON *parse_json_exact(const char *text) {
    char *t = tag_numbers(text);
    cJSON *v = parse_json(t);
    free(t);
    return v;
}

/* SHA-256 (FIPS 180-4), for the manifest's file hashes. */
static const uint32_t SHA_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p) {
    uint32_t w[64], a[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(a, h, sizeof a);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = a[7] + (ROR(a[4], 6) ^ ROR(a[4], 11) ^ ROR(a[4], 25)) +
                      ((a[4] & a[5]) ^ (~a[4] & a[6])) + SHA_K[i] + w[i];
        uint32_t t2 = (ROR(a[0], 2) ^ ROR(a[0], 13) ^ ROR(a[0], 22)) +
                      ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        memmove(a + 1, a, 7 * sizeof *a);
        a[4] += t1;
        a[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) h[i] += a[i];
}

/* Lower-case hex SHA-256 of data into out[65]. */
static void sha256_hex(const uint8_t *data, size_t n, char out[65]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = n / 64 * 64;
    for (size_t i = 0; i < full; i += 64) sha256_block(h, data + i);
    uint8_t tail[128] = {0};
    size_t rest = n - full, tl = rest + 9 <= 64 ? 64 : 128;
    memcpy(tail, data + full, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < tl; i += 64) sha256_block(h, tail + i);
    for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", h[i]);
}

static Bytes from_hex(const char *h) {
    Bytes b = {0};
    size_t n = strlen(h) / 2;
    b.p = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        b.p[i] = (uint8_t)v;
    }
    b.n = n;
    b.present = 1;
    return b;
}

/* input[text_key] as bytes, or input[hex_key] decoded; absent or null -> not present. */
static Bytes get_bytes(const cJSON *input, const char *text_key, const char *hex_key) {
    Bytes b = {0};
    const cJSON *h = hex_key ? cJSON_GetObjectItemCaseSensitive(input, hex_key) : NULL;
    if (cJSON_IsString(h)) return from_hex(h->valuestring);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(input, text_key);
    if (cJSON_IsString(t)) {
        const char *src = t->valuestring;
        b.p = malloc(strlen(src) + 1);
        for (const char *q = src; *q;) {
            if (!strncmp(q, NUL_STANDIN_UTF8, 4)) {
                b.p[b.n++] = 0;
                q += 4;
            } else {
                b.p[b.n++] = (uint8_t)*q++;
            }
        }
        b.present = 1;
    }
    return b;
}

static void free_bytes(Bytes *b) { free(b->p); }

static int64_t get_i64(const cJSON *input, const char *key, int *present) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(input, key);
    *present = cJSON_IsNumber(v);
    return *present ? (int64_t)v->valuedouble : 0;
}

/* An algorithm bit no version of the ABI gives a meaning to: how a name that is not HS256, HS384
 * or HS512 (or an empty allow-list, which the C ABI cannot express since 0 means the default) reaches
 * the library, which refuses it as it refused the name. */
#define UNKNOWN_ALG_BIT 0x80000000u

static uint32_t alg_bit(const cJSON *name) {
    if (!cJSON_IsString(name)) return UNKNOWN_ALG_BIT;
    if (!strcmp(name->valuestring, "HS256")) return OO_HS256;
    if (!strcmp(name->valuestring, "HS384")) return OO_HS384;
    if (!strcmp(name->valuestring, "HS512")) return OO_HS512;
    return UNKNOWN_ALG_BIT;
}

/* Builds OoOptions from a case's input: the algorithm names become OoAlg bits. */
static void build_options(const cJSON *input, OoOptions *o) {
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    int has;
    o->now = get_i64(input, "now", &has);
    if (has) o->flags |= OO_OPT_NOW;
    o->leeway = get_i64(input, "leeway", &has);
    if (has) o->flags |= OO_OPT_LEEWAY;
    o->expires_in = get_i64(input, "expires_in", &has);
    if (has) o->flags |= OO_OPT_EXPIRES_IN;
    o->max_token_len = (uint64_t)get_i64(input, "max_token_len", &has);
    o->max_json_len = (uint64_t)get_i64(input, "max_json_len", &has);
    const cJSON *um = cJSON_GetObjectItemCaseSensitive(input, "url_match");
    if (cJSON_IsString(um) && strcmp(um->valuestring, "path_and_query") == 0) o->flags |= OO_OPT_URL_PATH_QUERY;
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(input, "algorithm");
    if (alg) o->algorithm = alg_bit(alg);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(input, "algorithms"), *it;
    if (cJSON_IsArray(list)) {
        o->algorithms = cJSON_GetArraySize(list) == 0 ? UNKNOWN_ALG_BIT : 0;
        cJSON_ArrayForEach(it, list) o->algorithms |= alg_bit(it);
    }
}

static char *replace_all(const char *s, const char *from, const char *to) {
    size_t count = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = strstr(s, from); p; p = strstr(p + fl, from)) count++;
    char *out = malloc(strlen(s) + count * (tl > fl ? tl - fl : 0) + 1), *w = out;
    for (const char *p = s;;) {
        const char *q = strstr(p, from);
        if (!q) {
            strcpy(w, p);
            break;
        }
        memcpy(w, p, (size_t)(q - p));
        w += q - p;
        memcpy(w, to, tl);
        w += tl;
        p = q + fl;
    }
    return out;
}

static int32_t run_load_config(const cJSON *input, char **out, char **err) {
    char dir[] = "/tmp/oo-jwt-c-XXXXXX";
    if (!mkdtemp(dir)) return -1;
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(input, "files"), *f;
    cJSON_ArrayForEach(f, files) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, f->string);
        char *text = replace_all(f->valuestring, "@DIR@", dir);
        FILE *fp = fopen(path, "wb");
        fwrite(text, 1, strlen(text), fp);
        fclose(fp);
        free(text);
    }
    const cJSON *local = cJSON_GetObjectItemCaseSensitive(input, "local");
    const cJSON *deflt = cJSON_GetObjectItemCaseSensitive(input, "default");
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(input, "env");
    char lp[4096], dp[4096];
    snprintf(lp, sizeof lp, "%s/%s", dir, cJSON_IsString(local) ? local->valuestring : "local.json");
    if (cJSON_IsString(deflt)) snprintf(dp, sizeof dp, "%s/%s", dir, deflt->valuestring);
    char *env_text = cJSON_IsObject(env) ? cJSON_PrintUnformatted(env) : NULL;
    int32_t rc = oo_load_config((const uint8_t *)lp, strlen(lp),
                                cJSON_IsString(deflt) ? (const uint8_t *)dp : NULL,
                                cJSON_IsString(deflt) ? strlen(dp) : 0, (const uint8_t *)env_text,
                                env_text ? strlen(env_text) : 0, out, err);
    free(env_text);
    cJSON_ArrayForEach(f, files) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, f->string);
        unlink(path);
    }
    rmdir(dir);
    return rc;
}

/* Loads the case's settings, then verifies with them in one call; a direction that is neither
 * "inbox" nor "outbox" is passed as a number the library must refuse. */
static int32_t run_verify_with_config(const cJSON *input, Bytes body, Bytes auth, const OoOptions *o,
                                      char **out, char **err) {
    char *settings = NULL;
    int32_t rc = run_load_config(input, &settings, err);
    if (rc != OO_OK) return rc;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(input, "direction");
    uint32_t direction = !strcmp(d->valuestring, "inbox")    ? OO_DIRECTION_INBOX
                         : !strcmp(d->valuestring, "outbox") ? OO_DIRECTION_OUTBOX
                                                             : 7u;
    rc = oo_verify_request_with_config(body.p, body.n, auth.p, auth.n, (const uint8_t *)settings,
                                       strlen(settings), direction, o, out, err);
    oo_free(settings);
    return rc;
}

/* Loads the case's settings, then verifies a download with them in one call. */
static int32_t run_download_with_config(const cJSON *input, Bytes url, Bytes auth, const OoOptions *o,
                                        char **out, char **err) {
    char *settings = NULL;
    int32_t rc = run_load_config(input, &settings, err);
    if (rc != OO_OK) return rc;
    rc = oo_verify_download_with_config(auth.p, auth.n, url.p, url.n, (const uint8_t *)settings,
                                        strlen(settings), o, out, err);
    oo_free(settings);
    return rc;
}

/* Loads the case's settings and asks whether Docs sends a download token; *text receives "true" or
 * "false" (static storage). The out-value must be 0 or 1, and untouched on failure. */
static int32_t run_token_expected(const cJSON *input, Bytes url, const char **text, char **err) {
    char *settings = NULL;
    int32_t rc = run_load_config(input, &settings, err);
    if (rc != OO_OK) return rc;
    uint8_t expected = 7;
    rc = oo_download_token_expected(url.p, url.n, (const uint8_t *)settings, strlen(settings),
                                    &expected, err);
    oo_free(settings);
    /* These are parts of the case, not cases: a breach fails, a pass is not counted (the conformance
     * matrix holds each file to its case count). */
    if (rc == OO_OK) {
        if (expected != 0 && expected != 1) FAIL("oo_download_token_expected wrote %u", expected);
        *text = expected == 1 ? "true" : "false";
    } else if (expected != 7) {
        FAIL("oo_download_token_expected wrote its out-value on failure");
    }
    return rc;
}

/* want: from the vector file parsed with parse_json_exact. */
static int json_matches(const cJSON *want, const char *got_text) {
    cJSON *got = parse_json_exact(got_text);
    int ok = got && cJSON_Compare(want, got, 1);
    cJSON_Delete(got);
    return ok;
}

/* c: the case; exact: the same case parsed with parse_json_exact (its expectations are compared). */
static void run_case(const cJSON *c, const cJSON *exact) {
    const cJSON *id_item = cJSON_GetObjectItemCaseSensitive(c, "id");
    const cJSON *op_item = cJSON_GetObjectItemCaseSensitive(c, "op");
    if (!cJSON_IsString(id_item) || !cJSON_IsString(op_item)) {
        FAIL("a case without a string id or op");
        return;
    }
    const char *id = id_item->valuestring;
    const char *op = op_item->valuestring;
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(exact, "expect");
    OoOptions o;
    build_options(input, &o);
    Bytes secret = get_bytes(input, "secret", "secret_hex");
    Bytes token = get_bytes(input, "token", "token_hex");
    Bytes payload = get_bytes(input, "payload", NULL), body = get_bytes(input, "body", NULL);
    Bytes config = get_bytes(input, "config", NULL), url = get_bytes(input, "url", NULL);
    Bytes auth = get_bytes(input, "authorization", NULL), prefix = get_bytes(input, "prefix", NULL);
    Bytes method = get_bytes(input, "method", NULL), params = get_bytes(input, "params", NULL);
    const cJSON *placement = cJSON_GetObjectItemCaseSensitive(input, "placement");
    int header_placement = cJSON_IsString(placement) && !strcmp(placement->valuestring, "header");
    char *out = NULL, *out2 = NULL, *err = SENTINEL;
    const char *key = NULL; /* which expect key the output answers; "token" is compared as bytes */
    const char *flag = NULL; /* a boolean answer's JSON text, not the library's (never freed) */
    int32_t rc;
    if (!strcmp(op, "sign")) {
        rc = oo_sign(payload.p, payload.n, secret.p, secret.n, &o, &out, &err);
        key = "token";
    } else if (!strcmp(op, "verify")) {
        rc = oo_verify(token.p, token.n, secret.p, secret.n, &o, &out, &err);
        key = "claims";
    } else if (!strcmp(op, "decode_unverified")) {
        rc = oo_decode_unverified(token.p, token.n, &o, &out2, &out, &err);
        key = "claims";
    } else if (!strcmp(op, "sign_request")) {
        rc = oo_sign_request(body.p, body.n, secret.p, secret.n,
                             header_placement ? OO_PLACEMENT_HEADER : OO_PLACEMENT_BODY, &o, &out, &err);
        key = header_placement ? "token" : "body";
    } else if (!strcmp(op, "verify_request")) {
        rc = oo_verify_request(body.p, body.n, auth.p, auth.n, secret.p, secret.n, prefix.p, prefix.n,
                               &o, &out, &err);
        key = "params";
    } else if (!strcmp(op, "sign_config")) {
        rc = oo_sign_config(config.p, config.n, secret.p, secret.n, &o, &out, &err);
        key = "config";
    } else if (!strcmp(op, "verify_download")) {
        rc = oo_verify_download(auth.p, auth.n, url.p, url.n, secret.p, secret.n, prefix.p, prefix.n,
                                &o, &out, &err);
        key = "claims";
    } else if (!strcmp(op, "sign_editor_method")) {
        rc = oo_sign_editor_method(method.p, method.n, params.p, params.n, secret.p, secret.n, &o, &out, &err);
        key = "params";
    } else if (!strcmp(op, "load_config")) {
        rc = run_load_config(input, &out, &err);
        key = "config";
    } else if (!strcmp(op, "verify_request_with_config")) {
        rc = run_verify_with_config(input, body, auth, &o, &out, &err);
        key = "params";
    } else if (!strcmp(op, "verify_download_with_config")) {
        rc = run_download_with_config(input, url, auth, &o, &out, &err);
        key = "claims";
    } else if (!strcmp(op, "download_token_expected")) {
        rc = run_token_expected(input, url, &flag, &err);
        key = "expected";
    } else {
        rc = -1;
        FAIL("%s: unknown op %s", id, op);
    }
    if (rc != -1) {
        /* Parts of the case, not cases (see run_token_expected): the message comes back in the
         * same call, a text on failure and NULL on success. */
        if (rc != OO_OK && (err == NULL || err == SENTINEL || !*err))
            FAIL("%s: %s without a message in *out_error", id, oo_status_name(rc));
        if (rc == OO_OK && err != NULL)
            FAIL("%s: success, but *out_error is %s", id, err == SENTINEL ? "unwritten" : err);
        const char *msg = err && err != SENTINEL ? err : "(no message)";
        const cJSON *want_err = cJSON_GetObjectItemCaseSensitive(expect, "error");
        if (cJSON_IsString(want_err)) {
            if (rc == OO_OK || strcmp(oo_status_name(rc), want_err->valuestring))
                FAIL("%s: expected error %s, got %s (%s)", id, want_err->valuestring,
                     oo_status_name(rc), rc ? msg : "success");
            else
                CHECK(out == NULL && out2 == NULL, "%s: output written on failure", id);
        } else if (rc != OO_OK) {
            FAIL("%s: expected success, got %s: %s", id, oo_status_name(rc), msg);
        } else {
            const cJSON *want = cJSON_GetObjectItemCaseSensitive(expect, key);
            int ok;
            if (flag)
                ok = want && json_matches(want, flag);
            else if (!strcmp(key, "token"))
                ok = cJSON_IsString(want) && !strcmp(want->valuestring, out);
            else
                ok = want && json_matches(want, out);
            if (out2)
                ok = ok && json_matches(cJSON_GetObjectItemCaseSensitive(expect, "header"), out2);
            CHECK(ok, "%s: %s\n   got %s\n  want %s", id, key, flag ? flag : out,
                  want && cJSON_IsString(want) ? want->valuestring : "(json, see the vector file)");
        }
    }
    oo_free(out);
    oo_free(out2);
    if (err != SENTINEL) oo_free(err);
    free_bytes(&secret);
    free_bytes(&token);
    free_bytes(&payload);
    free_bytes(&body);
    free_bytes(&config);
    free_bytes(&url);
    free_bytes(&auth);
    free_bytes(&prefix);
    free_bytes(&method);
    free_bytes(&params);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every vector file must be named in manifest.json with its SHA-256 and number of cases, and every
 * manifest entry must be present: an emptied, truncated, deleted or added file fails here. */
static cJSON *load_manifest(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *text = read_file(path, NULL);
    cJSON *m = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(m, "files");
    if (!cJSON_IsObject(files)) {
        FAIL("%s: missing, or without a \"files\" object", path);
        cJSON_Delete(m);
        return NULL;
    }
    return m;
}

static void run_vectors(const char *dir) {
    cJSON *manifest = load_manifest(dir);
    const cJSON *mfiles = cJSON_GetObjectItemCaseSensitive(manifest, "files");
    DIR *d = opendir(dir);
    if (!d) {
        FAIL("cannot open vectors directory %s", dir);
        cJSON_Delete(manifest);
        return;
    }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".json") && strcmp(e->d_name, "manifest.json"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    CHECK(cJSON_GetArraySize(mfiles) == n, "%d vector files in %s, manifest.json names %d", n, dir,
          cJSON_GetArraySize(mfiles));
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *text = read_file(path, &len);
        cJSON *doc = text ? parse_json(text) : NULL;
        cJSON *exact = text ? parse_json_exact(text) : NULL;
        const cJSON *entry = cJSON_GetObjectItemCaseSensitive(mfiles, names[i]);
        const cJSON *want_hash = cJSON_GetObjectItemCaseSensitive(entry, "sha256");
        const cJSON *want_n = cJSON_GetObjectItemCaseSensitive(entry, "cases");
        const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
        const cJSON *exact_cases = cJSON_GetObjectItemCaseSensitive(exact, "cases");
        char hash[65] = "";
        if (text) sha256_hex((const uint8_t *)text, len, hash);
        if (!doc || !exact) {
            FAIL("%s: unreadable or invalid JSON", path);
        } else if (!entry) {
            FAIL("%s: not in manifest.json", path);
        } else if (!cJSON_IsString(want_hash) || strcmp(want_hash->valuestring, hash)) {
            FAIL("%s: SHA-256 %s differs from manifest.json", path, hash);
        } else if (!cJSON_IsArray(cases) || cJSON_GetArraySize(cases) == 0) {
            FAIL("%s: no \"cases\" list, or an empty one", path);
        } else if (!cJSON_IsNumber(want_n) || cJSON_GetArraySize(cases) != want_n->valueint) {
            FAIL("%s: %d cases, manifest.json says %d", path, cJSON_GetArraySize(cases),
                 cJSON_IsNumber(want_n) ? want_n->valueint : -1);
        } else {
            int p0 = passed, f0 = failed, ran = 0;
            const cJSON *c, *x = exact_cases->child;
            cJSON_ArrayForEach(c, cases) {
                run_case(c, x);
                x = x->next;
                ran++;
            }
            printf("%s: %d passed, %d failed\n", names[i], passed - p0, failed - f0);
            printf("CONFORMANCE c %.*s %d %d\n", (int)(strlen(names[i]) - 5), names[i], passed - p0,
                   failed - f0);
            CHECK(ran == want_n->valueint, "%s: ran %d cases of %d", path, ran, want_n->valueint);
        }
        cJSON_Delete(doc);
        cJSON_Delete(exact);
        free(text);
        free(names[i]);
    }
    CHECK(n > 0, "no vector file in %s", dir);
    cJSON_Delete(manifest);
}

/* The comparison and hash helpers themselves. */
static void check_helpers(void) {
    char h[65];
    sha256_hex((const uint8_t *)"", 0, h);
    CHECK(!strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "sha256('')");
    sha256_hex((const uint8_t *)"abc", 3, h);
    CHECK(!strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "sha256(abc)");
    const char *q = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes: two blocks */
    sha256_hex((const uint8_t *)q, strlen(q), h);
    CHECK(!strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"), "sha256(56 bytes)");
    static const char *same[][2] = {{"1", "1.0"}, {"100", "1e2"}, {"-0.5", "-5E-1"}, {"0", "-0.0"},
                                    {"{\"a\":[1,\"1\"]}", "{\"a\":[10e-1,\"1\"]}"}};
    static const char *differ[][2] = {{"9007199254740993", "9007199254740992"},
                                      {"1.00000000000000001", "1"},
                                      {"1", "-1"},
                                      {"1", "\"1\""},
                                      {"{\"a\":\"1\"}", "{\"a\":1}"}};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        cJSON *a = parse_json_exact(same[i][0]);
        CHECK(json_matches(a, same[i][1]), "json_matches(%s, %s)", same[i][0], same[i][1]);
        cJSON_Delete(a);
    }
    for (size_t i = 0; i < sizeof differ / sizeof *differ; i++) {
        cJSON *a = parse_json_exact(differ[i][0]);
        CHECK(!json_matches(a, differ[i][1]), "!json_matches(%s, %s)", differ[i][0], differ[i][1]);
        cJSON_Delete(a);
    }
}

/* ---- the ABI's own promises ---- */

static void check_abi(void) {
    const uint8_t *s = (const uint8_t *)"secret";
    const uint8_t *p = (const uint8_t *)"{\"a\":1}";
    char *out = SENTINEL, *out2 = SENTINEL;

    /* NULL out pointers and NULL inputs with a length are refused, outputs untouched. */
    CHECK(oo_sign(p, 7, s, 6, NULL, NULL, ERR) == OO_INVALID_ARGUMENT, "oo_sign NULL out");
    CHECK(oo_sign(NULL, 7, s, 6, NULL, &out, ERR) == OO_INVALID_ARGUMENT && out == SENTINEL,
          "oo_sign NULL payload with length");
    CHECK(oo_sign(p, 7, NULL, 6, NULL, &out, ERR) == OO_INVALID_ARGUMENT, "oo_sign NULL secret");
    CHECK(oo_sign(p, 7, NULL, 0, NULL, &out, ERR) == OO_EMPTY_SECRET, "oo_sign NULL+0 secret is empty");
    CHECK(oo_verify(NULL, 3, s, 6, NULL, &out, ERR) == OO_INVALID_ARGUMENT, "oo_verify NULL token");
    CHECK(oo_verify((const uint8_t *)"a.b.c", 5, s, 6, NULL, NULL, ERR) == OO_INVALID_ARGUMENT,
          "oo_verify NULL out");
    CHECK(oo_decode_unverified((const uint8_t *)"a.b.c", 5, NULL, NULL, &out, ERR) ==
              OO_INVALID_ARGUMENT,
          "oo_decode_unverified NULL out_header");
    CHECK(oo_decode_unverified((const uint8_t *)"a.b.c", 5, NULL, &out, NULL, ERR) ==
              OO_INVALID_ARGUMENT,
          "oo_decode_unverified NULL out_claims");
    CHECK(oo_sign_request(p, 7, s, 6, 7, NULL, &out, ERR) == OO_INVALID_ARGUMENT,
          "oo_sign_request bad placement");
    CHECK(oo_sign_request(p, 7, s, 6, OO_PLACEMENT_BODY, NULL, NULL, ERR) == OO_INVALID_ARGUMENT,
          "oo_sign_request NULL out");
    CHECK(oo_verify_request(NULL, 0, NULL, 0, s, 6, NULL, 0, NULL, &out, ERR) == OO_MISSING_TOKEN,
          "oo_verify_request nothing");
    CHECK(oo_verify_request(NULL, 5, NULL, 0, s, 6, NULL, 0, NULL, NULL, ERR) == OO_INVALID_ARGUMENT,
          "oo_verify_request NULL out");
    CHECK(oo_sign_config(NULL, 2, s, 6, NULL, &out, ERR) == OO_INVALID_ARGUMENT, "oo_sign_config NULL");
    CHECK(oo_sign_editor_method(NULL, 3, p, 7, s, 6, NULL, &out, ERR) == OO_INVALID_ARGUMENT,
          "oo_sign_editor_method NULL method");
    CHECK(oo_sign_editor_method((const uint8_t *)"setRevisedFile", 14, NULL, 2, s, 6, NULL, &out, ERR) ==
              OO_INVALID_ARGUMENT,
          "oo_sign_editor_method NULL params");
    CHECK(oo_sign_editor_method((const uint8_t *)"setRevisedFile", 14, p, 7, s, 6, NULL, NULL, ERR) ==
              OO_INVALID_ARGUMENT,
          "oo_sign_editor_method NULL out");
    CHECK(oo_verify_download(NULL, 0, NULL, 3, s, 6, NULL, 0, NULL, &out, ERR) == OO_INVALID_ARGUMENT,
          "oo_verify_download NULL url");
    CHECK(oo_load_config(NULL, 0, NULL, 0, NULL, 0, &out, ERR) == OO_INVALID_ARGUMENT,
          "oo_load_config no path");
    CHECK(oo_load_config((const uint8_t *)"/nonexistent/local.json", 23, NULL, 0, NULL, 0, &out, ERR) ==
              OO_INVALID_CONFIG,
          "oo_load_config unreadable");
    CHECK(strstr(errmsg(), "/nonexistent/local.json") != NULL,
          "unreadable config message names the path: %s", errmsg());
    {
        const char *settings = "{\"inbox\":{\"secret_hex\":\"6b\",\"header\":\"Authorization\","
                               "\"prefix\":\"Bearer \"},\"outbox\":{\"secret_hex\":\"6b\",\"header\":"
                               "\"Authorization\",\"prefix\":\"Bearer \"},\"clock_tolerance\":60}";
        const uint8_t *st = (const uint8_t *)settings;
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, st, strlen(settings), OO_DIRECTION_INBOX,
                                            NULL, &out, ERR) == OO_MISSING_TOKEN,
              "oo_verify_request_with_config nothing");
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, NULL, 4, OO_DIRECTION_INBOX, NULL, &out, ERR) ==
                  OO_INVALID_ARGUMENT,
              "oo_verify_request_with_config NULL settings");
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, st, strlen(settings), 2, NULL, &out, ERR) ==
                  OO_INVALID_ARGUMENT,
              "oo_verify_request_with_config bad direction");
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, st, 5, OO_DIRECTION_OUTBOX, NULL, &out, ERR) ==
                  OO_INVALID_ARGUMENT,
              "oo_verify_request_with_config settings not JSON");
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, (const uint8_t *)"{}", 2,
                                            OO_DIRECTION_OUTBOX, NULL, &out, ERR) == OO_INVALID_CONFIG,
              "oo_verify_request_with_config settings without directions");
        CHECK(oo_verify_request_with_config(NULL, 0, NULL, 0, st, strlen(settings), OO_DIRECTION_INBOX,
                                            NULL, NULL, ERR) == OO_INVALID_ARGUMENT,
              "oo_verify_request_with_config NULL out");

        CHECK(oo_verify_download_with_config(NULL, 0, (const uint8_t *)"https://example.com/a.docx", 26,
                                             st, strlen(settings), NULL, &out, ERR) == OO_MISSING_TOKEN,
              "oo_verify_download_with_config no token");
        CHECK(oo_verify_download_with_config(NULL, 0, NULL, 3, st, strlen(settings), NULL, &out, ERR) ==
                  OO_INVALID_ARGUMENT,
              "oo_verify_download_with_config NULL url");
        CHECK(oo_verify_download_with_config(NULL, 0, (const uint8_t *)"https://example.com/a.docx", 26,
                                             NULL, 4, NULL, &out, ERR) == OO_INVALID_ARGUMENT,
              "oo_verify_download_with_config NULL settings");
        CHECK(oo_verify_download_with_config(NULL, 0, (const uint8_t *)"https://example.com/a.docx", 26,
                                             st, 5, NULL, &out, ERR) == OO_INVALID_ARGUMENT,
              "oo_verify_download_with_config settings not JSON");
        CHECK(oo_verify_download_with_config(NULL, 0, (const uint8_t *)"https://example.com/a.docx", 26,
                                             st, strlen(settings), NULL, NULL, ERR) == OO_INVALID_ARGUMENT,
              "oo_verify_download_with_config NULL out");
        uint8_t expected = 7;
        CHECK(oo_download_token_expected((const uint8_t *)"https://example.com/a.docx", 26, st,
                                         strlen(settings), &expected, ERR) == OO_OK &&
                  expected == 1,
              "oo_download_token_expected: outbox enabled, no exclusion: %u", expected);
        const char *excl = "{\"inbox\":{\"secret_hex\":\"6b\",\"header\":\"Authorization\","
                           "\"prefix\":\"Bearer \"},\"outbox\":{\"secret_hex\":\"6b\",\"header\":"
                           "\"Authorization\",\"prefix\":\"Bearer \",\"url_exclusion\":\"/pub/\"},"
                           "\"clock_tolerance\":60}";
        CHECK(oo_download_token_expected((const uint8_t *)"https://example.com/pub/a.docx", 30,
                                         (const uint8_t *)excl, strlen(excl), &expected, ERR) == OO_OK &&
                  expected == 0,
              "oo_download_token_expected: excluded URL: %u", expected);
        expected = 7;
        CHECK(oo_download_token_expected(NULL, 3, st, strlen(settings), &expected, ERR) ==
                  OO_INVALID_ARGUMENT && expected == 7,
              "oo_download_token_expected NULL url");
        CHECK(oo_download_token_expected(NULL, 0, NULL, 4, &expected, ERR) == OO_INVALID_ARGUMENT &&
                  expected == 7,
              "oo_download_token_expected NULL settings");
        CHECK(oo_download_token_expected(NULL, 0, (const uint8_t *)"{}", 2, &expected, ERR) ==
                  OO_INVALID_CONFIG && expected == 7,
              "oo_download_token_expected settings without directions");
        CHECK(oo_download_token_expected((const uint8_t *)"u", 1, st, strlen(settings), NULL, ERR) ==
                  OO_INVALID_ARGUMENT,
              "oo_download_token_expected NULL out");
    }
    {
        /* Files that are not regular are refused without reading them; a FIFO never blocks (the
         * alarm is only a guard against hanging forever, not a timing check). */
        char fifo[] = "/tmp/oo-jwt-c-fifo-XXXXXX";
        CHECK(mkdtemp(fifo) != NULL, "mkdtemp");
        char path[4096];
        snprintf(path, sizeof path, "%s/local.json", fifo);
        CHECK(mkfifo(path, 0600) == 0, "mkfifo");
        alarm(120);
        CHECK(oo_load_config((const uint8_t *)path, strlen(path), NULL, 0, NULL, 0, &out, ERR) == OO_INVALID_CONFIG,
              "oo_load_config on a FIFO: %s", errmsg());
        CHECK(oo_load_config((const uint8_t *)"/dev/zero", 9, NULL, 0, NULL, 0, &out, ERR) == OO_INVALID_CONFIG,
              "oo_load_config on /dev/zero: %s", errmsg());
        alarm(0);
        unlink(path);
        rmdir(fifo);
    }
    CHECK(out == SENTINEL && out2 == SENTINEL, "outputs written on failure");

    /* Options: wrong struct_size, unknown flags, negative leeway, bad allow-list. */
    OoOptions o;
    memset(&o, 0, sizeof o);
    o.struct_size = 3;
    CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT, "struct_size 3");
    memset(&o, 0, sizeof o);
    o.flags = 0x80;
    CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT, "unknown flag");
    memset(&o, 0, sizeof o);
    o.flags = OO_OPT_LEEWAY;
    o.leeway = -1;
    CHECK(oo_verify((const uint8_t *)"a.b.c", 5, s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT,
          "negative leeway");
    memset(&o, 0, sizeof o);
    o.algorithms = OO_HS256 | 8;
    CHECK(oo_verify((const uint8_t *)"a.b.c", 5, s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT,
          "an unknown bit in the allow-list");
    o.algorithms = 0;
    const uint32_t bad_algs[] = {OO_HS256 | OO_HS384, OO_HS256 | OO_HS384 | OO_HS512, 8, 0x80000000u};
    for (size_t i = 0; i < sizeof bad_algs / sizeof *bad_algs; i++) {
        o.algorithm = bad_algs[i];
        CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG, "sign with algorithm %#x",
              bad_algs[i]);
    }
    /* Each bit alone signs with its algorithm (the header's "alg" in base64url). */
    const struct {
        uint32_t bit;
        const char *header;
    } algs[] = {{OO_HS256, "eyJhbGciOiJIUzI1NiIs"}, {OO_HS384, "eyJhbGciOiJIUzM4NCIs"},
                {OO_HS512, "eyJhbGciOiJIUzUxMiIs"}};
    for (size_t i = 0; i < 3; i++) {
        char *t = NULL;
        o.algorithm = algs[i].bit;
        CHECK(oo_sign(p, 7, s, 6, &o, &t, ERR) == OO_OK && !strncmp(t, algs[i].header, 20),
              "sign with OoAlg %u: %s", algs[i].bit, t ? t : errmsg());
        oo_free(t);
    }

    /* An embedded NUL is seen, not truncated: a token with one is malformed. */
    char *tok = NULL;
    CHECK(oo_sign(p, 7, s, 6, NULL, &tok, ERR) == OO_OK, "sign");
    size_t tl = strlen(tok);
    char *withnul = malloc(tl + 2);
    memcpy(withnul, tok, tl);
    withnul[tl] = 0;
    withnul[tl + 1] = 'A';
    CHECK(oo_verify((const uint8_t *)withnul, tl + 2, s, 6, NULL, &out, ERR) == OO_MALFORMED,
          "NUL inside a token");
    free(withnul);
    /* A secret with a NUL inside is a different secret. */
    CHECK(oo_verify((const uint8_t *)tok, tl, (const uint8_t *)"secret\0x", 8, NULL, &out, ERR) ==
              OO_BAD_SIGNATURE,
          "secret with NUL differs");
    char *claims = NULL;
    CHECK(oo_verify((const uint8_t *)tok, tl, s, 6, NULL, &claims, ERR) == OO_OK &&
              !strcmp(claims, "{\"a\":1}"),
          "round trip");
    CHECK(last_error == NULL, "*out_error is NULL after a success");
    oo_free(claims);
    oo_free(tok);

    CHECK(oo_abi_version() == ((uint32_t)OO_ABI_MAJOR << 16 | OO_ABI_MINOR), "oo_abi_version %#x",
          oo_abi_version());

    /* Names and version. */
    static const struct {
        int32_t code;
        const char *name;
    } names[] = {{OO_OK, "ok"},
                 {OO_INVALID_ARGUMENT, "invalid_argument"},
                 {OO_INVALID_JSON, "invalid_json"},
                 {OO_EMPTY_SECRET, "empty_secret"},
                 {OO_MALFORMED, "malformed"},
                 {OO_UNSUPPORTED_ALG, "unsupported_alg"},
                 {OO_BAD_SIGNATURE, "bad_signature"},
                 {OO_EXPIRED, "expired"},
                 {OO_NOT_YET_VALID, "not_yet_valid"},
                 {OO_TOO_LARGE, "too_large"},
                 {OO_MISSING_TOKEN, "missing_token"},
                 {OO_INVALID_CONFIG, "invalid_config"},
                 {OO_URL_MISMATCH, "url_mismatch"},
                 {OO_INTERNAL, "internal"},
                 {-1, "unknown"},
                 {13, "unknown"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CHECK(!strcmp(oo_status_name(names[i].code), names[i].name), "oo_status_name(%d)",
              names[i].code);
    CHECK(strlen(oo_version()) > 0, "oo_version");
    oo_free(NULL);
    passed++;
}

/* Each call's failure comes back with its own message, whatever other threads do meanwhile. */
static void *thread_errors(void *arg) {
    long k = (long)arg;
    char *out = NULL;
    const uint8_t *s = (const uint8_t *)"secret";
    for (int i = 0; i < 2000; i++) {
        char *m = SENTINEL;
        int32_t rc = (k % 2) ? oo_verify((const uint8_t *)"x", 1, s, 6, NULL, &out, &m)
                             : oo_verify((const uint8_t *)"a.b.c", 5, NULL, 0, NULL, &out, &m);
        int ok = m != SENTINEL && m != NULL &&
                 ((k % 2) ? (rc == OO_MALFORMED && strstr(m, "segments") != NULL)
                          : (rc == OO_EMPTY_SECRET && strstr(m, "secret is empty") != NULL));
        if (m != SENTINEL) oo_free(m);
        if (!ok) return (void *)1;
    }
    return NULL;
}

/* Two threads take strict turns (a handshake, not timing): each makes a failing call, then reads and
 * frees the message the OTHER thread's last call returned, made before its own. A message kept in
 * per-thread or global state would be overwritten or read on the wrong thread; here each call's
 * message is its own, and may be freed by any thread. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int turn;
    char *msg[2];
    int bad[2];
} Turns;

typedef struct {
    Turns *t;
    int me;
} Side;

#define TURN_ROUNDS 200

static void *take_turns(void *arg) {
    Side *side = arg;
    Turns *t = side->t;
    int me = side->me, other = 1 - me;
    static const char *const want[2] = {"segments", "secret is empty"};
    const uint8_t *s = (const uint8_t *)"secret";
    for (int r = 0; r < TURN_ROUNDS; r++) {
        pthread_mutex_lock(&t->mu);
        while (t->turn != me) pthread_cond_wait(&t->cv, &t->mu);
        char *out = NULL;
        int32_t rc = me == 0 ? oo_verify((const uint8_t *)"x", 1, s, 6, NULL, &out, &t->msg[me])
                             : oo_verify((const uint8_t *)"a.b.c", 5, NULL, 0, NULL, &out, &t->msg[me]);
        if (rc != (me == 0 ? OO_MALFORMED : OO_EMPTY_SECRET) || !t->msg[me] ||
            !strstr(t->msg[me], want[me]))
            t->bad[me]++;
        if (t->msg[other]) {
            if (!strstr(t->msg[other], want[other])) t->bad[me]++;
            oo_free(t->msg[other]);
            t->msg[other] = NULL;
        }
        t->turn = other;
        pthread_cond_broadcast(&t->cv);
        pthread_mutex_unlock(&t->mu);
    }
    return NULL;
}

static void check_interleaved_messages(void) {
    Turns t;
    memset(&t, 0, sizeof t);
    pthread_mutex_init(&t.mu, NULL);
    pthread_cond_init(&t.cv, NULL);
    Side sides[2] = {{&t, 0}, {&t, 1}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, take_turns, &sides[i]);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    CHECK(t.bad[0] == 0 && t.bad[1] == 0,
          "two threads taking turns: each call's message is its own (%d, %d bad)", t.bad[0], t.bad[1]);
    for (int i = 0; i < 2; i++) oo_free(t.msg[i]);
    pthread_cond_destroy(&t.cv);
    pthread_mutex_destroy(&t.mu);
}

/* Every operation once for thread t, round r, through the C ABI; the outputs joined into one string. */
static char *every_operation(int t, int r) {
    char secret[64], payload[256], cfg[256], url[128], dl[160], auth[4096], dl_auth[4096];
    snprintf(secret, sizeof secret, "secret-of-thread-%d", t);
    snprintf(payload, sizeof payload, "{\"key\":\"doc-%d-%d\",\"status\":%d}", t, r, r % 7);
    snprintf(cfg, sizeof cfg, "{\"document\":{\"key\":\"k%d\",\"url\":\"https://example.com/%d.docx\"}}", t, t);
    snprintf(url, sizeof url, "https://example.com/%d.docx", t);
    snprintf(dl, sizeof dl, "{\"url\":\"%s\"}", url);
    const uint8_t *s = (const uint8_t *)secret;
    size_t sl = strlen(secret);
    OoOptions o;
    memset(&o, 0, sizeof o);
    o.flags = OO_OPT_NOW | OO_OPT_EXPIRES_IN;
    o.now = 1700000000 + r;
    o.expires_in = 300;
    char *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL, *r5 = NULL, *r6 = NULL, *r7 = NULL, *r8 = NULL,
         *r9 = NULL, *r10 = NULL, *hdr = NULL, *unused = NULL;
    int ok = oo_sign((const uint8_t *)payload, strlen(payload), s, sl, &o, &r1, NULL) == OO_OK &&
             oo_verify((const uint8_t *)r1, strlen(r1), s, sl, &o, &r2, NULL) == OO_OK &&
             oo_verify((const uint8_t *)r1, strlen(r1), (const uint8_t *)"wrong", 5, &o, &unused, NULL) ==
                 OO_BAD_SIGNATURE &&
             oo_decode_unverified((const uint8_t *)r1, strlen(r1), &o, &hdr, &r3, NULL) == OO_OK &&
             oo_sign_request((const uint8_t *)payload, strlen(payload), s, sl, OO_PLACEMENT_BODY, &o,
                             &r4, NULL) == OO_OK &&
             oo_sign_request((const uint8_t *)payload, strlen(payload), s, sl, OO_PLACEMENT_HEADER,
                             &o, &r5, NULL) == OO_OK;
    if (ok) {
        snprintf(auth, sizeof auth, "Bearer %s", r5);
        ok = oo_verify_request((const uint8_t *)r4, strlen(r4), (const uint8_t *)auth, strlen(auth), s,
                               sl, NULL, 0, &o, &r6, NULL) == OO_OK &&
             oo_sign_config((const uint8_t *)cfg, strlen(cfg), s, sl, &o, &r7, NULL) == OO_OK &&
             oo_sign_request((const uint8_t *)dl, strlen(dl), s, sl, OO_PLACEMENT_HEADER, &o, &r8, NULL) ==
                 OO_OK;
    }
    if (ok) {
        snprintf(dl_auth, sizeof dl_auth, "Bearer %s", r8);
        ok = oo_verify_download((const uint8_t *)dl_auth, strlen(dl_auth), (const uint8_t *)url,
                                strlen(url), s, sl, NULL, 0, &o, &r9, NULL) == OO_OK &&
             oo_verify_download((const uint8_t *)dl_auth, strlen(dl_auth),
                                (const uint8_t *)"https://example.com/x", 21, s, sl, NULL, 0, &o,
                                &r10, NULL) == OO_URL_MISMATCH;
    }
    char *joined = NULL;
    if (ok && asprintf(&joined, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", r1, r2, hdr, r3, r4, r5, r6, r7, r8,
                       r9) < 0)
        joined = NULL;
    char *all[] = {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, hdr, unused};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) oo_free(all[i]);
    return joined ? joined : strdup("FAILED");
}

#define OPS_THREADS 16
#define OPS_ROUNDS 50
static char *expected_ops[OPS_THREADS][OPS_ROUNDS];

static void *thread_ops(void *arg) {
    int t = (int)(long)arg;
    for (int r = 0; r < OPS_ROUNDS; r++) {
        char *got = every_operation(t, r);
        int same = !strcmp(got, expected_ops[t][r]);
        free(got);
        if (!same) return (void *)1;
    }
    return NULL;
}

static void check_threads(void) {
    for (int t = 0; t < OPS_THREADS; t++)
        for (int r = 0; r < OPS_ROUNDS; r++) expected_ops[t][r] = every_operation(t, r);
    int sequential_failures = 0;
    for (int t = 0; t < OPS_THREADS; t++)
        for (int r = 0; r < OPS_ROUNDS; r++)
            sequential_failures += !strcmp(expected_ops[t][r], "FAILED");
    CHECK(sequential_failures == 0, "every operation succeeds sequentially: %d of %d rounds failed",
          sequential_failures, OPS_THREADS * OPS_ROUNDS);
    pthread_t ops[OPS_THREADS];
    for (long i = 0; i < OPS_THREADS; i++) pthread_create(&ops[i], NULL, thread_ops, (void *)i);
    int differ = 0;
    for (int i = 0; i < OPS_THREADS; i++) {
        void *r;
        pthread_join(ops[i], &r);
        differ |= r != NULL;
    }
    CHECK(!differ, "16 threads, every operation, different secrets: same results as sequential");
    for (int t = 0; t < OPS_THREADS; t++)
        for (int r = 0; r < OPS_ROUNDS; r++) free(expected_ops[t][r]);

    pthread_t t[8];
    for (long i = 0; i < 8; i++) pthread_create(&t[i], NULL, thread_errors, (void *)i);
    int bad = 0;
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad |= r != NULL;
    }
    CHECK(!bad, "8 threads failing at once: each call returns its own message");
    check_interleaved_messages();
}

/* ---- OoOptions read no further than its struct_size ---- */

/* oo_sign then oo_verify with options in a heap block of exactly `size` bytes whose first bytes are
 * those of `o` (struct_size set to `size`), so that Valgrind and ASan see any read beyond it. */
static int32_t sign_verify_with_block(const OoOptions *o, size_t size, int32_t *verify_rc,
                                      char **token) {
    unsigned char *block = malloc(size);
    OoOptions full = *o;
    full.struct_size = (uint32_t)size;
    memcpy(block, &full, size < sizeof full ? size : sizeof full);
    if (size > sizeof full) memset(block + sizeof full, 0, size - sizeof full);
    const uint8_t *s = (const uint8_t *)"secret";
    char *tok = NULL, *claims = NULL;
    int32_t rc = oo_sign((const uint8_t *)"{\"a\":1}", 7, s, 6, (const OoOptions *)block, &tok, ERR);
    *verify_rc = tok ? oo_verify((const uint8_t *)tok, strlen(tok), s, 6,
                                 (const OoOptions *)block, &claims, ERR)
                     : -1;
    oo_free(claims);
    free(block);
    if (token)
        *token = tok;
    else
        oo_free(tok);
    return rc;
}

static void check_options_struct_size(void) {
    OoOptions o;
    int32_t vrc;
    char *tok = NULL;
    /* An older caller's struct ending after algorithms: both are read, the rest defaults. */
    memset(&o, 0, sizeof o);
    o.algorithm = OO_HS384;
    o.algorithms = OO_HS384 | OO_HS512;
    int32_t rc = sign_verify_with_block(&o, offsetof(OoOptions, now), &vrc, &tok);
    CHECK(rc == OO_OK && vrc == OO_OK && tok && !strncmp(tok, "eyJhbGciOiJIUzM4NCIs", 20),
          "struct_size up to algorithms: sign %s, verify %s, HS384 token", oo_status_name(rc),
          oo_status_name(vrc));
    oo_free(tok);
    tok = NULL;
    o.algorithms = OO_HS256;
    rc = sign_verify_with_block(&o, offsetof(OoOptions, now), &vrc, NULL);
    CHECK(rc == OO_OK && vrc == OO_UNSUPPORTED_ALG, "struct_size up to algorithms: the allow-list is read (%s)",
          oo_status_name(vrc));
    /* Ending after algorithm: the allow-list beyond it is not read, whatever it holds. */
    o.algorithms = 0x80000000u;
    rc = sign_verify_with_block(&o, offsetof(OoOptions, algorithms), &vrc, &tok);
    CHECK(rc == OO_OK && vrc == OO_OK && tok && !strncmp(tok, "eyJhbGciOiJIUzM4NCIs", 20),
          "struct_size up to algorithm: sign %s, verify %s, HS384 token", oo_status_name(rc),
          oo_status_name(vrc));
    oo_free(tok);
    /* The smallest: struct_size and flags only. */
    memset(&o, 0, sizeof o);
    rc = sign_verify_with_block(&o, offsetof(OoOptions, flags) + sizeof o.flags, &vrc, NULL);
    CHECK(rc == OO_OK && vrc == OO_OK, "struct_size 8: defaults (sign %s, verify %s)",
          oo_status_name(rc), oo_status_name(vrc));
    /* A flag whose field lies beyond struct_size. */
    o.flags = OO_OPT_NOW;
    rc = sign_verify_with_block(&o, offsetof(OoOptions, now), &vrc, NULL);
    CHECK(rc == OO_INVALID_ARGUMENT && strstr(errmsg(), "now") != NULL,
          "OO_OPT_NOW beyond struct_size: %s (%s)", oo_status_name(rc), errmsg());
    /* Too small, ending inside a field, larger than this version's. */
    memset(&o, 0, sizeof o);
    size_t bad[] = {4, 6, offsetof(OoOptions, algorithm) + 2, offsetof(OoOptions, now) + 4,
                    offsetof(OoOptions, max_json_len) + 4, sizeof(OoOptions) + 8};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rc = sign_verify_with_block(&o, bad[i], &vrc, NULL);
        CHECK(rc == OO_INVALID_ARGUMENT && strstr(errmsg(), "struct_size") != NULL,
              "struct_size %zu: %s (%s)", bad[i], oo_status_name(rc), errmsg());
    }
    /* This version's size, and 0 meaning it. */
    o.flags = OO_OPT_NOW;
    o.now = 1700000000;
    rc = sign_verify_with_block(&o, sizeof o, &vrc, NULL);
    CHECK(rc == OO_OK && vrc == OO_OK, "struct_size sizeof(OoOptions)");
    o.struct_size = 0;
    char *t0 = NULL;
    CHECK(oo_sign((const uint8_t *)"{}", 2, (const uint8_t *)"secret", 6, &o, &t0, ERR) == OO_OK,
          "struct_size 0");
    oo_free(t0);
}

/* ---- each operation reads only its own options ---- */

static void check_options_per_operation(void) {
    const uint8_t *s = (const uint8_t *)"secret";
    const uint8_t *p = (const uint8_t *)"{\"a\":1}";
    const char *cfg = "{\"document\":{\"key\":\"k\",\"url\":\"https://example.com/a.docx\"}}";
    const char *dl = "{\"url\":\"https://example.com/a.docx\"}";
    char *tok = NULL, *dl_tok = NULL, *out = NULL;
    OoOptions o;
    memset(&o, 0, sizeof o);
    o.flags = OO_OPT_NOW;
    o.now = 1700000000;
    CHECK(oo_sign(p, 7, s, 6, &o, &tok, ERR) == OO_OK, "sign for the option checks");
    CHECK(oo_sign_request((const uint8_t *)dl, strlen(dl), s, 6, OO_PLACEMENT_HEADER, &o, &dl_tok, ERR) ==
              OO_OK,
          "sign a download token for the option checks");
    char auth[1024], dl_auth[1024];
    snprintf(auth, sizeof auth, "Bearer %s", tok);
    snprintf(dl_auth, sizeof dl_auth, "Bearer %s", dl_tok);
    /* Settings whose outbox secret is "secret" (hex 736563726574), allow-list HS256. */
    const char *dl_settings =
        "{\"inbox\":{\"secret_hex\":\"6b\",\"header\":\"Authorization\",\"prefix\":\"Bearer \"},"
        "\"outbox\":{\"secret_hex\":\"736563726574\",\"header\":\"Authorization\","
        "\"prefix\":\"Bearer \"},\"clock_tolerance\":60,\"algorithms\":[\"HS256\"]}";
    {
        /* The settings give the allow-list and tolerance: the caller's, even invalid ones, are
         * ignored; the caller's URL comparison is read. */
        OoOptions v;
        memset(&v, 0, sizeof v);
        v.flags = OO_OPT_NOW | OO_OPT_LEEWAY;
        v.now = 1700000000;
        v.leeway = -1;
        v.algorithms = 0x80000000u;
        char dl_auth0[1024];
        snprintf(dl_auth0, sizeof dl_auth0, "Bearer %s", dl_tok);
        const uint8_t *proxied = (const uint8_t *)"http://backend:8080/a.docx";
        int32_t rc = oo_verify_download_with_config((const uint8_t *)dl_auth0, strlen(dl_auth0),
                                                    proxied, 26, (const uint8_t *)dl_settings,
                                                    strlen(dl_settings), &v, &out, ERR);
        CHECK(rc == OO_URL_MISMATCH,
              "oo_verify_download_with_config ignores algorithms/leeway, compares whole: %s %s",
              oo_status_name(rc), errmsg());
        v.flags |= OO_OPT_URL_PATH_QUERY;
        rc = oo_verify_download_with_config((const uint8_t *)dl_auth0, strlen(dl_auth0), proxied, 26,
                                            (const uint8_t *)dl_settings, strlen(dl_settings), &v,
                                            &out, ERR);
        CHECK(rc == OO_OK, "oo_verify_download_with_config reads OO_OPT_URL_PATH_QUERY: %s %s",
              oo_status_name(rc), errmsg());
        oo_free(out);
        out = NULL;
    }

    /* The signing options, bad in every way, do not concern the verifying operations. */
    const uint32_t bad_algorithms[] = {8, OO_HS256 | OO_HS512, 0xffffffffu};
    for (size_t i = 0; i < 3; i++) {
        o.algorithm = bad_algorithms[i];
        o.flags = OO_OPT_NOW | OO_OPT_EXPIRES_IN;
        o.expires_in = -5;
        int32_t rc;
        rc = oo_verify((const uint8_t *)tok, strlen(tok), s, 6, &o, &out, ERR);
        CHECK(rc == OO_OK, "oo_verify ignores algorithm/expires_in (%zu): %s %s", i, oo_status_name(rc),
              errmsg());
        oo_free(out);
        out = NULL;
        rc = oo_verify_request(NULL, 0, (const uint8_t *)auth, strlen(auth), s, 6, NULL, 0, &o, &out, ERR);
        CHECK(rc == OO_OK, "oo_verify_request ignores algorithm/expires_in (%zu): %s %s", i,
              oo_status_name(rc), errmsg());
        oo_free(out);
        out = NULL;
        rc = oo_verify_download((const uint8_t *)dl_auth, strlen(dl_auth),
                                (const uint8_t *)"https://example.com/a.docx", 26, s, 6, NULL, 0, &o,
                                &out, ERR);
        CHECK(rc == OO_OK, "oo_verify_download ignores algorithm/expires_in (%zu): %s %s", i,
              oo_status_name(rc), errmsg());
        oo_free(out);
        out = NULL;
        rc = oo_verify_download_with_config((const uint8_t *)dl_auth, strlen(dl_auth),
                                            (const uint8_t *)"https://example.com/a.docx", 26,
                                            (const uint8_t *)dl_settings, strlen(dl_settings), &o,
                                            &out, ERR);
        CHECK(rc == OO_OK, "oo_verify_download_with_config ignores algorithm/expires_in (%zu): %s %s",
              i, oo_status_name(rc), errmsg());
        oo_free(out);
        out = NULL;
        char *hdr = NULL;
        rc = oo_decode_unverified((const uint8_t *)tok, strlen(tok), &o, &hdr, &out, ERR);
        CHECK(rc == OO_OK, "oo_decode_unverified ignores algorithm/expires_in (%zu): %s", i,
              oo_status_name(rc));
        oo_free(hdr);
        oo_free(out);
        out = NULL;
    }
    /* ...and the signing operations judge them, naming the option. */
    o.flags = OO_OPT_NOW;
    o.algorithm = 8;
    CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG &&
              strstr(errmsg(), "OoOptions.algorithm is 0x8") != NULL,
          "sign with an unknown bit: %s", errmsg());
    o.algorithm = OO_HS256 | OO_HS512;
    CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG &&
              strstr(errmsg(), "OoOptions.algorithm is 0x5") != NULL,
          "sign with two bits: %s", errmsg());
    CHECK(oo_sign_request(p, 7, s, 6, OO_PLACEMENT_BODY, &o, &out, ERR) == OO_UNSUPPORTED_ALG,
          "sign_request with two bits");
    CHECK(oo_sign_config((const uint8_t *)cfg, strlen(cfg), s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG,
          "sign_config with two bits");
    const char *rev = "{\"url\":\"https://example.com/a.docx\",\"fileType\":\"docx\"}";
    CHECK(oo_sign_editor_method((const uint8_t *)"setRevisedFile", 14, (const uint8_t *)rev, strlen(rev),
                                s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG,
          "sign_editor_method with two bits: %s", errmsg());
    o.algorithm = 0;
    o.flags = OO_OPT_NOW | OO_OPT_EXPIRES_IN;
    o.expires_in = -1;
    CHECK(oo_sign(p, 7, s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT &&
              strstr(errmsg(), "expires_in") != NULL,
          "sign with a negative expires_in: %s", errmsg());

    /* The verifying options, bad, do not concern the signing operations. */
    memset(&o, 0, sizeof o);
    o.flags = OO_OPT_NOW | OO_OPT_LEEWAY;
    o.now = 1700000000;
    o.leeway = -1;
    o.algorithms = 0xfffffff0u;
    int32_t rc = oo_sign(p, 7, s, 6, &o, &out, ERR);
    CHECK(rc == OO_OK, "oo_sign ignores algorithms/leeway: %s", oo_status_name(rc));
    oo_free(out);
    out = NULL;
    rc = oo_sign_request(p, 7, s, 6, OO_PLACEMENT_BODY, &o, &out, ERR);
    CHECK(rc == OO_OK, "oo_sign_request ignores algorithms/leeway: %s", oo_status_name(rc));
    oo_free(out);
    out = NULL;
    rc = oo_sign_config((const uint8_t *)cfg, strlen(cfg), s, 6, &o, &out, ERR);
    CHECK(rc == OO_OK, "oo_sign_config ignores algorithms/leeway: %s", oo_status_name(rc));
    oo_free(out);
    out = NULL;
    /* ...and the verifying operations judge them, naming the option. */
    o.flags = OO_OPT_NOW;
    CHECK(oo_verify((const uint8_t *)tok, strlen(tok), s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT &&
              strstr(errmsg(), "OoOptions.algorithms is 0xfffffff0") != NULL,
          "verify with unknown bits in the allow-list: %s", errmsg());
    o.algorithms = OO_HS256 | 8;
    CHECK(oo_verify((const uint8_t *)tok, strlen(tok), s, 6, &o, &out, ERR) == OO_INVALID_ARGUMENT &&
              strstr(errmsg(), "OoOptions.algorithms is 0x9") != NULL,
          "verify with an unknown bit beside HS256: %s", errmsg());
    o.algorithms = OO_HS384 | OO_HS512;
    CHECK(oo_verify((const uint8_t *)tok, strlen(tok), s, 6, &o, &out, ERR) == OO_UNSUPPORTED_ALG,
          "an HS256 token against the allow-list HS384|HS512: %s", errmsg());
    CHECK(out == NULL, "no output on failure");
    oo_free(tok);
    oo_free(dl_tok);
}

/* ---- out_error: NULL on success, the message on failure, and NULL when not wanted ---- */

/* Inputs every call below can succeed with (made by the library itself in check_out_error). */
static struct {
    char *token, *body, *auth, *dl_auth, *settings;
    char local[4096], dir[64];
} fx;

#define U8(x) ((const uint8_t *)(x))
static const char *const FX_SECRET = "secret";
static const char *const FX_PAYLOAD = "{\"a\":1}";
static const char *const FX_URL = "https://example.com/a.docx";
static const char *const FX_CONFIG = "{\"document\":{\"key\":\"k\",\"url\":\"https://example.com/a.docx\"}}";
static const char *const FX_PARAMS = "{\"url\":\"https://example.com/a.docx\",\"fileType\":\"docx\"}";
/* Settings as oo_load_config writes them; the outbox secret is "secret" (hex 736563726574). */
static const char *const FX_SETTINGS =
    "{\"inbox\":{\"secret_hex\":\"736563726574\",\"header\":\"Authorization\",\"prefix\":\"Bearer \"},"
    "\"outbox\":{\"secret_hex\":\"736563726574\",\"header\":\"Authorization\",\"prefix\":\"Bearer \"},"
    "\"clock_tolerance\":60}";

/* Each calls one function, with inputs it accepts (good) or refuses; `out` receives its output. */
static int32_t call_sign(int good, char **out, char **err) {
    return oo_sign(U8(FX_PAYLOAD), strlen(FX_PAYLOAD), U8(FX_SECRET), good ? 6 : 0, NULL, out, err);
}
static int32_t call_verify(int good, char **out, char **err) {
    return oo_verify(U8(fx.token), good ? strlen(fx.token) : 5, U8(FX_SECRET), 6, NULL, out, err);
}
static int32_t call_decode(int good, char **out, char **err) {
    char *hdr = NULL;
    int32_t rc = oo_decode_unverified(U8(fx.token), good ? strlen(fx.token) : 5, NULL, &hdr, out, err);
    oo_free(hdr);
    return rc;
}
static int32_t call_sign_request(int good, char **out, char **err) {
    return oo_sign_request(U8(FX_PAYLOAD), strlen(FX_PAYLOAD), U8(FX_SECRET), 6,
                           good ? OO_PLACEMENT_BODY : 9, NULL, out, err);
}
static int32_t call_verify_request(int good, char **out, char **err) {
    return oo_verify_request(U8(fx.body), strlen(fx.body), NULL, 0, U8(FX_SECRET), good ? 6 : 5, NULL, 0,
                             NULL, out, err);
}
static int32_t call_sign_config(int good, char **out, char **err) {
    return oo_sign_config(U8(FX_CONFIG), good ? strlen(FX_CONFIG) : 3, U8(FX_SECRET), 6, NULL, out, err);
}
static int32_t call_sign_editor_method(int good, char **out, char **err) {
    return oo_sign_editor_method(U8("setRevisedFile"), good ? 14 : 5, U8(FX_PARAMS), strlen(FX_PARAMS),
                                 U8(FX_SECRET), 6, NULL, out, err);
}
static int32_t call_verify_download(int good, char **out, char **err) {
    return oo_verify_download(U8(fx.dl_auth), strlen(fx.dl_auth), U8(FX_URL), good ? strlen(FX_URL) : 20,
                              U8(FX_SECRET), 6, NULL, 0, NULL, out, err);
}
static int32_t call_load_config(int good, char **out, char **err) {
    return oo_load_config(U8(fx.local), good ? strlen(fx.local) : strlen(fx.local) - 1, NULL, 0, NULL, 0,
                          out, err);
}
static int32_t call_verify_request_with_config(int good, char **out, char **err) {
    return oo_verify_request_with_config(NULL, 0, U8(fx.auth), strlen(fx.auth), U8(FX_SETTINGS),
                                         strlen(FX_SETTINGS), good ? OO_DIRECTION_INBOX : 5, NULL, out,
                                         err);
}
static int32_t call_verify_download_with_config(int good, char **out, char **err) {
    return oo_verify_download_with_config(U8(fx.dl_auth), strlen(fx.dl_auth), U8(FX_URL),
                                          good ? strlen(FX_URL) : 20, U8(FX_SETTINGS),
                                          strlen(FX_SETTINGS), NULL, out, err);
}
static int32_t call_download_token_expected(int good, char **out, char **err) {
    uint8_t expected = 7;
    int32_t rc = oo_download_token_expected(U8(FX_URL), strlen(FX_URL), U8(FX_SETTINGS),
                                            good ? strlen(FX_SETTINGS) : 3, &expected, err);
    /* A stand-in output, so that the checks below treat every function alike. */
    if (rc == OO_OK) *out = strdup(expected == 1 ? "true" : "false");
    return rc;
}

static void check_out_error(void) {
    snprintf(fx.dir, sizeof fx.dir, "/tmp/oo-jwt-c-err-XXXXXX");
    CHECK(mkdtemp(fx.dir) != NULL, "mkdtemp");
    snprintf(fx.local, sizeof fx.local, "%s/local.json", fx.dir);
    FILE *f = fopen(fx.local, "wb");
    fputs("{}", f);
    fclose(f);
    const char *dl = "{\"url\":\"https://example.com/a.docx\"}";
    char *hdr_tok = NULL, *dl_tok = NULL;
    int ready = oo_sign(U8(FX_PAYLOAD), strlen(FX_PAYLOAD), U8(FX_SECRET), 6, NULL, &fx.token, NULL) == OO_OK &&
                oo_sign_request(U8(FX_PAYLOAD), strlen(FX_PAYLOAD), U8(FX_SECRET), 6, OO_PLACEMENT_BODY,
                                NULL, &fx.body, NULL) == OO_OK &&
                oo_sign_request(U8(FX_PAYLOAD), strlen(FX_PAYLOAD), U8(FX_SECRET), 6, OO_PLACEMENT_HEADER,
                                NULL, &hdr_tok, NULL) == OO_OK &&
                oo_sign_request(U8(dl), strlen(dl), U8(FX_SECRET), 6, OO_PLACEMENT_HEADER, NULL, &dl_tok,
                                NULL) == OO_OK &&
                asprintf(&fx.auth, "Bearer %s", hdr_tok) > 0 && asprintf(&fx.dl_auth, "Bearer %s", dl_tok) > 0;
    oo_free(hdr_tok);
    oo_free(dl_tok);
    CHECK(ready, "out_error checks: inputs made");
    if (!ready) return;
    static const struct {
        const char *name;
        int32_t (*call)(int, char **, char **);
    } calls[] = {{"oo_sign", call_sign},
                 {"oo_verify", call_verify},
                 {"oo_decode_unverified", call_decode},
                 {"oo_sign_request", call_sign_request},
                 {"oo_verify_request", call_verify_request},
                 {"oo_sign_config", call_sign_config},
                 {"oo_sign_editor_method", call_sign_editor_method},
                 {"oo_verify_download", call_verify_download},
                 {"oo_load_config", call_load_config},
                 {"oo_verify_request_with_config", call_verify_request_with_config},
                 {"oo_verify_download_with_config", call_verify_download_with_config},
                 {"oo_download_token_expected", call_download_token_expected}};
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        const char *name = calls[i].name;
        /* Success: *out_error overwritten with NULL, an output written. */
        char *out = NULL, *err = SENTINEL;
        int32_t rc = calls[i].call(1, &out, &err);
        CHECK(rc == OO_OK && err == NULL && out != NULL, "%s succeeds with *out_error = NULL: %s (%s)",
              name, oo_status_name(rc), err == SENTINEL ? "unwritten" : err ? err : "NULL");
        if (err != SENTINEL) oo_free(err);
        if (!strcmp(name, "oo_download_token_expected")) free(out);
        else oo_free(out);
        /* ...and with out_error NULL: the same. */
        out = NULL;
        rc = calls[i].call(1, &out, NULL);
        CHECK(rc == OO_OK && out != NULL, "%s succeeds with out_error NULL: %s", name, oo_status_name(rc));
        if (!strcmp(name, "oo_download_token_expected")) free(out);
        else oo_free(out);
        /* Failure: a message of its own, owned by the caller; no output. */
        out = SENTINEL;
        err = SENTINEL;
        int32_t bad = calls[i].call(0, &out, &err);
        CHECK(bad != OO_OK && err != SENTINEL && err != NULL && strlen(err) > 0 && out == SENTINEL,
              "%s fails with a message in *out_error: %s (%s)", name, oo_status_name(bad),
              err == SENTINEL ? "unwritten" : err ? err : "NULL");
        CHECK(err == SENTINEL || err == NULL || strstr(err, oo_status_name(bad)) != err,
              "%s: the message does not repeat the status name: %s", name, err ? err : "NULL");
        if (err != SENTINEL) oo_free(err);
        /* ...and with out_error NULL: the same status, nothing written. */
        CHECK(calls[i].call(0, &out, NULL) == bad && out == SENTINEL, "%s fails with out_error NULL", name);
    }
    oo_free(fx.token);
    oo_free(fx.body);
    free(fx.auth);
    free(fx.dl_auth);
    unlink(fx.local);
    rmdir(fx.dir);
}

/* ---- calls from a thread-exit destructor ---- */

static pthread_key_t exit_key;

typedef struct {
    int ran, used_before;
    int32_t sign_rc, verify_rc, bad_rc;
    int ok_error_null, claims_ok, bad_message_ok, outputs_untouched;
} ExitCalls;

static ExitCalls exit_calls[2];

/* Runs after the thread's Rust thread-locals are torn down (glibc runs those first). */
static void exit_destructor(void *arg) {
    ExitCalls *e = arg;
    const uint8_t *s = (const uint8_t *)"secret";
    char *tok = NULL, *claims = NULL, *junk = SENTINEL, *err = SENTINEL;
    e->sign_rc = oo_sign((const uint8_t *)"{\"a\":1}", 7, s, 6, NULL, &tok, &err);
    e->ok_error_null = err == NULL;
    e->verify_rc = tok ? oo_verify((const uint8_t *)tok, strlen(tok), s, 6, NULL, &claims, NULL) : -1;
    e->claims_ok = claims && !strcmp(claims, "{\"a\":1}");
    err = SENTINEL;
    e->bad_rc = oo_verify((const uint8_t *)"x", 1, s, 6, NULL, &junk, &err);
    e->bad_message_ok = err != SENTINEL && err != NULL && strlen(err) > 0;
    if (err != SENTINEL) oo_free(err);
    e->outputs_untouched = junk == SENTINEL;
    oo_free(tok);
    oo_free(claims);
    oo_free(NULL);
    e->ran = 1;
}

static void *exit_thread(void *arg) {
    ExitCalls *e = arg;
    if (e->used_before) {
        /* Fill this thread's key cache, so that there is state to tear down. */
        char *tok = NULL, *out = NULL;
        oo_sign((const uint8_t *)"{}", 2, (const uint8_t *)"secret", 6, NULL, &tok, NULL);
        oo_free(tok);
        oo_verify((const uint8_t *)"x", 1, (const uint8_t *)"secret", 6, NULL, &out, NULL);
    }
    pthread_setspecific(exit_key, e);
    return NULL;
}

static void check_thread_exit_destructor(void) {
    CHECK(pthread_key_create(&exit_key, exit_destructor) == 0, "pthread_key_create");
    for (int used = 0; used < 2; used++) {
        ExitCalls *e = &exit_calls[used];
        memset(e, 0, sizeof *e);
        e->used_before = used;
        pthread_t t;
        pthread_create(&t, NULL, exit_thread, e);
        pthread_join(t, NULL);
        const char *when = used ? "after using the library" : "first use";
        CHECK(e->ran, "%s: the destructor ran", when);
        CHECK(e->sign_rc == OO_OK && e->ok_error_null, "%s: oo_sign from a destructor: %s", when,
              oo_status_name(e->sign_rc));
        CHECK(e->verify_rc == OO_OK && e->claims_ok, "%s: oo_verify from a destructor: %s", when,
              oo_status_name(e->verify_rc));
        CHECK(e->bad_rc == OO_MALFORMED && e->bad_message_ok && e->outputs_untouched,
              "%s: a failure from a destructor: %s, with a message", when, oo_status_name(e->bad_rc));
    }
    pthread_key_delete(exit_key);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : getenv("OO_JWT_VECTORS");
    if (!dir) dir = "tests/vectors";
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("oo-jwt %s, C ABI tests\n", oo_version());
    check_helpers();
    run_vectors(dir);
    check_abi();
    /* OO_JWT_NO_THREADS=1: for an emulator that cannot start threads (qemu-user here hangs in
     * pthread_create); the native, Valgrind and sanitizer runs always include the thread checks. */
    const char *no_threads = getenv("OO_JWT_NO_THREADS");
    int threads = !(no_threads && !strcmp(no_threads, "1"));
    if (threads) check_threads();
    else printf("thread checks skipped (OO_JWT_NO_THREADS=1)\n");
    check_options_struct_size();
    check_options_per_operation();
    check_out_error();
    if (threads) check_thread_exit_destructor();
    fresh_error(); /* frees the last message */
    last_error = NULL;
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
