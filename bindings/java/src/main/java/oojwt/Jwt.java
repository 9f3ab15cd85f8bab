package oojwt;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * oo-jwt: JWT for ONLYOFFICE Docs integrators, a thin wrapper over the C ABI of {@code liboo_jwt}.
 *
 * <p>Every operation converts its arguments to UTF-8 bytes with their lengths, calls the core, copies the
 * returned string and frees it with {@code oo_free}. There is no JWT logic here: every check is the core's.
 * A failure throws {@link JwtException} with the contract's code, name and the core's message.
 *
 * <p>Secrets are bytes; a {@code String} secret is its UTF-8 bytes. An optional argument (a body, an
 * authorization header, a prefix, a default path, an environment) is absent when {@code null}; a
 * {@code null} {@link Options} means every default. All methods are thread-safe.
 */
public final class Jwt {
    /** A non-NULL pointer for empty inputs: NULL means "absent" to the core, an empty array is "present, empty". */
    private static final byte[] EMPTY = new byte[1];
    private static final String UTF8 = "UTF-8";

    /**
     * The out-parameters ({@code char **}), one pair per thread: a {@link PointerByReference} is a small
     * block of native memory released by a cleaner after garbage collection, which costs more than the
     * call it serves. Reused safely: nothing calls back into Java during a call, and the value is read
     * right after it.
     */
    private static final ThreadLocal<PointerByReference[]> OUT =
            ThreadLocal.withInitial(() -> new PointerByReference[] {new PointerByReference(), new PointerByReference()});

    private Jwt() {
    }

    // ---- sign ---------------------------------------------------------------------------------------------

