/* Sign an editor config for the browser (DocsAPI.DocEditor's `config.token`) with the inbox secret. */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *secret = getenv("OO_INBOX_SECRET") ? getenv("OO_INBOX_SECRET") : "inbox-secret-0123456789abcdef0123";
    const char *config =
        "{\"document\":{\"fileType\":\"docx\",\"key\":\"Khirz6zTPdfd7\",\"title\":\"Example Document Title.docx\","
        "\"url\":\"https://example.com/url-to-example-document.docx\"},"
        "\"documentType\":\"word\","
        "\"editorConfig\":{\"callbackUrl\":\"https://example.com/url-to-callback.ashx\"}}";
    char *signed_config = NULL, *err = NULL;
    int32_t rc = oo_sign_config((const uint8_t *)config, strlen(config), (const uint8_t *)secret,
                                strlen(secret), NULL, &signed_config, &err);
    if (rc != OO_OK) {
        fprintf(stderr, "sign_config failed: %s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        return 1;
    }
    printf("new DocsAPI.DocEditor(\"placeholder\", %s);\n", signed_config);
    oo_free(signed_config);

    /* A config without document.url is refused, naming the field. */
    const char *bad = "{\"document\":{\"key\":\"Khirz6zTPdfd7\"}}";
    rc = oo_sign_config((const uint8_t *)bad, strlen(bad), (const uint8_t *)secret, strlen(secret), NULL,
                        &signed_config, &err);
    printf("without document.url: %s (%s)\n", oo_status_name(rc), err);
    oo_free(err);
    return rc == OO_INVALID_CONFIG ? 0 : 1;
}
