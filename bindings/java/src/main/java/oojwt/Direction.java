package oojwt;

/**
 * Which of Docs' secrets and prefixes {@link Jwt#verifyRequestWithConfig} uses ({@code OO_DIRECTION_*}).
 * Example: {@code Jwt.verifyRequestWithConfig(body, authorization, settings, Direction.OUTBOX)}.
 */
public enum Direction {
    /** Requests to Docs (the inbox secret). */
    INBOX(0),
    /** Callbacks and downloads from Docs (the outbox secret). */
    OUTBOX(1);

    final int value;

    Direction(int value) {
        this.value = value;
    }

    /** The C value. */
    public int value() {
        return value;
    }
}