    /** Signs the JSON object text {@code payloadJson}; returns the token. Reads algorithm, expiresIn, now, maxJsonLen. */
    public static String sign(String payloadJson, byte[] secret, Options options) {
        byte[] p = utf8(payloadJson);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_sign(arg(p), len(p), arg(secret), len(secret), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String sign(String payloadJson, String secret, Options options) {
        return sign(payloadJson, utf8(secret), options);
    }

    public static String sign(String payloadJson, byte[] secret) {
        return sign(payloadJson, secret, null);
    }

    public static String sign(String payloadJson, String secret) {
        return sign(payloadJson, utf8(secret), null);
    }

    // ---- verify -------------------------------------------------------------------------------------------

    /** Verifies {@code token} (raw bytes); returns the claims JSON text. Reads algorithms, leeway, now, maxTokenLen. */
    public static String verify(byte[] token, byte[] secret, Options options) {
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_verify(arg(token), len(token), arg(secret), len(secret), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    /** Verifies {@code token}; returns the claims JSON text exactly as the token carries them. */
    public static String verify(String token, byte[] secret, Options options) {
        return verify(utf8(token), secret, options);
    }

    public static String verify(String token, String secret, Options options) {
        return verify(utf8(token), utf8(secret), options);
    }

    public static String verify(String token, byte[] secret) {
        return verify(utf8(token), secret, null);
    }

    public static String verify(String token, String secret) {
        return verify(utf8(token), utf8(secret), null);
    }

    // ---- decode_unverified --------------------------------------------------------------------------------

    /** Takes {@code token} (raw bytes) apart WITHOUT verifying it: diagnostics only. Reads maxTokenLen. */
    public static Decoded decodeUnverified(byte[] token, Options options) {
        PointerByReference[] outs = OUT.get();
        PointerByReference header = outs[0];
        PointerByReference claims = outs[1];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_decode_unverified(arg(token), len(token), o, header, claims);
        Reference.reachabilityFence(o);
        if (rc != 0) {
            throw failure(rc);
        }
        Pointer h = header.getValue();
        Pointer c = claims.getValue();
        header.setValue(null);
        claims.setValue(null);
        if (h == null || c == null) {
            OoJwtNative.oo_free(h);
            OoJwtNative.oo_free(c);
            throw new IllegalStateException("liboo_jwt returned OO_OK without a result");
        }
        try {
            return new Decoded(h.getString(0, UTF8), c.getString(0, UTF8));
        } finally {
            OoJwtNative.oo_free(h);
            OoJwtNative.oo_free(c);
        }
    }

    public static Decoded decodeUnverified(String token, Options options) {
        return decodeUnverified(utf8(token), options);
    }

    public static Decoded decodeUnverified(String token) {
        return decodeUnverified(utf8(token), null);
    }

    // ---- sign_request -------------------------------------------------------------------------------------

    /**
     * Signs a request from the storage service to Docs: with {@link Placement#BODY}, returns the body JSON
     * with a {@code token} member; with {@link Placement#HEADER}, the bare token for
     * {@code Authorization: Bearer <token>}. Reads algorithm, expiresIn (default 300), now, maxJsonLen.
     */
    public static String signRequest(String bodyJson, byte[] secret, Placement placement, Options options) {
        byte[] b = utf8(bodyJson);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_sign_request(arg(b), len(b), arg(secret), len(secret), placement.value(), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String signRequest(String bodyJson, String secret, Placement placement, Options options) {
        return signRequest(bodyJson, utf8(secret), placement, options);
    }

    public static String signRequest(String bodyJson, byte[] secret, Placement placement) {
        return signRequest(bodyJson, secret, placement, null);
    }

    public static String signRequest(String bodyJson, String secret, Placement placement) {
        return signRequest(bodyJson, utf8(secret), placement, null);
    }

    // ---- verify_request -----------------------------------------------------------------------------------

    /**
     * Verifies a request the way Docs does (the body's {@code token} first, else the {@code authorization}
     * value after {@code prefix}); returns the trusted parameters JSON text.
     *
     * @param body          the request body text, or null (null or empty: no body)
     * @param authorization the header's value, or null (no header)
     * @param prefix        the header's prefix, or null ({@code "Bearer "})
     */
    public static String verifyRequest(byte[] secret, String body, String authorization, String prefix,
                                       Options options) {
        byte[] b = utf8(body);
        byte[] a = utf8(authorization);
        byte[] p = utf8(prefix);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_verify_request(arg(secret), len(secret), arg(b), len(b), arg(a), len(a), arg(p),
                len(p), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String verifyRequest(String secret, String body, String authorization, String prefix,
                                       Options options) {
        return verifyRequest(utf8(secret), body, authorization, prefix, options);
    }

    public static String verifyRequest(byte[] secret, String body, String authorization) {
        return verifyRequest(secret, body, authorization, null, null);
    }

    public static String verifyRequest(String secret, String body, String authorization) {
        return verifyRequest(utf8(secret), body, authorization, null, null);
    }

    // ---- sign_config --------------------------------------------------------------------------------------

    /** Signs an editor config; returns the config JSON text with {@code token} added. Reads algorithm, expiresIn, now, maxJsonLen. */
    public static String signConfig(String configJson, byte[] secret, Options options) {
        byte[] c = utf8(configJson);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_sign_config(arg(c), len(c), arg(secret), len(secret), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String signConfig(String configJson, String secret, Options options) {
        return signConfig(configJson, utf8(secret), options);
    }

    public static String signConfig(String configJson, byte[] secret) {
        return signConfig(configJson, secret, null);
    }

    public static String signConfig(String configJson, String secret) {
        return signConfig(configJson, utf8(secret), null);
    }

    // ---- sign_editor_method -------------------------------------------------------------------------------

    /**
     * Signs the parameter object of a {@code docEditor} method ({@code insertImage}, {@code setHistoryData},
     * {@code setRequestedDocument}, ...) with the browser (inbox) secret; returns the object JSON text with
     * {@code token} added. {@code INVALID_CONFIG} names the method and a member Docs reads from the token
     * that is missing. Reads algorithm, expiresIn, now, maxJsonLen.
     * <pre>{@code String signed = Jwt.signEditorMethod("setRevisedFile", "{\"fileType\":\"docx\",\"url\":\"https://s/b.docx\"}", secret);}</pre>
     */
    public static String signEditorMethod(String method, String paramsJson, byte[] secret, Options options) {
        byte[] m = utf8(method);
        byte[] p = utf8(paramsJson);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_sign_editor_method(arg(m), len(m), arg(p), len(p), arg(secret), len(secret), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String signEditorMethod(String method, String paramsJson, String secret, Options options) {
        return signEditorMethod(method, paramsJson, utf8(secret), options);
    }

    public static String signEditorMethod(String method, String paramsJson, byte[] secret) {
        return signEditorMethod(method, paramsJson, secret, null);
    }

    public static String signEditorMethod(String method, String paramsJson, String secret) {
        return signEditorMethod(method, paramsJson, utf8(secret), null);
    }

    // ---- verify_download ----------------------------------------------------------------------------------

    /**
     * Verifies a download from Docs: the {@code authorization} value after {@code prefix} (null:
     * {@code "Bearer "}) must be a valid token whose {@code payload.url} names {@code url}, the absolute URL
     * of the request as Docs addressed it; both are compared as WHATWG URLs without the fragment, whole or
     * (Options#urlPathAndQuery) by path and query. A {@code url} that does not parse is invalid_argument.
     * Returns the claims.
     */
    public static String verifyDownload(String authorization, String url, byte[] secret, String prefix,
                                        Options options) {
        byte[] a = utf8(authorization);
        byte[] u = utf8(url);
        byte[] p = utf8(prefix);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_verify_download(arg(a), len(a), arg(u), len(u), arg(secret), len(secret), arg(p),
                len(p), o, out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    public static String verifyDownload(String authorization, String url, String secret, String prefix,
                                        Options options) {
        return verifyDownload(authorization, url, utf8(secret), prefix, options);
    }

    public static String verifyDownload(String authorization, String url, byte[] secret) {
        return verifyDownload(authorization, url, secret, null, null);
    }

    public static String verifyDownload(String authorization, String url, String secret) {
        return verifyDownload(authorization, url, utf8(secret), null, null);
    }

    // ---- load_config --------------------------------------------------------------------------------------

    /**
     * Reads an ONLYOFFICE Docs configuration and returns the resolved settings JSON text (shape in
     * docs/semantics.md).
     *
     * @param localPath   path of local.json
     * @param defaultPath path of default.json, or null (Docs' built-in defaults)
     * @param envJson     the Docker variables as a JSON object text ({@code {"JWT_SECRET":"…"}}), or null
     *                    (none; the process environment is never read)
     */
    public static String loadConfig(String localPath, String defaultPath, String envJson) {
        byte[] l = utf8(localPath);
        byte[] d = utf8(defaultPath);
        byte[] e = utf8(envJson);
        PointerByReference out = OUT.get()[0];
        int rc = OoJwtNative.oo_load_config(arg(l), len(l), arg(d), len(d), arg(e), len(e), out);
        return take(rc, out);
    }

    public static String loadConfig(Path localPath, Path defaultPath, String envJson) {
        return loadConfig(localPath == null ? null : localPath.toString(),
                defaultPath == null ? null : defaultPath.toString(), envJson);
    }

    public static String loadConfig(String localPath) {
        return loadConfig(localPath, null, null);
    }

    // ---- verify_request_with_config -----------------------------------------------------------------------

    /**
     * Verifies a request with the settings {@link #loadConfig} returned (that JSON text, unchanged):
     * {@code direction} {@code "inbox"} (requests to Docs) or {@code "outbox"} (callbacks from Docs) picks the
     * secret and prefix; the clock tolerance and allow-list are the settings'. From {@code options} only
     * {@code now}, {@code maxTokenLen} and {@code maxJsonLen} are read. Returns the trusted parameters JSON.
     *
     * <pre>{@code
     * String settings = Jwt.loadConfig("/etc/onlyoffice/documentserver/local.json");
     * String params = Jwt.verifyRequestWithConfig(settings, "outbox", body, authorizationHeader, null);
     * }</pre>
     */
    public static String verifyRequestWithConfig(String settingsJson, String direction, String body,
                                                 String authorization, Options options) {
        byte[] st = utf8(settingsJson);
        byte[] b = utf8(body);
        byte[] a = utf8(authorization);
        // Any other name reaches the core as a direction it refuses (invalid_argument).
        int d = "inbox".equals(direction) ? 0 : "outbox".equals(direction) ? 1 : -1;
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_verify_request_with_config(arg(b), len(b), arg(a), len(a), arg(st), len(st), d, o,
                out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    /**
     * Verifies a download from Docs with the settings {@link #loadConfig} returned (that JSON text,
     * unchanged): the outbox secret, prefix, clock tolerance and allow-list are the settings'. From
     * {@code options} only {@code now}, {@code maxTokenLen} and {@code urlPathAndQuery} are read. Otherwise as
     * {@link #verifyDownload}. A token is always required (missing_token), even for a URL Docs downloads
     * without one: ask {@link #downloadTokenExpected} first. Returns the claims.
     *
     * <pre>{@code
     * String claims = Jwt.verifyDownloadWithConfig(settings, authorizationHeader, requestUrl, null);
     * }</pre>
     */
    public static String verifyDownloadWithConfig(String settingsJson, String authorization, String url,
                                                  Options options) {
        byte[] st = utf8(settingsJson);
        byte[] a = utf8(authorization);
        byte[] u = utf8(url);
        PointerByReference out = OUT.get()[0];
        Pointer o = opts(options);
        int rc = OoJwtNative.oo_verify_download_with_config(arg(a), len(a), arg(u), len(u), arg(st), len(st), o,
                out);
        Reference.reachabilityFence(o);
        return take(rc, out);
    }

    /**
     * Whether Docs sends a token when it downloads {@code url}, with the settings {@link #loadConfig}
     * returned: outbox tokens enabled and {@code url} not containing {@code token.outbox.urlExclusionRegex}
     * (plain text). Pass {@code url} exactly as given to Docs ({@code document.url}, ...), not the request URL
     * as received.
     */
    public static boolean downloadTokenExpected(String settingsJson, String url) {
        byte[] st = utf8(settingsJson);
        byte[] u = utf8(url);
        byte[] expected = new byte[1];
        int rc = OoJwtNative.oo_download_token_expected(arg(u), len(u), arg(st), len(st), expected);
        if (rc != 0) {
            throw failure(rc);
        }
        return expected[0] == 1;
    }

    // ---- misc ---------------------------------------------------------------------------------------------

    /** The core library's version ({@code oo_version}), e.g. {@code "0.1.0"}. */
    public static String version() {
        return OoJwtNative.oo_version().getString(0, UTF8);
    }

    /** The contract's name of a status number ({@code oo_status_name}), {@code "unknown"} if none. */
    public static String statusName(int status) {
        return OoJwtNative.oo_status_name(status).getString(0, UTF8);
    }

    /** The native library in use (its file, when JNA knows it). */
    public static String libraryPath() {
        return OoJwtNative.LIBRARY;
    }

    /** Diagnostic: makes the core panic; always throws {@link JwtException} with {@link ErrorCode#INTERNAL}. */
    static void selftestPanic() {
        int rc = OoJwtNative.oo_selftest_panic();
        throw failure(rc);
    }

    // ---- conversions --------------------------------------------------------------------------------------

    /**
     * A string's UTF-8 bytes. A string holding a lone surrogate has none: getBytes would write '?' in
     * its place and sign or compare other text, so it is the contract's invalid_argument instead.
     */
    static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        if (hasLoneSurrogate(s)) {
            throw new JwtException(ErrorCode.INVALID_ARGUMENT.number(), ErrorCode.INVALID_ARGUMENT.contractName(),
                    "a string holds a lone surrogate: it has no UTF-8 form");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] arg(byte[] b) {
        return b != null && b.length == 0 ? EMPTY : b;
    }

    private static long len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static Pointer opts(Options options) {
        return options == null ? null : options.toNative();
    }

    /** Copies the returned string, frees it; or throws the failure. */
    private static String take(int rc, PointerByReference out) {
        if (rc != 0) {
            throw failure(rc);
        }
        Pointer p = out.getValue();
        out.setValue(null);
        if (p == null) {
            throw new IllegalStateException("liboo_jwt returned OO_OK without a result");
        }
        try {
            return p.getString(0, UTF8);
        } finally {
            OoJwtNative.oo_free(p);
        }
    }

    /** The exception for status {@code rc}: read right after the failing call, on the same thread. */
    private static JwtException failure(int rc) {
        String detail = OoJwtNative.oo_last_error_message().getString(0, UTF8);
        String name = OoJwtNative.oo_status_name(rc).getString(0, UTF8);
        return new JwtException(rc, name, detail);
    }
}
