package oojwt;

import com.sun.jna.Pointer;
import oojwt.bench.JwtBench;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@link JwtBench}'s oo-jwt rows, through the wrapper's own JNA direct mapping
 * ({@link OoJwtNative}): the bare round trip, {@code oo_sign} / {@code oo_verify} on arguments prepared
 * beforehand (bytes, out-arrays made once, no options as in the rows) with the result read out as the
 * wrapper reads it (JNA's getString) and freed,
 * and the JSON step. The wrapper takes and returns JSON as Java text (the JDK has no JSON library), so
 * its JSON step is that text's conversion: the payload's {@code String} to UTF-8 bytes (sign), the claims'
 * UTF-8 bytes to a {@code String} (verify).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloorBench {
    byte[] payload;
    byte[] secret;
    byte[] token;
    byte[] claims;
    final long[] out = new long[1];
    final long[] err = new long[1];

    @Setup
    public void setup() {
        payload = JwtBench.PAYLOAD.getBytes(StandardCharsets.UTF_8);
        secret = JwtBench.SECRET.getBytes(StandardCharsets.UTF_8);
        token = Jwt.sign(JwtBench.PAYLOAD, secret, new Options().expiresIn(86_400)).getBytes(StandardCharsets.UTF_8);
        claims = floorVerifyCall().getBytes(StandardCharsets.UTF_8);
        if (!new String(claims, StandardCharsets.UTF_8).contains("Khirz6zTPdfd7") || floorSignCall().isEmpty()) {
            throw new IllegalStateException("the direct calls do not sign and verify");
        }
    }

    /** Two crossings with no work: {@code oo_abi_version()} then {@code oo_free(NULL)}. */
    @Benchmark
    public int floorRoundTrip() {
        int v = OoJwtNative.oo_abi_version();
        OoJwtNative.oo_free(0);
        return v;
    }

    /** {@code oo_sign} on the payload's bytes, the token read out as the wrapper returns it, freed. */
    @Benchmark
    public String floorSignCall() {
        int rc = OoJwtNative.oo_sign(payload, payload.length, secret, secret.length, null, out, err);
        if (rc != 0) {
            throw new IllegalStateException("oo_sign: " + rc);
        }
        long p = out[0];
        String t = new Pointer(p).getString(0, "UTF-8");
        OoJwtNative.oo_free(p);
        return t;
    }

    /** Sign's JSON step: the payload text to the UTF-8 bytes the core takes. */
    @Benchmark
    public byte[] floorSignJson() {
        return JwtBench.PAYLOAD.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code oo_verify} on the token's bytes, the claims read out as the wrapper reads them (JNA's getString:
     * their bytes and their UTF-8 decoding in one crossing), freed. Reading the bytes alone would take one
     * crossing more (their length, then the bytes) than that whole read, so the decoding that
     * {@link #floorVerifyJson} measures on its own is inside this figure too: the floor counts it twice.
     */
    @Benchmark
    public String floorVerifyCall() {
        int rc = OoJwtNative.oo_verify(token, token.length, secret, secret.length, null, out, err);
        if (rc != 0) {
            throw new IllegalStateException("oo_verify: " + rc);
        }
        long p = out[0];
        String c = new Pointer(p).getString(0, "UTF-8");
        OoJwtNative.oo_free(p);
        return c;
    }

    /** Verify's JSON step: the claims' UTF-8 bytes to the text the wrapper returns. */
    @Benchmark
    public String floorVerifyJson() {
        return new String(claims, StandardCharsets.UTF_8);
    }
}
