package oojwt;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * oo-jwt: JWT for ONLYOFFICE Docs integrators, a thin wrapper over the C ABI of {@code liboo_jwt}.
 *
 * <p>Every operation converts its arguments to UTF-8 bytes with their lengths, calls the core, copies the
 * returned string and frees it with {@code oo_free}. There is no JWT logic here: every check is the core's.
 * A failure throws {@link JwtException} with the contract's code, name and the core's message, which the
 * core returns from the same call.
 *
 * <p>Arguments come in one order: what the operation is about, then the secret (or the settings), then
 * the {@link Options}. Secrets are bytes; a {@code String} secret is its UTF-8 bytes. A {@code null}
 * body, authorization or default path is absent; a {@code null} {@link Options} gives nothing optional.
 * All methods are thread-safe.
 *
 * <pre>{@code
 * String token = Jwt.sign("{\"key\":\"k\"}", secret, new Options().expiresIn(300));
 * String claims = Jwt.verify(token, secret);
 * }</pre>
 */
public final class Jwt {
    /** A non-NULL pointer for empty inputs: NULL means "absent" to the core, an empty array is "present, empty". */
    private static final byte[] EMPTY = new byte[1];
    private static final String UTF8 = "UTF-8";

    private Jwt() {
    }

    /** Signs the JSON object text {@code payloadJson}; returns the token. Reads algorithm, expiresIn, now, maxJsonLength. */
    public static String sign(String payloadJson, byte[] secret, Options options) {
        byte[] p = utf8(payloadJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_sign(arg(p), len(p), arg(secret), len(secret), opts(options), out, err), out, err);
    }

    public static String sign(String payloadJson, String secret, Options options) {
        return sign(payloadJson, utf8(secret), options);
    }

    public static String sign(String payloadJson, String secret) {
        return sign(payloadJson, utf8(secret), null);
    }

