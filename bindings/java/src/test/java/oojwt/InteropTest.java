package oojwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.fusionauth.jwt.InvalidJWTSignatureException;
import io.fusionauth.jwt.JWTExpiredException;
import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.Verifier;
import io.fusionauth.jwt.domain.JWT;
import io.fusionauth.jwt.hmac.HMACSigner;
import io.fusionauth.jwt.hmac.HMACVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interoperability with fusionauth-jwt, the library of ONLYOFFICE's Java integration example: tokens go
 * both ways, and each side refuses what the other forged or let expire.
 */
class InteropTest {
    static final String SECRET = "interop-secret-0123456789abcdef0123456789";

    static Signer signer(String alg) {
        return switch (alg) {
            case "HS256" -> HMACSigner.newSHA256Signer(SECRET);
            case "HS384" -> HMACSigner.newSHA384Signer(SECRET);
            case "HS512" -> HMACSigner.newSHA512Signer(SECRET);
            default -> throw new IllegalArgumentException(alg);
        };
    }

    static Verifier verifier() {
        return HMACVerifier.newVerifier(SECRET);
    }

    static final long TEN_YEARS = 10L * 365 * 86400;

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void oursVerifiedByFusionAuth(String alg) throws IOException {
        // iat is the clock's second during the call: bracketed by readings taken around it, however long
        // the machine takes.
        long before = Instant.now().getEpochSecond();
        // fusionauth-jwt reads its own clock: an exp ten years on cannot pass however slow the machine is.
        String token = Jwt.sign(ApiTest.CALLBACK, SECRET, new Options().algorithm(Algorithm.valueOf(alg)).expiresIn(TEN_YEARS));
        long after = Instant.now().getEpochSecond();
        JWT jwt = JWT.getDecoder().decode(token, verifier());
        assertEquals("Khirz6zTPdfd7", jwt.getString("key"));
        assertEquals(2, jwt.getInteger("status"));
        assertEquals(List.of("6d5a81d0"), jwt.getList("users"));
        long exp = jwt.expiration.toEpochSecond();
        assertEquals(jwt.issuedAt.toEpochSecond() + TEN_YEARS, exp);
        long iat = jwt.issuedAt.toEpochSecond();
        assertTrue(before <= iat && iat <= after, "iat " + iat + " outside [" + before + ", " + after + "]");
        assertEquals(alg, jwt.header.algorithm.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void fusionAuthsVerifiedByOurs(String alg) throws IOException {
        // Verified with the real clock: an exp ten years on cannot pass however slow the machine is.
        JWT jwt = new JWT().setIssuedAt(ZonedDateTime.now(ZoneOffset.UTC))
                .setExpiration(ZonedDateTime.now(ZoneOffset.UTC).plusYears(10));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("key", "Khirz6zTPdfd7");
        payload.put("status", 2);
        payload.put("url", "https://docs.example.com/cache/output.docx?md5=x&expires=1");
        jwt.addClaim("payload", payload);
        String token = JWT.getEncoder().encode(jwt, signer(alg));
        JsonNode claims = Vectors.JSON.readTree(Jwt.verify(token, SECRET));
        assertEquals("Khirz6zTPdfd7", claims.get("payload").get("key").asText());
        // The wrapped callback form, as Docs sends it in the Authorization header.
        JsonNode params = Vectors.JSON.readTree(Jwt.verifyRequest("{\"status\":2}", "Bearer " + token, SECRET));
        assertEquals(2, params.get("status").asInt());
        assertEquals("Khirz6zTPdfd7", params.get("key").asText());
        // A download link's token.
        String url = payload.get("url").toString();
        assertEquals(claims, Vectors.JSON.readTree(Jwt.verifyDownload("Bearer " + token, url, SECRET)));
    }

    @Test
    void eachRefusesTheOthersForgery() {
        String ours = Jwt.sign("{\"key\":\"k\"}", "not-the-secret-0123456789abcdef0123456789");
        assertThrows(InvalidJWTSignatureException.class, () -> JWT.getDecoder().decode(ours, verifier()));
        String theirs = JWT.getEncoder().encode(new JWT().addClaim("key", "k"),
                HMACSigner.newSHA256Signer("not-the-secret-0123456789abcdef0123456789"));
        JwtException e = assertThrows(JwtException.class, () -> Jwt.verify(theirs, SECRET));
        assertEquals(ErrorCode.BAD_SIGNATURE, e.code());
    }

    @Test
    void eachRefusesTheOthersExpiredToken() {
        long past = Instant.now().getEpochSecond() - 3600;
        String ours = Jwt.sign("{\"key\":\"k\"}", SECRET, new Options().now(past).expiresIn(60));
        assertThrows(JWTExpiredException.class, () -> JWT.getDecoder().decode(ours, verifier()));
        String theirs = JWT.getEncoder().encode(new JWT().addClaim("key", "k")
                .setExpiration(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1)), signer("HS256"));
        JwtException e = assertThrows(JwtException.class, () -> Jwt.verify(theirs, SECRET));
        assertEquals(ErrorCode.EXPIRED, e.code());
    }
}
