package oojwt;

import com.sun.jna.Pointer;

import java.time.Duration;
import java.time.Instant;

/**
 * The optional arguments of every operation; each operation reads the ones that concern it. What is not
 * set is not given: the core applies its own default. Values go to the core as they are (it answers
 * {@code invalid_argument} for one out of range); only an empty allow-list is refused here.
 *
 * <pre>{@code
 * Options o = new Options().now(1700000000).leeway(0).algorithms(Algorithm.HS256, Algorithm.HS384);
 * }</pre>
 *
 * <p>Configure it, then share it: the native {@code OoOptions} is written once on first use and reused by
 * every call (any thread) until a setter changes it. Do not change an instance while other threads use it.
 */
public final class Options {
    // Bits, package-private so that the vector runner can set bits no Algorithm has, for the core to refuse.
    int algorithm;
    int algorithms;
    private Long now;
    private Long leeway;
    private Long expiresIn;
    private long maxTokenLength;
    private long maxJsonLength;
    private boolean pathAndQueryOnly;
    int placement;
    byte[] prefix;

    /** The native struct; null until first used. */
    private volatile Pointer block;

    /** Algorithm to sign with (sign, signRequest, signConfig, signEditorMethod). */
    public Options algorithm(Algorithm algorithm) {
        this.algorithm = algorithm.bit;
        return changed();
    }

    /**
     * Allow-list when verifying. An empty list would read as "not given" (every algorithm) in C, so it is
     * refused: {@code invalid_argument}.
     */
    public Options algorithms(Algorithm... allowed) {
        int bits = 0;
        for (Algorithm a : allowed) {
            bits |= a.bit;
        }
        if (bits == 0) {
            throw Jwt.invalid("an empty allow-list allows no algorithm");
        }
        this.algorithms = bits;
        return changed();
    }

    /** The current time in Unix seconds (otherwise the real clock). */
    public Options now(long unixSeconds) {
        this.now = unixSeconds;
        return changed();
    }

    public Options now(Instant instant) {
        return now(instant.getEpochSecond());
    }

    /** Tolerance on {@code exp}/{@code nbf} in seconds, when verifying. */
    public Options leeway(long seconds) {
        this.leeway = seconds;
        return changed();
    }

    public Options leeway(Duration leeway) {
        return leeway(leeway.getSeconds());
    }

    /** Seconds until {@code exp} when signing ({@code iat} and {@code exp} are added). */
    public Options expiresIn(long seconds) {
        this.expiresIn = seconds;
        return changed();
    }

    public Options expiresIn(Duration expiresIn) {
        return expiresIn(expiresIn.getSeconds());
    }

    /** Longest token accepted, in bytes. */
    public Options maxTokenLength(long bytes) {
        this.maxTokenLength = bytes;
        return changed();
    }

    /** Longest JSON document accepted, in bytes. */
    public Options maxJsonLength(long bytes) {
        this.maxJsonLength = bytes;
        return changed();
    }

    /** Where {@link Jwt#signRequest} puts the token: the body's {@code token} (not set) or the header. */
    public Options placement(Placement placement) {
        this.placement = placement.value;
        return this;
    }

    /** The header's prefix before the token (verifyRequest, verifyDownload); "" means none at all. */
    public Options prefix(String prefix) {
        this.prefix = Jwt.utf8(prefix);
        return this;
    }

    /**
     * Whether verifyDownload compares only the path and query of the two URLs (both still parsed as WHATWG
     * URLs), for a service behind a reverse proxy or TLS terminator.
     */
    public Options pathAndQueryOnly(boolean pathAndQueryOnly) {
        this.pathAndQueryOnly = pathAndQueryOnly;
        return changed();
    }

    private Options changed() {
        block = null;
        return this;
    }

    /** The native {@code OoOptions}, written on first use; the caller passes it to the call, which keeps it alive. */
    Pointer toNative() {
        Pointer p = block;
        if (p == null) {
            OoJwtNative.OoOptions s = new OoJwtNative.OoOptions();
            s.struct_size = s.size();
            s.flags = (now != null ? OoJwtNative.OPT_NOW : 0) | (leeway != null ? OoJwtNative.OPT_LEEWAY : 0)
                    | (expiresIn != null ? OoJwtNative.OPT_EXPIRES_IN : 0)
                    | (pathAndQueryOnly ? OoJwtNative.OPT_URL_PATH_QUERY : 0);
            s.algorithm = algorithm;
            s.algorithms = algorithms;
            s.now = now != null ? now : 0;
            s.leeway = leeway != null ? leeway : 0;
            s.expires_in = expiresIn != null ? expiresIn : 0;
            s.max_token_len = maxTokenLength;
            s.max_json_len = maxJsonLength;
            s.write();
            block = p = s.getPointer();
        }
        return p;
    }
}
