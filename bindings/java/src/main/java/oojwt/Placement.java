package oojwt;

/**
 * Where {@link Jwt#signRequest} puts the token ({@code OO_PLACEMENT_*}).
 * Example: {@code new Options().placement(Placement.HEADER)}.
 */
public enum Placement {
    /** The body's {@code token} member. */
    BODY(0),
    /** {@code Authorization: Bearer <token>}, signed over {@code {"payload": body}}. */
    HEADER(1);

    final int value;

    Placement(int value) {
        this.value = value;
    }

    /** The C value. */
    public int value() {
        return value;
    }
}
