package cold;

import io.fusionauth.jwt.domain.JWT;
import io.fusionauth.jwt.hmac.HMACVerifier;

/** fusionauth-jwt: one decode of OO_COLD_TOKEN with an HMAC verifier of OO_COLD_SECRET; exit 0 when key is OO_COLD_KEY. */
public final class Peer {
    private Peer() {
    }

    public static void main(String[] args) {
        JWT jwt = JWT.getDecoder().decode(System.getenv("OO_COLD_TOKEN"), HMACVerifier.newVerifier(System.getenv("OO_COLD_SECRET")));
        System.exit(System.getenv("OO_COLD_KEY").equals(jwt.getString("key")) ? 0 : 1);
    }
}
