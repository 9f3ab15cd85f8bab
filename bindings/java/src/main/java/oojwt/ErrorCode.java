package oojwt;

/**
 * The contract's error codes, with the numbers of {@code include/oo_jwt.h} ({@code OO_*}).
 * The numbers are stable and never renumbered; a test checks this enum against the header.
 */
public enum ErrorCode {
    /** Success ({@code OO_OK}); never carried by a {@link JwtException}. */
    OK(0, "ok"),
    /** NULL pointer, text that is not UTF-8, an option out of range. */
    INVALID_ARGUMENT(1, "invalid_argument"),
    /** A payload, body or config to sign is not a JSON object. */
    INVALID_JSON(2, "invalid_json"),
    /** The secret has zero bytes. */
    EMPTY_SECRET(3, "empty_secret"),
    /** Not a well-formed token (structure, base64url, JSON, {@code alg}, {@code crit}, {@code exp}/{@code nbf} types). */
    MALFORMED(4, "malformed"),
    /** {@code alg} is none, unknown, not HMAC or not allowed; or an unknown algorithm to sign with. */
    UNSUPPORTED_ALG(5, "unsupported_alg"),
    /** The HMAC does not match. */
    BAD_SIGNATURE(6, "bad_signature"),
    /** {@code exp} + leeway &lt;= now. */
    EXPIRED(7, "expired"),
    /** {@code nbf} - leeway &gt; now. */
    NOT_YET_VALID(8, "not_yet_valid"),
    /** Input over the size limit. */
    TOO_LARGE(9, "too_large"),
    /** A request to verify carries no token in the body nor in the header. */
    MISSING_TOKEN(10, "missing_token"),
    /** An editor config or a Docs configuration is unusable. */
    INVALID_CONFIG(11, "invalid_config"),
    /** A download token's {@code payload.url} is not the requested URL. */
    URL_MISMATCH(12, "url_mismatch"),
    /** A bug: a panic caught at the library's boundary. */
    INTERNAL(255, "internal"),
    /** A status this version of the wrapper does not know (a newer library); see {@link JwtException#number()}. */
    UNKNOWN(-1, "unknown");

    private static final ErrorCode[] BY_NUMBER = new ErrorCode[256];

    static {
        for (ErrorCode c : values()) {
            if (c.number >= 0) {
                BY_NUMBER[c.number] = c;
            }
        }
    }

    private final int number;
    private final String contractName;

    ErrorCode(int number, String contractName) {
        this.number = number;
        this.contractName = contractName;
    }

    /** The C status value ({@code OO_BAD_SIGNATURE} is 6). */
    public int number() {
        return number;
    }

    /** The contract's name ({@code "bad_signature"}). */
    public String contractName() {
        return contractName;
    }

    /** The code of a C status value, or {@link #UNKNOWN}. */
    public static ErrorCode of(int number) {
        ErrorCode c = number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        return c == null ? UNKNOWN : c;
    }
}
