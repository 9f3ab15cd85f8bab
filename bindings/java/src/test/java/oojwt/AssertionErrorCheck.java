package oojwt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AssertionErrorCheck {
    private AssertionErrorCheck() {
    }

    /** The runner itself must fail (an AssertionError naming {@code id}). */
    static void assertThrowsAssertion(Runnable r, String id) {
        AssertionError e = assertThrows(AssertionError.class, r::run);
        assertTrue(e.getMessage().contains(id), "the failure names the id: " + e.getMessage());
    }
}
