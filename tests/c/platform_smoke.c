/* The checks `make test-platforms` runs on every platform, beside the examples (the vector runner
 * needs cJSON, which not every platform here has): a sign/verify round trip, stable error codes,
 * the ABI version, each call's own error message through out_error on concurrent threads that exit
 * (their key cache is freed at thread exit), and, built with -DOO_SELFTEST against a library with the
 * `selftest` feature, a panic caught at the boundary (the platform's unwinder works inside the
 * library). Prints `N passed, N failed`; exits 1 on any failure. */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#endif

static int passed, failed;
#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (cond) passed++;                                                                        \
        else {                                                                                     \
            failed++;                                                                              \
            printf("FAIL %s (line %d)\n", what, __LINE__);                                         \
        }                                                                                          \
    } while (0)

static const char SECRET[] = "platform-smoke-secret-0123456789ab";

#ifdef OO_SELFTEST
/* Only in a library built with the `selftest` feature; the header does not declare it. */
int32_t oo_selftest_panic(char **out_error);
#endif

static int32_t sign(const char *payload, const char *secret, char **token) {
    return oo_sign((const uint8_t *)payload, strlen(payload), (const uint8_t *)secret, strlen(secret),
                   NULL, token, NULL);
}

static int32_t verify(const char *token, const char *secret, char **claims) {
    return oo_verify((const uint8_t *)token, strlen(token), (const uint8_t *)secret, strlen(secret),
                     NULL, claims, NULL);
}

/* Each thread fails in its own way and must get its own message back, not another thread's. */
static int thread_work(long i) {
    char payload[64];
    snprintf(payload, sizeof payload, "{\"key\":\"thread-%ld\"}", i);
    char *token = NULL, *claims = NULL;
    int ok = sign(payload, SECRET, &token) == OO_OK;
    ok = ok && verify(token, SECRET, &claims) == OO_OK && strstr(claims, payload + 1) != NULL;
    oo_free(claims);
    oo_free(token);
    int32_t want = (i % 2) ? OO_EMPTY_SECRET : OO_INVALID_JSON;
    for (int round = 0; round < 200 && ok; round++) {
        char *unused = NULL, *msg = NULL;
        const char *p = (i % 2) ? payload : "[1]", *s = (i % 2) ? "" : SECRET;
        int32_t rc = oo_sign((const uint8_t *)p, strlen(p), (const uint8_t *)s, strlen(s), NULL, &unused,
                             &msg);
        ok = rc == want && msg != NULL && strstr(msg, (i % 2) ? "secret" : "object") != NULL;
        oo_free(msg);
    }
    return ok;
}

#ifdef _WIN32
static DWORD WINAPI thread_main(LPVOID arg) { return (DWORD)thread_work((long)(intptr_t)arg); }
#else
static void *thread_main(void *arg) { return (void *)(intptr_t)thread_work((long)(intptr_t)arg); }
#endif

#define THREADS 8

int main(void) {
    const char *v = oo_version();
    CHECK(v != NULL && v[0] != '\0', "oo_version");

    char *token = NULL, *claims = NULL;
    CHECK(sign("{\"key\":\"Khirz6zTPdfd7\",\"status\":4}", SECRET, &token) == OO_OK, "sign");
    CHECK(token != NULL && verify(token, SECRET, &claims) == OO_OK, "verify round trip");
    CHECK(claims != NULL && strcmp(claims, "{\"key\":\"Khirz6zTPdfd7\",\"status\":4}") == 0, "claims");
    oo_free(claims);
    claims = NULL;
    if (token) {
        CHECK(verify(token, "another-secret-0123456789abcdefgh", &claims) == OO_BAD_SIGNATURE,
              "a wrong secret is OO_BAD_SIGNATURE");
        CHECK(claims == NULL, "nothing written on failure");
        CHECK(strcmp(oo_status_name(OO_BAD_SIGNATURE), "bad_signature") == 0, "status name");
    }
    oo_free(token);
    CHECK(sign("{}", "", &token) == OO_EMPTY_SECRET, "an empty secret is refused");
    CHECK(verify("a.b", SECRET, &claims) == OO_MALFORMED, "two segments are malformed");
    char *err = NULL;
    CHECK(oo_verify(NULL, 1, (const uint8_t *)SECRET, 4, NULL, &claims, &err) == OO_INVALID_ARGUMENT &&
              err != NULL && strstr(err, "token") != NULL,
          "a NULL token is an invalid argument, with a message");
    oo_free(err);
    err = (char *)1;
    CHECK(sign("{}", SECRET, &token) == OO_OK && oo_sign((const uint8_t *)"{}", 2, (const uint8_t *)SECRET,
                                                           4, NULL, &claims, &err) == OO_OK && err == NULL,
          "a success sets *out_error to NULL");
    oo_free(token);
    oo_free(claims);
    token = claims = NULL;
    CHECK(oo_abi_version() == ((uint32_t)OO_ABI_MAJOR << 16 | OO_ABI_MINOR), "oo_abi_version");
#ifdef OO_SELFTEST
    err = NULL;
    CHECK(oo_selftest_panic(&err) == OO_INTERNAL && err != NULL &&
              strstr(err, "deliberate panic from oo_selftest_panic") != NULL,
          "a panic is caught at the boundary, with a message naming it");
    oo_free(err);
    CHECK(sign("{}", SECRET, &token) == OO_OK, "the library works after a caught panic");
    oo_free(token);
#endif
    oo_free(NULL);

    /* OO_JWT_NO_THREADS=1: an emulator that cannot start threads (see tests/c/test_vectors.c). */
    const char *no_threads = getenv("OO_JWT_NO_THREADS");
    if (no_threads && !strcmp(no_threads, "1")) {
        printf("thread checks skipped (OO_JWT_NO_THREADS=1)\n%d passed, %d failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    }
    int threads_ok = 1;
#ifdef _WIN32
    HANDLE t[THREADS];
    for (long i = 0; i < THREADS; i++) t[i] = CreateThread(NULL, 0, thread_main, (LPVOID)(intptr_t)i, 0, NULL);
    for (long i = 0; i < THREADS; i++) {
        DWORD code = 0;
        threads_ok &= t[i] != NULL && WaitForSingleObject(t[i], INFINITE) == WAIT_OBJECT_0 &&
                      GetExitCodeThread(t[i], &code) && code == 1;
        if (t[i]) CloseHandle(t[i]);
    }
#else
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, thread_main, (void *)(intptr_t)i);
    for (long i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        threads_ok &= r == (void *)1;
    }
#endif
    CHECK(threads_ok, "each thread gets its own error messages");

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
