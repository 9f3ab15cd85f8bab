/* Call the command service (POST /command) with a signed body, the way Docs recommends, and show the
 * Authorization-header form too. Uses the inbox secret. */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *secret = getenv("OO_INBOX_SECRET") ? getenv("OO_INBOX_SECRET") : "inbox-secret-0123456789abcdef0123";
    const char *body = "{\"c\":\"info\",\"key\":\"Khirz6zTPdfd7\"}";
    char *signed_body = NULL, *token = NULL, *err = NULL;

    /* Token in the body: send signed_body as the POST body. Expires after 300 s, as Docs' own. */
    int32_t rc = oo_sign_request((const uint8_t *)body, strlen(body), (const uint8_t *)secret,
                                 strlen(secret), OO_PLACEMENT_BODY, NULL, &signed_body, &err);
    if (rc != OO_OK) {
        fprintf(stderr, "%s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        return 1;
    }
    printf("POST /command\nContent-Type: application/json\n\n%s\n\n", signed_body);

    /* Token in the header: the claims are {"payload": body, iat, exp}. */
    rc = oo_sign_request((const uint8_t *)body, strlen(body), (const uint8_t *)secret, strlen(secret),
                         OO_PLACEMENT_HEADER, NULL, &token, &err);
    if (rc != OO_OK) {
        fprintf(stderr, "%s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        oo_free(signed_body);
        return 1;
    }
    printf("POST /command\nAuthorization: Bearer %s\n\n%s\n\n", token, body);

    /* What Docs does on receipt: the body token wins; parameters come from the claims. */
    char *params = NULL;
    rc = oo_verify_request((const uint8_t *)signed_body, strlen(signed_body), NULL, 0,
                           (const uint8_t *)secret, strlen(secret), NULL, 0, NULL, &params, NULL);
    if (rc == OO_OK) printf("Docs would act on: %s\n", params);
    oo_free(params);
    oo_free(signed_body);
    oo_free(token);
    return rc == OO_OK ? 0 : 1;
}
