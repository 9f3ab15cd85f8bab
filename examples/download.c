/* Check a file download from Docs (GET with Authorization: Bearer <token>, outbox secret): the token's
 * payload.url must be exactly the URL that was requested. */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns 1 when the download may be served. */
static int may_download(const char *secret, const char *authorization, const char *requested_url) {
    char *claims = NULL, *err = NULL;
    int32_t rc = oo_verify_download((const uint8_t *)authorization, authorization ? strlen(authorization) : 0,
                                    (const uint8_t *)requested_url, strlen(requested_url),
                                    (const uint8_t *)secret, strlen(secret), NULL, 0, NULL, &claims, &err);
    if (rc != OO_OK) {
        printf("refuse %s: %s: %s\n", requested_url, oo_status_name(rc), err);
        oo_free(err);
        return 0;
    }
    printf("serve %s (claims %s)\n", requested_url, claims);
    oo_free(claims);
    return 1;
}

int main(void) {
    const char *secret = getenv("OO_OUTBOX_SECRET") ? getenv("OO_OUTBOX_SECRET") : "outbox-secret-0123456789abcdef012";
    const char *url = "https://example.com/url-to-example-document.docx";
    char payload[512], *token = NULL, *err = NULL;
    snprintf(payload, sizeof payload, "{\"url\":\"%s\"}", url);
    /* Docs signs {"payload":{"url":...}, iat, exp}: the header placement of sign_request. */
    if (oo_sign_request((const uint8_t *)payload, strlen(payload), (const uint8_t *)secret, strlen(secret),
                        OO_PLACEMENT_HEADER, NULL, &token, &err) != OO_OK) {
        fprintf(stderr, "%s\n", err);
        oo_free(err);
        return 1;
    }
    char authorization[2048];
    snprintf(authorization, sizeof authorization, "Bearer %s", token);
    int ok = may_download(secret, authorization, url);
    ok = ok && !may_download(secret, authorization, "https://example.com/another-document.docx");
    ok = ok && !may_download(secret, NULL, url);
    oo_free(token);
    return ok ? 0 : 1;
}
