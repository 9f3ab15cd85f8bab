package oojwt;

import java.nio.charset.StandardCharsets;

/**
 * The cross-language hook ({@code bindings/java/xsign}), a test tool (not in the library's jar):
 * {@code sign <secret> <payload-json>} prints the HS256 token;
 * {@code verify <secret> <token>} prints the claims JSON, or {@code error: <name>} on stderr with exit status 1;
 * {@code version} prints the core's version and the native library file in use.
 */
public final class XSign {
    private XSign() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("version")) {
            System.out.println(Jwt.version() + " " + Jwt.libraryPath());
            return;
        }
        if (args.length != 3 || !(args[0].equals("sign") || args[0].equals("verify"))) {
            System.err.println("usage: xsign sign <secret> <payload-json> | xsign verify <secret> <token> | xsign version");
            System.exit(2);
        }
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        try {
            String out = args[0].equals("sign") ? Jwt.sign(args[2], secret, null) : Jwt.verify(args[2], secret, null);
            System.out.println(out);
        } catch (JwtException e) {
            System.err.println("error: " + e.errorName());
            System.exit(1);
        }
    }
}
