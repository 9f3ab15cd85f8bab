/* Sign the object of a docEditor method (here insertImage) with the browser secret, which is the
 * inbox secret unless Docs sets it apart. The page then calls docEditor.insertImage(signed). */
#include <oo_jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t sign_method(const char *method, const char *params, const char *secret, char **out,
                           char **err) {
    return oo_sign_editor_method((const uint8_t *)method, strlen(method), (const uint8_t *)params,
                                 strlen(params), (const uint8_t *)secret, strlen(secret), NULL, out, err);
}

int main(void) {
    const char *secret = getenv("OO_INBOX_SECRET") ? getenv("OO_INBOX_SECRET") : "inbox-secret-0123456789abcdef0123";
    const char *images =
        "{\"c\":\"add\",\"images\":[{\"fileType\":\"png\",\"url\":\"https://example.com/url-to-example-image1.png\"},"
        "{\"fileType\":\"png\",\"url\":\"https://example.com/url-to-example-image2.png\"}]}";
    char *signed_params = NULL, *err = NULL;
    int32_t rc = sign_method("insertImage", images, secret, &signed_params, &err);
    if (rc != OO_OK) {
        fprintf(stderr, "sign_editor_method failed: %s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        return 1;
    }
    printf("docEditor.insertImage(%s);\n", signed_params);
    oo_free(signed_params);
    signed_params = NULL;

    /* An image without its url is refused, naming the method and the member. */
    const char *bad = "{\"c\":\"add\",\"images\":[{\"fileType\":\"png\"}]}";
    rc = sign_method("insertImage", bad, secret, &signed_params, &err);
    printf("without images[0].url: %s (%s)\n", oo_status_name(rc), err);
    oo_free(err);
    return rc == OO_INVALID_CONFIG && signed_params == NULL ? 0 : 1;
}
