package oojwt;

/** Where {@link Jwt#signRequest} puts the token. */
public enum Placement {
    /** The body's {@code token} member ({@code OO_PLACEMENT_BODY}). */
    BODY(0),
    /** {@code Authorization: Bearer <token>}, signed over {@code {"payload": body}} ({@code OO_PLACEMENT_HEADER}). */
    HEADER(1);

    private final int value;

    Placement(int value) {
        this.value = value;
    }

    /** The C value ({@code OO_PLACEMENT_*}). */
    public int value() {
        return value;
    }
}
