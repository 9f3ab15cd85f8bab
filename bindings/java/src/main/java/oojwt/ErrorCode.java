package oojwt;

import java.util.Locale;

/**
 * The contract's error codes, with the numbers of {@code include/oo_jwt.h} ({@code OO_*}): stable, never
 * renumbered; a test checks this enum against the header and {@code oo_status_name}.
 * Example: {@code if (e.code() == ErrorCode.EXPIRED) ...}.
 */
public enum ErrorCode {
    /** Success; never carried by a {@link JwtException}. */
    OK(0),
    /** NULL pointer, text that is not UTF-8, an option out of range. */
    INVALID_ARGUMENT(1),
    /** A payload, body or config to sign is not a JSON object. */
    INVALID_JSON(2),
    /** The secret has zero bytes. */
    EMPTY_SECRET(3),
    /** Not a well-formed token (structure, base64url, JSON, {@code alg}, {@code crit}, {@code exp}/{@code nbf} types). */
    MALFORMED(4),
    /** {@code alg} is none, unknown, not HMAC or not allowed; or an unknown algorithm to sign with. */
    UNSUPPORTED_ALG(5),
    /** The HMAC does not match. */
    BAD_SIGNATURE(6),
    /** {@code exp} + leeway &lt;= now. */
    EXPIRED(7),
    /** {@code nbf} - leeway &gt; now. */
    NOT_YET_VALID(8),
    /** Input over the size limit. */
    TOO_LARGE(9),
    /** A request to verify carries no token in the body nor in the header. */
    MISSING_TOKEN(10),
    /** An editor config or a Docs configuration is unusable. */
    INVALID_CONFIG(11),
    /** A download token's {@code payload.url} is not the requested URL. */
    URL_MISMATCH(12),
    /** A bug: a panic caught at the library's boundary. */
    INTERNAL(255),
    /** A status this version of the wrapper does not know (a newer library); see {@link JwtException#number()}. */
    UNKNOWN(-1);

    private final int number;

    ErrorCode(int number) {
        this.number = number;
    }

    /** The C status value ({@code OO_BAD_SIGNATURE} is 6). */
    public int number() {
        return number;
    }

    /** The contract's name, as {@code oo_status_name} gives it ({@code "bad_signature"}). */
    public String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code of a C status value, or {@link #UNKNOWN}. */
    public static ErrorCode of(int number) {
        for (ErrorCode c : values()) {
            if (c.number == number) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
