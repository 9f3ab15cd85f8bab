/* GENERATED from include/oo_jwt.h by scripts/gen-ffi.php: do not edit (make gen). */

typedef struct OoOptions {
  uint32_t struct_size;
  uint32_t flags;
  const char *algorithm;
  size_t algorithm_len;
  const char *algorithms;
  size_t algorithms_len;
  int64_t now;
  int64_t leeway;
  int64_t expires_in;
  uint64_t max_token_len;
  uint64_t max_json_len;
} OoOptions;

int32_t oo_sign(const char *payload,
                size_t payload_len,
                const char *secret,
                size_t secret_len,
                const struct OoOptions *options,
                char **out_token);

int32_t oo_verify(const char *token,
                  size_t token_len,
                  const char *secret,
                  size_t secret_len,
                  const struct OoOptions *options,
                  char **out_claims);

int32_t oo_decode_unverified(const char *token,
                             size_t token_len,
                             const struct OoOptions *options,
                             char **out_header,
                             char **out_claims);

int32_t oo_sign_request(const char *body,
                        size_t body_len,
                        const char *secret,
                        size_t secret_len,
                        uint32_t placement,
                        const struct OoOptions *options,
                        char **out);

int32_t oo_verify_request(const char *secret,
                          size_t secret_len,
                          const char *body,
                          size_t body_len,
                          const char *authorization,
                          size_t authorization_len,
                          const char *prefix,
                          size_t prefix_len,
                          const struct OoOptions *options,
                          char **out_params);

int32_t oo_sign_config(const char *config,
                       size_t config_len,
                       const char *secret,
                       size_t secret_len,
                       const struct OoOptions *options,
                       char **out_config);

int32_t oo_sign_editor_method(const char *method,
                              size_t method_len,
                              const char *params,
                              size_t params_len,
                              const char *secret,
                              size_t secret_len,
                              const struct OoOptions *options,
                              char **out_params);

int32_t oo_verify_download(const char *authorization,
                           size_t authorization_len,
                           const char *url,
                           size_t url_len,
                           const char *secret,
                           size_t secret_len,
                           const char *prefix,
                           size_t prefix_len,
                           const struct OoOptions *options,
                           char **out_claims);

int32_t oo_load_config(const char *local_path,
                       size_t local_path_len,
                       const char *default_path,
                       size_t default_path_len,
                       const char *env_json,
                       size_t env_json_len,
                       char **out_settings);

int32_t oo_verify_request_with_config(const char *body,
                                      size_t body_len,
                                      const char *authorization,
                                      size_t authorization_len,
                                      const char *settings_json,
                                      size_t settings_len,
                                      uint32_t direction,
                                      const struct OoOptions *options,
                                      char **out_params);

int32_t oo_verify_download_with_config(const char *authorization,
                                       size_t authorization_len,
                                       const char *url,
                                       size_t url_len,
                                       const char *settings_json,
                                       size_t settings_len,
                                       const struct OoOptions *options,
                                       char **out_claims);

int32_t oo_download_token_expected(const char *url,
                                   size_t url_len,
                                   const char *settings_json,
                                   size_t settings_len,
                                   uint8_t *out_expected);

void oo_free(char *s);

const char *oo_status_name(int32_t status);

const char *oo_last_error_message(void);

const char *oo_version(void);

int32_t oo_selftest_panic(void);
