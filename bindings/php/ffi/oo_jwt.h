/* GENERATED from include/oo_jwt.h by scripts/gen-ffi.php: do not edit (make gen). */

enum OoStatus
 {
  OO_OK = 0,
  OO_INVALID_ARGUMENT = 1,
  OO_INVALID_JSON = 2,
  OO_EMPTY_SECRET = 3,
  OO_MALFORMED = 4,
  OO_UNSUPPORTED_ALG = 5,
  OO_BAD_SIGNATURE = 6,
  OO_EXPIRED = 7,
  OO_NOT_YET_VALID = 8,
  OO_TOO_LARGE = 9,
  OO_MISSING_TOKEN = 10,
  OO_INVALID_CONFIG = 11,
  OO_URL_MISMATCH = 12,
  OO_INTERNAL = 255,
};

typedef int32_t OoStatus;

enum OoAlg
 {
  OO_HS256 = 1,
  OO_HS384 = 2,
  OO_HS512 = 4,
};

typedef uint32_t OoAlg;

typedef struct OoOptions {
  uint32_t struct_size;
  uint32_t flags;
  uint32_t algorithm;
  uint32_t algorithms;
  int64_t now;
  int64_t leeway;
  int64_t expires_in;
  uint64_t max_token_len;
  uint64_t max_json_len;
} OoOptions;

OoStatus oo_sign(const char *payload,
                 size_t payload_len,
                 const char *secret,
                 size_t secret_len,
                 const struct OoOptions *options,
                 char **out_token,
                 char **out_error);

OoStatus oo_verify(const char *token,
                   size_t token_len,
                   const char *secret,
                   size_t secret_len,
                   const struct OoOptions *options,
                   char **out_claims,
                   char **out_error);

OoStatus oo_decode_unverified(const char *token,
                              size_t token_len,
                              const struct OoOptions *options,
                              char **out_header,
                              char **out_claims,
                              char **out_error);

OoStatus oo_sign_request(const char *body,
                         size_t body_len,
                         const char *secret,
                         size_t secret_len,
                         uint32_t placement,
                         const struct OoOptions *options,
                         char **out,
                         char **out_error);

OoStatus oo_verify_request(const char *body,
                           size_t body_len,
                           const char *authorization,
                           size_t authorization_len,
                           const char *secret,
                           size_t secret_len,
                           const char *prefix,
                           size_t prefix_len,
                           const struct OoOptions *options,
                           char **out_params,
                           char **out_error);

OoStatus oo_sign_config(const char *config,
                        size_t config_len,
                        const char *secret,
                        size_t secret_len,
                        const struct OoOptions *options,
                        char **out_config,
                        char **out_error);

OoStatus oo_sign_editor_method(const char *method,
                               size_t method_len,
                               const char *params,
                               size_t params_len,
                               const char *secret,
                               size_t secret_len,
                               const struct OoOptions *options,
                               char **out_params,
                               char **out_error);

OoStatus oo_verify_download(const char *authorization,
                            size_t authorization_len,
                            const char *url,
                            size_t url_len,
                            const char *secret,
                            size_t secret_len,
                            const char *prefix,
                            size_t prefix_len,
                            const struct OoOptions *options,
                            char **out_claims,
                            char **out_error);

OoStatus oo_load_config(const char *local_path,
                        size_t local_path_len,
                        const char *default_path,
                        size_t default_path_len,
                        const char *env_json,
                        size_t env_json_len,
                        char **out_settings,
                        char **out_error);

OoStatus oo_verify_request_with_config(const char *body,
                                       size_t body_len,
                                       const char *authorization,
                                       size_t authorization_len,
                                       const char *settings_json,
                                       size_t settings_len,
                                       uint32_t direction,
                                       const struct OoOptions *options,
                                       char **out_params,
                                       char **out_error);

OoStatus oo_verify_download_with_config(const char *authorization,
                                        size_t authorization_len,
                                        const char *url,
                                        size_t url_len,
                                        const char *settings_json,
                                        size_t settings_len,
                                        const struct OoOptions *options,
                                        char **out_claims,
                                        char **out_error);

OoStatus oo_download_token_expected(const char *url,
                                    size_t url_len,
                                    const char *settings_json,
                                    size_t settings_len,
                                    uint8_t *out_expected,
                                    char **out_error);

void oo_free(char *s);

const char *oo_status_name(int32_t status);

const char *oo_version(void);

uint32_t oo_abi_version(void);
