package cold;

/** The baseline: the JVM starting from the same class path and flags and exiting, nothing of ours. */
public final class Empty {
    private Empty() {
    }

    public static void main(String[] args) {
    }
}