    /** Verifies {@code token} (raw bytes); returns the claims JSON text. Reads algorithms, leeway, now, maxTokenLength. */
    public static String verify(byte[] token, byte[] secret, Options options) {
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_verify(arg(token), len(token), arg(secret), len(secret), opts(options), out, err),
                out, err);
    }

    /** Verifies {@code token}; returns the claims JSON text exactly as the token carries them. */
    public static String verify(String token, byte[] secret, Options options) {
        return verify(utf8(token), secret, options);
    }

    public static String verify(String token, String secret, Options options) {
        return verify(utf8(token), utf8(secret), options);
    }

    public static String verify(String token, String secret) {
        return verify(utf8(token), utf8(secret), null);
    }

    /** Takes {@code token} (raw bytes) apart WITHOUT verifying it: diagnostics only. Reads maxTokenLength. */
    public static Decoded decodeUnverified(byte[] token, Options options) {
        long[] header = new long[1];
        long[] claims = new long[1];
        long[] err = new long[1];
        int rc = OoJwtNative.oo_decode_unverified(arg(token), len(token), opts(options), header, claims, err);
        if (rc != 0) {
            throw failure(rc, err[0]);
        }
        String h = null;
        try {
            h = string(header[0]);
        } finally {
            if (h == null) {
                OoJwtNative.oo_free(claims[0]);
            }
        }
        return new Decoded(h, string(claims[0]));
    }

    public static Decoded decodeUnverified(String token, Options options) {
        return decodeUnverified(utf8(token), options);
    }

    public static Decoded decodeUnverified(String token) {
        return decodeUnverified(utf8(token), null);
    }

    /**
     * Signs a request from the storage service to Docs: returns the body JSON with a {@code token} member,
     * or with {@code Options.placement(Placement.HEADER)} the bare token for {@code Authorization: Bearer}.
     * Reads placement, algorithm, expiresIn, now, maxJsonLength.
     */
    public static String signRequest(String bodyJson, byte[] secret, Options options) {
        byte[] b = utf8(bodyJson);
        long[] out = new long[1];
        long[] err = new long[1];
        int placement = options == null ? 0 : options.placement;
        return take(OoJwtNative.oo_sign_request(arg(b), len(b), arg(secret), len(secret), placement, opts(options),
                out, err), out, err);
    }

    public static String signRequest(String bodyJson, String secret, Options options) {
        return signRequest(bodyJson, utf8(secret), options);
    }

    public static String signRequest(String bodyJson, String secret) {
        return signRequest(bodyJson, utf8(secret), null);
    }

    /**
     * Verifies a request the way Docs does (the body's {@code token} first, else the {@code authorization}
     * value after the prefix); returns the trusted parameters JSON text. {@code body} null or empty: no
     * body; {@code authorization} null: no header. Reads prefix, algorithms, leeway, now, the limits.
     * <pre>{@code String params = Jwt.verifyRequest(body, request.getHeader("Authorization"), outboxSecret);}</pre>
     */
    public static String verifyRequest(String body, String authorization, byte[] secret, Options options) {
        byte[] b = utf8(body);
        byte[] a = utf8(authorization);
        byte[] p = options == null ? null : options.prefix;
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_verify_request(arg(b), len(b), arg(a), len(a), arg(secret), len(secret), arg(p),
                len(p), opts(options), out, err), out, err);
    }

    public static String verifyRequest(String body, String authorization, String secret, Options options) {
        return verifyRequest(body, authorization, utf8(secret), options);
    }

    public static String verifyRequest(String body, String authorization, String secret) {
        return verifyRequest(body, authorization, utf8(secret), null);
    }

    /** Signs an editor config; returns the config JSON text with {@code token} added. Reads algorithm, expiresIn, now, maxJsonLength. */
    public static String signConfig(String configJson, byte[] secret, Options options) {
        byte[] c = utf8(configJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_sign_config(arg(c), len(c), arg(secret), len(secret), opts(options), out, err),
                out, err);
    }

    public static String signConfig(String configJson, String secret, Options options) {
        return signConfig(configJson, utf8(secret), options);
    }

    public static String signConfig(String configJson, String secret) {
        return signConfig(configJson, utf8(secret), null);
    }

    /**
     * Signs the parameter object of a {@code docEditor} method ({@code insertImage}, {@code setHistoryData},
     * {@code setRequestedDocument}, ...) with the browser (inbox) secret; returns the object JSON text with
     * {@code token} added. {@code INVALID_CONFIG} names the method and a member Docs reads from the token
     * that is missing. Reads algorithm, expiresIn, now, maxJsonLength.
     * <pre>{@code String signed = Jwt.signEditorMethod("setRevisedFile", "{\"fileType\":\"docx\",\"url\":\"https://s/b.docx\"}", secret);}</pre>
     */
    public static String signEditorMethod(String method, String paramsJson, byte[] secret, Options options) {
        byte[] m = utf8(method);
        byte[] p = utf8(paramsJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_sign_editor_method(arg(m), len(m), arg(p), len(p), arg(secret), len(secret),
                opts(options), out, err), out, err);
    }

    public static String signEditorMethod(String method, String paramsJson, String secret, Options options) {
        return signEditorMethod(method, paramsJson, utf8(secret), options);
    }

    public static String signEditorMethod(String method, String paramsJson, String secret) {
        return signEditorMethod(method, paramsJson, utf8(secret), null);
    }

    /**
     * Verifies a download from Docs: the {@code authorization} value after the prefix must be a valid token
     * whose {@code payload.url} names {@code url}, the absolute URL of the request as Docs addressed it;
     * both are compared as WHATWG URLs without the fragment, whole or (pathAndQueryOnly) by path and query.
     * Returns the claims. Reads prefix, pathAndQueryOnly, algorithms, leeway, now, the limits.
     */
    public static String verifyDownload(String authorization, String url, byte[] secret, Options options) {
        byte[] a = utf8(authorization);
        byte[] u = utf8(url);
        byte[] p = options == null ? null : options.prefix;
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_verify_download(arg(a), len(a), arg(u), len(u), arg(secret), len(secret), arg(p),
                len(p), opts(options), out, err), out, err);
    }

    public static String verifyDownload(String authorization, String url, String secret, Options options) {
        return verifyDownload(authorization, url, utf8(secret), options);
    }

    public static String verifyDownload(String authorization, String url, String secret) {
        return verifyDownload(authorization, url, utf8(secret), null);
    }

    /**
     * Reads an ONLYOFFICE Docs configuration and returns the resolved settings JSON text (shape in
     * docs/semantics.md). {@code defaultPath}: default.json, or null; {@code envJson}: the Docker variables
     * as a JSON object text ({@code {"JWT_SECRET":"…"}}), or null (the process environment is never read).
     * <pre>{@code String settings = Jwt.loadConfig("/etc/onlyoffice/documentserver/local.json");}</pre>
     */
    public static String loadConfig(String localPath, String defaultPath, String envJson) {
        byte[] l = utf8(localPath);
        byte[] d = utf8(defaultPath);
        byte[] e = utf8(envJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_load_config(arg(l), len(l), arg(d), len(d), arg(e), len(e), out, err), out, err);
    }

    public static String loadConfig(String localPath) {
        return loadConfig(localPath, null, null);
    }

    /**
     * Verifies a request with the settings {@link #loadConfig} returned (that JSON text, unchanged):
     * {@code direction} picks the secret and prefix; the clock tolerance and allow-list are the settings'.
     * Reads now and the limits. Returns the trusted parameters JSON.
     * <pre>{@code String params = Jwt.verifyRequestWithConfig(body, authorizationHeader, settings, Direction.OUTBOX);}</pre>
     */
    public static String verifyRequestWithConfig(String body, String authorization, String settingsJson,
                                                 Direction direction, Options options) {
        byte[] b = utf8(body);
        byte[] a = utf8(authorization);
        byte[] st = utf8(settingsJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_verify_request_with_config(arg(b), len(b), arg(a), len(a), arg(st), len(st),
                direction.value, opts(options), out, err), out, err);
    }

    public static String verifyRequestWithConfig(String body, String authorization, String settingsJson,
                                                 Direction direction) {
        return verifyRequestWithConfig(body, authorization, settingsJson, direction, null);
    }

    /**
     * Verifies a download from Docs with the settings {@link #loadConfig} returned: the outbox secret, prefix,
     * clock tolerance and allow-list are the settings'. Reads pathAndQueryOnly, now and the limits. A token is
     * always required (missing_token): ask {@link #downloadTokenExpected} first. Returns the claims.
     * <pre>{@code String claims = Jwt.verifyDownloadWithConfig(authorizationHeader, requestUrl, settings);}</pre>
     */
    public static String verifyDownloadWithConfig(String authorization, String url, String settingsJson,
                                                  Options options) {
        byte[] a = utf8(authorization);
        byte[] u = utf8(url);
        byte[] st = utf8(settingsJson);
        long[] out = new long[1];
        long[] err = new long[1];
        return take(OoJwtNative.oo_verify_download_with_config(arg(a), len(a), arg(u), len(u), arg(st), len(st),
                opts(options), out, err), out, err);
    }

    public static String verifyDownloadWithConfig(String authorization, String url, String settingsJson) {
        return verifyDownloadWithConfig(authorization, url, settingsJson, null);
    }

    /**
     * Whether Docs sends a token when it downloads {@code url}, with the settings {@link #loadConfig}
     * returned. Pass {@code url} exactly as given to Docs ({@code document.url}, ...), not the request URL
     * as received.
     */
    public static boolean downloadTokenExpected(String url, String settingsJson) {
        byte[] u = utf8(url);
        byte[] st = utf8(settingsJson);
        byte[] expected = new byte[1];
        long[] err = new long[1];
        int rc = OoJwtNative.oo_download_token_expected(arg(u), len(u), arg(st), len(st), expected, err);
        if (rc != 0) {
            throw failure(rc, err[0]);
        }
        return expected[0] == 1;
    }

    /**
     * The framework-neutral callback handler: verifies Docs' callback with the outbox secret of the
     * settings {@link #loadConfig} returned (the body's token first, else {@code authorization}, the value of
     * the settings' outbox header) and reads the verified parameters. Throws {@link JwtException}; give it,
     * or your own code's failure, to {@link Callback#answer} for the answer Docs expects.
     * <pre>{@code Callback cb = Jwt.handleCallback(body, request.getHeader(Jwt.header(settings, Direction.OUTBOX)), settings);}</pre>
     */
    public static Callback handleCallback(String body, String authorization, String settingsJson) {
        return Callback.of(verifyRequestWithConfig(body, authorization, settingsJson, Direction.OUTBOX));
    }

    /**
     * Checks Docs' download of a file the integrator serves: returns the verified claims, or null when Docs
     * sends no token for {@code url} ({@link #downloadTokenExpected}); throws {@link JwtException} (answer
     * 403, serve nothing) otherwise. {@code url}: the request's absolute URL (with its query) as Docs
     * addressed it; behind a proxy that changes the host, {@code new Options().pathAndQueryOnly(true)}.
     * <pre>{@code Jwt.checkDownload(request.getHeader(Jwt.header(settings, Direction.OUTBOX)), url, settings, null);}</pre>
     */
    public static String checkDownload(String authorization, String url, String settingsJson, Options options) {
        return downloadTokenExpected(url, settingsJson)
                ? verifyDownloadWithConfig(authorization, url, settingsJson, options) : null;
    }

    /**
     * The name of the header that carries the token in {@code direction}, from the settings {@link #loadConfig}
     * returned ({@code token.outbox.header}, ...).
     * <pre>{@code String authorization = request.getHeader(Jwt.header(settings, Direction.OUTBOX));}</pre>
     */
    public static String header(String settingsJson, Direction direction) {
        String side = direction == Direction.OUTBOX ? "outbox" : "inbox";
        return Callback.string(Callback.path(settingsJson, side, "header"));
    }

    /** The core library's version ({@code oo_version}), e.g. {@code "1.0.0"}. */
    public static String version() {
        return OoJwtNative.oo_version().getString(0, UTF8);
    }

    /** The library's ABI version ({@code oo_abi_version}): major in the high 16 bits, minor in the low 16. */
    public static int abiVersion() {
        return OoJwtNative.oo_abi_version();
    }

    /** The contract's name of a status number ({@code oo_status_name}), {@code "unknown"} if none. */
    public static String statusName(int status) {
        return OoJwtNative.oo_status_name(status).getString(0, UTF8);
    }

    /** The native library in use (its file, when JNA knows it). */
    public static String libraryPath() {
        return OoJwtNative.LIBRARY;
    }

    /**
     * A string's UTF-8 bytes. A string holding a lone surrogate has none: getBytes would write '?' in
     * its place and sign or compare other text, so it is the contract's invalid_argument instead.
     */
    static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("a string holds a lone surrogate: it has no UTF-8 form");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JwtException invalid(String detail) {
        return new JwtException(ErrorCode.INVALID_ARGUMENT.number(), ErrorCode.INVALID_ARGUMENT.contractName(), detail);
    }

    private static byte[] arg(byte[] b) {
        return b != null && b.length == 0 ? EMPTY : b;
    }

    private static long len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** The native options; a direct-mapped call's arguments stay reachable until it returns. */
    private static Pointer opts(Options options) {
        return options == null ? null : options.toNative();
    }

    /** The string the core returned, copied and freed; or the failure, with the message from the same call. */
    private static String take(int rc, long[] out, long[] err) {
        if (rc != 0) {
            throw failure(rc, err[0]);
        }
        return string(out[0]);
    }

    private static String string(long p) {
        if (p == 0) {
            throw new IllegalStateException("liboo_jwt returned OO_OK without a result");
        }
        try {
            return new Pointer(p).getString(0, UTF8);
        } finally {
            OoJwtNative.oo_free(p);
        }
    }

    private static JwtException failure(int rc, long message) {
        return new JwtException(rc, statusName(rc), message == 0 ? "" : string(message));
    }
}
