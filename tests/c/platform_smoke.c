/* The checks `make test-platforms` runs on every platform, beside the examples (the vector runner
 * needs cJSON, which not every platform here has): a sign/verify round trip, stable error codes,
 * a panic caught at the boundary (the platform's unwinder works inside the library), and each
 * thread's own last error message, with threads that exit (their state is freed at thread exit).
 * Prints `N passed, N failed`; exits 1 on any failure. */
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

static int32_t sign(const char *payload, const char *secret, char **token) {
    return oo_sign((const uint8_t *)payload, strlen(payload), (const uint8_t *)secret, strlen(secret),
                   NULL, token);
}

static int32_t verify(const char *token, const char *secret, char **claims) {
    return oo_verify((const uint8_t *)token, strlen(token), (const uint8_t *)secret, strlen(secret),
                     NULL, claims);
}

/* Each thread fails in its own way and must then read its own message, not another thread's. */
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
        char *unused = NULL;
        int32_t rc = (i % 2) ? sign(payload, "", &unused) : sign("[1]", SECRET, &unused);
        const char *msg = oo_last_error_message();
        ok = rc == want && msg != NULL && strstr(msg, (i % 2) ? "secret" : "object") != NULL;
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
    CHECK(oo_verify(NULL, 1, (const uint8_t *)SECRET, 4, NULL, &claims) == OO_INVALID_ARGUMENT,
          "a NULL token is an invalid argument");
    CHECK(oo_selftest_panic() == OO_INTERNAL, "a panic is caught at the boundary");
    CHECK(sign("{}", SECRET, &token) == OO_OK, "the library works after a caught panic");
    oo_free(token);
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
    CHECK(threads_ok, "each thread reads its own last error message");

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
