package oojwt;

import com.sun.jna.Memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Options for every operation ({@code struct OoOptions}); each operation reads the fields that concern it,
 * and a field left unset keeps the core's default. Nothing is validated here: names and ranges go to the
 * core as they are, which answers {@code unsupported_alg} or {@code invalid_argument}.
 *
 * <pre>{@code
 * Options o = new Options().now(1700000000).leeway(0).algorithms("HS256", "HS384");
 * }</pre>
 *
 * <p>Configure it, then share it: the native form is built once on first use and reused by every call
 * (any thread) until a setter changes it. Do not change an instance while other threads use it.
 */
public final class Options {
    private String algorithm;
    private String algorithms;
    private Long now;
    private Long leeway;
    private Long expiresIn;
    private long maxTokenLen;
    private long maxJsonLen;
    private boolean urlPathAndQuery;

    /** The native struct and the name bytes it points to, in one block; null until first used. */
    private volatile Memory block;

    /** Algorithm to sign with: "HS256" (the core's default), "HS384" or "HS512". */
    public Options algorithm(String name) {
        this.algorithm = name;
        return changed();
    }

    /** Allow-list for verification; the names are joined with commas (the core's default: all three HMACs). */
    public Options algorithms(String... names) {
        this.algorithms = names == null ? null : String.join(",", names);
        return changed();
    }

    /** Allow-list for verification, as {@link #algorithms(String...)}. */
    public Options algorithms(List<String> names) {
        this.algorithms = names == null ? null : String.join(",", names);
        return changed();
    }

    /** The current time in Unix seconds (otherwise the real clock). */
    public Options now(long unixSeconds) {
        this.now = unixSeconds;
        return changed();
    }

    /** The current time, in whole seconds (otherwise the real clock). */
    public Options now(Instant instant) {
        return now(instant.getEpochSecond());
    }

    /** Tolerance on {@code exp}/{@code nbf} in seconds (the core's default: 60). */
    public Options leeway(long seconds) {
        this.leeway = seconds;
        return changed();
    }

    /** Tolerance on {@code exp}/{@code nbf}, in whole seconds. */
    public Options leeway(Duration leeway) {
        return leeway(leeway.getSeconds());
    }

    /** Seconds until {@code exp} when signing ({@code iat} and {@code exp} are added). */
    public Options expiresIn(long seconds) {
        this.expiresIn = seconds;
        return changed();
    }

    /** Seconds until {@code exp} when signing, in whole seconds. */
    public Options expiresIn(Duration expiresIn) {
        return expiresIn(expiresIn.getSeconds());
    }

    /** Longest token accepted, in bytes (0: the core's default, 33554432 = 32 MiB). */
    public Options maxTokenLen(long bytes) {
        this.maxTokenLen = bytes;
        return changed();
    }

    /** Longest JSON document accepted, in bytes (0: the core's default, 67108864 = 64 MiB). */
    public Options maxJsonLen(long bytes) {
        this.maxJsonLen = bytes;
        return changed();
    }

    /**
     * Whether {@code verifyDownload} compares only the path and query of the two URLs (both still
     * parsed and serialised as WHATWG URLs), for a service behind a reverse proxy or TLS terminator;
     * false (the default) compares the whole URL. Example: {@code new Options().urlPathAndQuery(true)}.
     */
    public Options urlPathAndQuery(boolean pathAndQuery) {
        this.urlPathAndQuery = pathAndQuery;
        return changed();
    }

    public boolean getUrlPathAndQuery() {
        return urlPathAndQuery;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    /** The allow-list as the comma-separated text passed to the core, or null. */
    public String getAlgorithms() {
        return algorithms;
    }

    public Long getNow() {
        return now;
    }

    public Long getLeeway() {
        return leeway;
    }

    public Long getExpiresIn() {
        return expiresIn;
    }

    public long getMaxTokenLen() {
        return maxTokenLen;
    }

    public long getMaxJsonLen() {
        return maxJsonLen;
    }

    private Options changed() {
        block = null;
        return this;
    }

    /**
     * The native {@code OoOptions}, followed by the bytes of the algorithm names, in one block of
     * native memory. The caller passes the returned object itself to the native call, so it stays
     * reachable (and allocated) for the call's duration.
     */
    Memory toNative() {
        Memory m = block;
        if (m == null) {
            m = build();
            block = m;
        }
        return m;
    }

    private Memory build() {
        byte[] alg = Jwt.utf8(algorithm);
        byte[] algs = Jwt.utf8(algorithms);
        int size = OoJwtNative.OoOptions.SIZE;
        // One spare byte per name, so an empty name still gets a non-NULL pointer (NULL means "absent").
        long total = size + (alg == null ? 0 : alg.length + 1) + (algs == null ? 0 : algs.length + 1);
        Memory m = new Memory(total);
        m.clear();
        OoJwtNative.OoOptions s = new OoJwtNative.OoOptions(m);
        s.struct_size = size;
        long offset = size;
        if (alg != null) {
            m.write(offset, alg, 0, alg.length);
            s.algorithm = m.share(offset);
            s.algorithm_len = alg.length;
            offset += alg.length + 1;
        }
        if (algs != null) {
            m.write(offset, algs, 0, algs.length);
            s.algorithms = m.share(offset);
            s.algorithms_len = algs.length;
        }
        int flags = 0;
        if (now != null) {
            flags |= OoJwtNative.OPT_NOW;
            s.now = now;
        }
        if (leeway != null) {
            flags |= OoJwtNative.OPT_LEEWAY;
            s.leeway = leeway;
        }
        if (expiresIn != null) {
            flags |= OoJwtNative.OPT_EXPIRES_IN;
            s.expires_in = expiresIn;
        }
        if (urlPathAndQuery) {
            flags |= OoJwtNative.OPT_URL_PATH_QUERY;
        }
        s.flags = flags;
        s.max_token_len = maxTokenLen;
        s.max_json_len = maxJsonLen;
        s.write();
        return m;
    }

    @Override
    public String toString() {
        return "Options{algorithm=" + algorithm + ", algorithms=" + algorithms + ", now=" + now + ", leeway=" + leeway
                + ", expiresIn=" + expiresIn + ", maxTokenLen=" + maxTokenLen + ", maxJsonLen=" + maxJsonLen
                + ", urlPathAndQuery=" + urlPathAndQuery + "}";
    }
}
