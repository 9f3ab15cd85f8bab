/* Handle a callback from Docs at callbackUrl (outbox secret): verify it, act on the status, answer
 * {"error":0}. A real handler reads the body and the Authorization header from its HTTP server; here
 * the request is built the way Docs builds it (both a header token and a body token). */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Answers the callback: returns the HTTP body to send back. */
static const char *handle_callback(const char *secret, const char *body, const char *authorization) {
    char *params = NULL, *err = NULL;
    int32_t rc = oo_verify_request((const uint8_t *)body, strlen(body), (const uint8_t *)authorization,
                                   authorization ? strlen(authorization) : 0, (const uint8_t *)secret,
                                   strlen(secret), NULL, 0, NULL, &params, &err);
    if (rc != OO_OK) {
        /* Forged, expired or tokenless: do not touch the document. */
        fprintf(stderr, "callback refused: %s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        return "{\"error\":1}";
    }
    /* params holds only signed fields: key, status, url, users, actions, ... */
    printf("trusted callback: %s\n", params);
    if (strstr(params, "\"status\":2") || strstr(params, "\"status\":6"))
        printf("-> download params.url and save it as a new version\n");
    oo_free(params);
    return "{\"error\":0}";
}

int main(void) {
    const char *secret = getenv("OO_OUTBOX_SECRET") ? getenv("OO_OUTBOX_SECRET") : "outbox-secret-0123456789abcdef012";
    const char *callback = "{\"key\":\"Khirz6zTPdfd7\",\"status\":4,\"users\":[\"6d5a81d0\"],"
                           "\"actions\":[{\"type\":0,\"userid\":\"6d5a81d0\"}]}";
    /* Simulate Docs: a body token over the flat fields and a header token over {"payload": ...}. */
    char *body = NULL, *header_token = NULL, *err = NULL;
    if (oo_sign_request((const uint8_t *)callback, strlen(callback), (const uint8_t *)secret,
                        strlen(secret), OO_PLACEMENT_BODY, NULL, &body, &err) != OO_OK ||
        oo_sign_request((const uint8_t *)callback, strlen(callback), (const uint8_t *)secret,
                        strlen(secret), OO_PLACEMENT_HEADER, NULL, &header_token, &err) != OO_OK) {
        fprintf(stderr, "%s\n", err);
        oo_free(err);
        oo_free(body);
        return 1;
    }
    char authorization[4096];
    snprintf(authorization, sizeof authorization, "Bearer %s", header_token);

    const char *answer = handle_callback(secret, body, authorization);
    printf("answer: %s\n", answer);
    int ok = !strcmp(answer, "{\"error\":0}");

    /* A forged callback (signed with another secret) is refused. */
    answer = handle_callback("not-the-outbox-secret", body, authorization);
    ok = ok && strcmp(answer, "{\"error\":0}") != 0;
    /* So is one without any token. */
    answer = handle_callback(secret, callback, NULL);
    ok = ok && strcmp(answer, "{\"error\":0}") != 0;

    oo_free(body);
    oo_free(header_token);
    return ok ? 0 : 1;
}
