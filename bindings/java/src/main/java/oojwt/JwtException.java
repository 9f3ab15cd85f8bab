package oojwt;

/**
 * A failure reported by the oo-jwt core: the contract's code (number and name) and the core's message.
 * Unchecked; the message reads {@code "bad_signature (6): <the core's message>"}.
 */
public class JwtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int number;
    private final String errorName;
    private final String detail;

    /**
     * @param number    the C status value
     * @param errorName the contract's name, as the library gives it ({@code oo_status_name})
     * @param detail    the core's message (its {@code out_error}, from the failing call itself)
     */
    public JwtException(int number, String errorName, String detail) {
        super(errorName + " (" + number + "): " + detail);
        this.number = number;
        this.errorName = errorName;
        this.detail = detail;
    }

    /** The code, as an enum ({@link ErrorCode#UNKNOWN} for a status this wrapper does not know). */
    public ErrorCode code() {
        return ErrorCode.of(number);
    }

    /** The C status value, e.g. 6. */
    public int number() {
        return number;
    }

    /** The contract's name, e.g. {@code "bad_signature"}. */
    public String errorName() {
        return errorName;
    }

    /** The core's message alone, without the name. */
    public String detail() {
        return detail;
    }
}
