package oojwt.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionauth.jwt.Signer;
import io.fusionauth.jwt.Verifier;
import io.fusionauth.jwt.domain.JWT;
import io.fusionauth.jwt.hmac.HMACSigner;
import io.fusionauth.jwt.hmac.HMACVerifier;
import oojwt.Jwt;
import oojwt.Options;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sign and verify of a ~300-byte Docs callback payload (HS256): oo-jwt against fusionauth-jwt, the library
 * of ONLYOFFICE's Java integration example, used the way that example uses it (one JWT built from the
 * payload's map, a Signer and a Verifier made once).
 *
 * <p>The {@code *Jackson} variants add what an integrator holding a map (sign) or wanting a parsed tree
 * (verify) would add to oo-jwt's call, so that both sides start and end at the same Java objects.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JwtBench {
    /** A status-2 callback from Docs, about 300 bytes of JSON. */
    public static final String PAYLOAD = "{\"key\":\"Khirz6zTPdfd7\",\"status\":2,"
            + "\"url\":\"https://docs.example.com/cache/files/Khirz6zTPdfd7_4151/output.docx/output.docx"
            + "?md5=Bq8xQH4bcMH8ZqCj2Nw1ww&expires=1700003600&filename=output.docx\","
            + "\"changesurl\":\"https://docs.example.com/c/changes.zip\","
            + "\"users\":[\"6d5a81d0\"],\"actions\":[{\"type\":0,\"userid\":\"78e1e841\"}]}";
    public static final String SECRET = "outbox-secret-0123456789abcdef0123456789abcdef";
    static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] secret;
    Map<String, Object> payloadMap;
    String token;
    Signer signer;
    Verifier verifier;

    @Setup
    public void setup() throws Exception {
        secret = SECRET.getBytes(StandardCharsets.UTF_8);
        payloadMap = MAPPER.readValue(PAYLOAD, new TypeReference<Map<String, Object>>() { });
        signer = HMACSigner.newSHA256Signer(SECRET);
        verifier = HMACVerifier.newVerifier(SECRET);
        // A token both sides accept for the next day (exp checked against the real clock by both).
        token = Jwt.sign(PAYLOAD, secret, new Options().expiresIn(86_400));
        JWT.getDecoder().decode(token, verifier);
        if (!fusionAuthSign().isEmpty() && !Jwt.verify(fusionAuthSign(), secret, null).contains("Khirz6zTPdfd7")) {
            throw new IllegalStateException("fusionauth's token does not verify with oo-jwt");
        }
    }

    @Benchmark
    public String ooJwtSign() {
        return Jwt.sign(PAYLOAD, secret, null);
    }

    @Benchmark
    public String ooJwtSignJackson() throws Exception {
        return Jwt.sign(MAPPER.writeValueAsString(payloadMap), secret, null);
    }

    @Benchmark
    public String fusionAuthSign() {
        JWT jwt = new JWT();
        for (Map.Entry<String, Object> e : payloadMap.entrySet()) {
            jwt.addClaim(e.getKey(), e.getValue());
        }
        return JWT.getEncoder().encode(jwt, signer);
    }

    @Benchmark
    public String ooJwtVerify() {
        return Jwt.verify(token, secret, null);
    }

    @Benchmark
    public JsonNode ooJwtVerifyJackson() throws Exception {
        return MAPPER.readTree(Jwt.verify(token, secret, null));
    }

    @Benchmark
    public JWT fusionAuthVerify() {
        return JWT.getDecoder().decode(token, verifier);
    }
}
