package cold;

import oojwt.Jwt;

/**
 * oo-jwt: one {@code Jwt.verify} of OO_COLD_TOKEN with OO_COLD_SECRET; exit 0 when the claims' key is
 * OO_COLD_KEY. The wrapper returns the claims as JSON text and the JDK has no JSON parser: the key is
 * read from that text (the core writes it compactly, {@code "key":"..."}), which is all the job needs.
 */
public final class Oo {
    private Oo() {
    }

    public static void main(String[] args) {
        String claims = Jwt.verify(System.getenv("OO_COLD_TOKEN"), System.getenv("OO_COLD_SECRET"));
        System.exit(("\"" + System.getenv("OO_COLD_KEY") + "\"").equals(member(claims, "key")) ? 0 : 1);
    }

    /** The JSON text of a top-level string member, enough for a key without escapes. */
    static String member(String json, String name) {
        String at = "\"" + name + "\":";
        int i = json.indexOf(at);
        if (i < 0) {
            return null;
        }
        int from = i + at.length();
        int to = json.indexOf('"', from + 1);
        return to < 0 ? null : json.substring(from, to + 1);
    }
}
