package oojwt;

/**
 * The HMAC algorithms, with their bits of {@code include/oo_jwt.h} ({@code OO_HS256} ...); a test checks
 * them against the header. Example: {@code new Options().algorithm(Algorithm.HS512)}.
 */
public enum Algorithm {
    HS256(1),
    HS384(2),
    HS512(4);

    final int bit;

    Algorithm(int bit) {
        this.bit = bit;
    }

    /** The C value ({@code OO_HS256} is 1). */
    public int bit() {
        return bit;
    }
}
