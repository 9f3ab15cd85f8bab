package oojwt;

/**
 * The two JSON texts of a token taken apart by {@link Jwt#decodeUnverified}: for diagnostics only,
 * never a trust decision.
 *
 * @param header the header JSON text
 * @param claims the claims JSON text
 */
public record Decoded(String header, String claims) {
}
