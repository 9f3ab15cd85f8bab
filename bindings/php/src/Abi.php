<?php

// GENERATED from include/oo_jwt.h by scripts/gen-ffi.php: do not edit (make gen).

declare(strict_types=1);

namespace OoJwt;

/** The `OO_*` constants and enum members of the C header: statuses, algorithms, flags, placements. */
final class Abi
{
    public const ABI_MAJOR = 1;
    public const ABI_MINOR = 0;
    public const OPT_NOW = 1;
    public const OPT_LEEWAY = 2;
    public const OPT_EXPIRES_IN = 4;
    public const OPT_URL_PATH_QUERY = 8;
    public const DIRECTION_INBOX = 0;
    public const DIRECTION_OUTBOX = 1;
    public const PLACEMENT_BODY = 0;
    public const PLACEMENT_HEADER = 1;
    public const OK = 0;
    public const INVALID_ARGUMENT = 1;
    public const INVALID_JSON = 2;
    public const EMPTY_SECRET = 3;
    public const MALFORMED = 4;
    public const UNSUPPORTED_ALG = 5;
    public const BAD_SIGNATURE = 6;
    public const EXPIRED = 7;
    public const NOT_YET_VALID = 8;
    public const TOO_LARGE = 9;
    public const MISSING_TOKEN = 10;
    public const INVALID_CONFIG = 11;
    public const URL_MISMATCH = 12;
    public const INTERNAL = 255;
    public const HS256 = 1;
    public const HS384 = 2;
    public const HS512 = 4;

    /** The members of the OoStatus enum: every status the core returns. */
    public const STATUSES = [
        'OK' => 0,
        'INVALID_ARGUMENT' => 1,
        'INVALID_JSON' => 2,
        'EMPTY_SECRET' => 3,
        'MALFORMED' => 4,
        'UNSUPPORTED_ALG' => 5,
        'BAD_SIGNATURE' => 6,
        'EXPIRED' => 7,
        'NOT_YET_VALID' => 8,
        'TOO_LARGE' => 9,
        'MISSING_TOKEN' => 10,
        'INVALID_CONFIG' => 11,
        'URL_MISMATCH' => 12,
        'INTERNAL' => 255,
    ];

    /**
     * @internal Each C function's declaration alone, for an FFI::cdef of only what a call uses
     * (Jwt; ffi/oo_jwt.h is the whole header, for FFI::load and ffi.preload).
     */
    public const FUNCTIONS = [
        'oo_sign' => 'int32_t oo_sign(const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_verify' => 'int32_t oo_verify(const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_decode_unverified' => 'int32_t oo_decode_unverified(const char*,size_t,const void*,char**,char**,char**);',
        'oo_sign_request' => 'int32_t oo_sign_request(const char*,size_t,const char*,size_t,uint32_t,const void*,char**,char**);',
        'oo_verify_request' => 'int32_t oo_verify_request(const char*,size_t,const char*,size_t,const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_sign_config' => 'int32_t oo_sign_config(const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_sign_editor_method' => 'int32_t oo_sign_editor_method(const char*,size_t,const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_verify_download' => 'int32_t oo_verify_download(const char*,size_t,const char*,size_t,const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_load_config' => 'int32_t oo_load_config(const char*,size_t,const char*,size_t,const char*,size_t,char**,char**);',
        'oo_verify_request_with_config' => 'int32_t oo_verify_request_with_config(const char*,size_t,const char*,size_t,const char*,size_t,uint32_t,const void*,char**,char**);',
        'oo_verify_download_with_config' => 'int32_t oo_verify_download_with_config(const char*,size_t,const char*,size_t,const char*,size_t,const void*,char**,char**);',
        'oo_download_token_expected' => 'int32_t oo_download_token_expected(const char*,size_t,const char*,size_t,uint8_t*,char**);',
        'oo_free' => 'void oo_free(char*);',
        'oo_status_name' => 'const char* oo_status_name(int32_t);',
        'oo_version' => 'const char* oo_version(void);',
        'oo_abi_version' => 'uint32_t oo_abi_version(void);',
    ];

    /** @internal The OoOptions block's declaration alone. */
    public const OPTIONS_STRUCT = 'typedef struct OoOptions { uint32_t struct_size; uint32_t flags; uint32_t algorithm; uint32_t algorithms; int64_t now; int64_t leeway; int64_t expires_in; uint64_t max_token_len; uint64_t max_json_len; } OoOptions;';
}
