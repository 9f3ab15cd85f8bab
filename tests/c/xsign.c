/* The C layer's cross-signing hook (docs/bindings.md): `xsign sign SECRET PAYLOAD` prints an HS256
 * token; `xsign verify SECRET TOKEN` prints the claims, or `error: <name>` on stderr and exits 1. */
#include "oo_jwt.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "sign") && strcmp(argv[1], "verify"))) {
        fprintf(stderr, "usage: xsign sign|verify SECRET PAYLOAD|TOKEN\n");
        return 2;
    }
    const uint8_t *secret = (const uint8_t *)argv[2], *in = (const uint8_t *)argv[3];
    char *out = NULL, *err = NULL;
    int32_t rc = !strcmp(argv[1], "sign")
                     ? oo_sign(in, strlen(argv[3]), secret, strlen(argv[2]), NULL, &out, &err)
                     : oo_verify(in, strlen(argv[3]), secret, strlen(argv[2]), NULL, &out, &err);
    if (rc != OO_OK) {
        fprintf(stderr, "error: %s: %s\n", oo_status_name(rc), err);
        oo_free(err);
        return 1;
    }
    puts(out);
    oo_free(out);
    return 0;
}
