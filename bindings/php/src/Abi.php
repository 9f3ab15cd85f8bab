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
}
