<?php

// GENERATED from include/oo_jwt.h by scripts/gen-ffi.php: do not edit (make gen).

declare(strict_types=1);

namespace OoJwt;

/** The `OO_*` constants of the C header: status codes, option flags, placements. */
final class Abi
{
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
    public const OPT_NOW = 1;
    public const OPT_LEEWAY = 2;
    public const OPT_EXPIRES_IN = 4;
    public const OPT_URL_PATH_QUERY = 8;
    public const DIRECTION_INBOX = 0;
    public const DIRECTION_OUTBOX = 1;
    public const PLACEMENT_BODY = 0;
    public const PLACEMENT_HEADER = 1;
}
