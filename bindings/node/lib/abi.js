'use strict';
// GENERATED from include/oo_jwt.h by scripts/gen-abi.js: do not edit (make gen).

/** Every `OO_*` constant and enum member of the header. */
exports.CONSTANTS = Object.freeze({
  OO_ABI_MAJOR: 1,
  OO_ABI_MINOR: 0,
  OO_OPT_NOW: 1,
  OO_OPT_LEEWAY: 2,
  OO_OPT_EXPIRES_IN: 4,
  OO_OPT_URL_PATH_QUERY: 8,
  OO_DIRECTION_INBOX: 0,
  OO_DIRECTION_OUTBOX: 1,
  OO_PLACEMENT_BODY: 0,
  OO_PLACEMENT_HEADER: 1,
  OO_OK: 0,
  OO_INVALID_ARGUMENT: 1,
  OO_INVALID_JSON: 2,
  OO_EMPTY_SECRET: 3,
  OO_MALFORMED: 4,
  OO_UNSUPPORTED_ALG: 5,
  OO_BAD_SIGNATURE: 6,
  OO_EXPIRED: 7,
  OO_NOT_YET_VALID: 8,
  OO_TOO_LARGE: 9,
  OO_MISSING_TOKEN: 10,
  OO_INVALID_CONFIG: 11,
  OO_URL_MISMATCH: 12,
  OO_INTERNAL: 255,
  OO_HS256: 1,
  OO_HS384: 2,
  OO_HS512: 4,
});

/** Each enum's members, by enum name. */
exports.ENUMS = Object.freeze({
  OoStatus: Object.freeze({
    OO_OK: 0,
    OO_INVALID_ARGUMENT: 1,
    OO_INVALID_JSON: 2,
    OO_EMPTY_SECRET: 3,
    OO_MALFORMED: 4,
    OO_UNSUPPORTED_ALG: 5,
    OO_BAD_SIGNATURE: 6,
    OO_EXPIRED: 7,
    OO_NOT_YET_VALID: 8,
    OO_TOO_LARGE: 9,
    OO_MISSING_TOKEN: 10,
    OO_INVALID_CONFIG: 11,
    OO_URL_MISMATCH: 12,
    OO_INTERNAL: 255,
  }),
  OoAlg: Object.freeze({
    OO_HS256: 1,
    OO_HS384: 2,
    OO_HS512: 4,
  }),
});

/** struct OoOptions: [C type, field], in the header's order. */
exports.OO_OPTIONS_FIELDS = Object.freeze([
  ['uint32_t', 'struct_size'],
  ['uint32_t', 'flags'],
  ['uint32_t', 'algorithm'],
  ['uint32_t', 'algorithms'],
  ['int64_t', 'now'],
  ['int64_t', 'leeway'],
  ['int64_t', 'expires_in'],
  ['uint64_t', 'max_token_len'],
  ['uint64_t', 'max_json_len'],
]);

/** Every function of the header as a koffi prototype. */
exports.FUNCTIONS = Object.freeze([
  'int32_t oo_sign(const uint8_t *payload, size_t payload_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_token, void **out_error)',
  'int32_t oo_verify(const uint8_t *token, size_t token_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_claims, void **out_error)',
  'int32_t oo_decode_unverified(const uint8_t *token, size_t token_len, const OoOptions *options, void **out_header, void **out_claims, void **out_error)',
  'int32_t oo_sign_request(const uint8_t *body, size_t body_len, const uint8_t *secret, size_t secret_len, uint32_t placement, const OoOptions *options, void **out, void **out_error)',
  'int32_t oo_verify_request(const uint8_t *body, size_t body_len, const uint8_t *authorization, size_t authorization_len, const uint8_t *secret, size_t secret_len, const uint8_t *prefix, size_t prefix_len, const OoOptions *options, void **out_params, void **out_error)',
  'int32_t oo_sign_config(const uint8_t *config, size_t config_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_config, void **out_error)',
  'int32_t oo_sign_editor_method(const uint8_t *method, size_t method_len, const uint8_t *params, size_t params_len, const uint8_t *secret, size_t secret_len, const OoOptions *options, void **out_params, void **out_error)',
  'int32_t oo_verify_download(const uint8_t *authorization, size_t authorization_len, const uint8_t *url, size_t url_len, const uint8_t *secret, size_t secret_len, const uint8_t *prefix, size_t prefix_len, const OoOptions *options, void **out_claims, void **out_error)',
  'int32_t oo_load_config(const uint8_t *local_path, size_t local_path_len, const uint8_t *default_path, size_t default_path_len, const uint8_t *env_json, size_t env_json_len, void **out_settings, void **out_error)',
  'int32_t oo_verify_request_with_config(const uint8_t *body, size_t body_len, const uint8_t *authorization, size_t authorization_len, const uint8_t *settings_json, size_t settings_len, uint32_t direction, const OoOptions *options, void **out_params, void **out_error)',
  'int32_t oo_verify_download_with_config(const uint8_t *authorization, size_t authorization_len, const uint8_t *url, size_t url_len, const uint8_t *settings_json, size_t settings_len, const OoOptions *options, void **out_claims, void **out_error)',
  'int32_t oo_download_token_expected(const uint8_t *url, size_t url_len, const uint8_t *settings_json, size_t settings_len, uint8_t *out_expected, void **out_error)',
  'void oo_free(void *s)',
  'const char *oo_status_name(int32_t status)',
  'const char *oo_version(void)',
  'uint32_t oo_abi_version(void)',
]);
