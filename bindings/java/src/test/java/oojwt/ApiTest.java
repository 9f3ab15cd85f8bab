package oojwt;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java API itself: overloads, errors, options, byte handling, against the real library. */
class ApiTest {
    static final String SECRET = "s3cr3t-0123456789abcdef";
    static final long NOW = 1_700_000_000L;
    static final String CALLBACK = "{\"key\":\"Khirz6zTPdfd7\",\"status\":2,\"url\":\"https://docs.example.com/cache/files/"
            + "Khirz6zTPdfd7_4151/output.docx/output.docx?md5=abc&expires=1700003600&filename=output.docx\","
            + "\"users\":[\"6d5a81d0\"],\"actions\":[{\"type\":0,\"userid\":\"78e1e841\"}]}";

    static JsonNode json(String text) throws IOException {
        return Vectors.JSON.readTree(text);
    }

    static JwtException fails(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        JwtException e = assertThrows(JwtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void usesTheLibraryItWasGiven() throws IOException {
        String lib = System.getenv("OO_JWT_LIB");
        if (lib != null && !lib.isEmpty()) {
            assertEquals(Paths.get(lib).toRealPath(), Paths.get(Jwt.libraryPath()).toRealPath());
        }
        String cargo = Files.readString(Paths.get("../../Cargo.toml"));
        Matcher m = Pattern.compile("(?m)^version\\s*=\\s*\"([^\"]+)\"").matcher(cargo);
        assertTrue(m.find());
        assertEquals(m.group(1), Jwt.version());
    }

    @Test
    void signAndVerifyWithEveryOverload() throws IOException {
        String token = Jwt.sign(CALLBACK, SECRET);
        assertEquals(token, Jwt.sign(CALLBACK, SECRET.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(token, Jwt.sign(CALLBACK, SECRET, null));
        assertEquals(token, Jwt.sign(CALLBACK, SECRET, new Options()));
        assertTrue(token.startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."), token);
        assertEquals(json(CALLBACK), json(Jwt.verify(token, SECRET)));
        assertEquals(Jwt.verify(token, SECRET), Jwt.verify(token, SECRET.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(Jwt.verify(token, SECRET), Jwt.verify(token.getBytes(StandardCharsets.UTF_8),
                SECRET.getBytes(StandardCharsets.UTF_8), null));
        // The claims come back exactly as the token carries them.
        assertEquals(CALLBACK, Jwt.verify(token, SECRET, new Options().algorithms(Algorithm.HS256)));

        String hs512 = Jwt.sign(CALLBACK, SECRET, new Options().algorithm(Algorithm.HS512));
        assertTrue(hs512.startsWith("eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9."), hs512);
        fails(ErrorCode.UNSUPPORTED_ALG, () -> Jwt.verify(hs512, SECRET, new Options().algorithms(Algorithm.HS256, Algorithm.HS384)));
        assertEquals(CALLBACK, Jwt.verify(hs512, SECRET, new Options().algorithms(Algorithm.HS256, Algorithm.HS512)));
    }

    @Test
    void anErrorCarriesCodeNumberNameAndTheCoreMessage() {
        String token = Jwt.sign("{\"a\":1}", SECRET);
        JwtException e = fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verify(token, "another secret"));
        assertEquals(6, e.number());
        assertEquals("bad_signature", e.errorName());
        assertFalse(e.detail().isEmpty());
        assertEquals("bad_signature (6): " + e.detail(), e.getMessage());
        assertTrue(RuntimeException.class.isAssignableFrom(JwtException.class), "unchecked");

        JwtException m = fails(ErrorCode.MALFORMED, () -> Jwt.verify("not.a.token!", SECRET));
        assertNotEquals(e.detail(), m.detail(), "the message is this failure's");
        fails(ErrorCode.INVALID_JSON, () -> Jwt.sign("[1,2]", SECRET));
        Options unknownAlg = new Options();
        unknownAlg.algorithm = 8; // a bit no algorithm has
        fails(ErrorCode.UNSUPPORTED_ALG, () -> Jwt.sign("{}", SECRET, unknownAlg));
        Options twoAlgs = new Options();
        twoAlgs.algorithm = Algorithm.HS256.bit() | Algorithm.HS384.bit();
        fails(ErrorCode.UNSUPPORTED_ALG, () -> Jwt.sign("{}", SECRET, twoAlgs));
        Options unknownAllowed = new Options();
        unknownAllowed.algorithms = Algorithm.HS256.bit() | 8;
        fails(ErrorCode.INVALID_ARGUMENT, () -> Jwt.verify(token, SECRET, unknownAllowed));
        fails(ErrorCode.INVALID_ARGUMENT, () -> Jwt.verify(token, SECRET, new Options().leeway(-1)));
    }

    /** "Not given" reaches the core as not given: a zeroed OoOptions but for its size; a setter sets its own field. */
    @Test
    void unsetOptionsAreZeroAndEachSetterSetsItsOwnField() {
        com.sun.jna.Pointer none = new Options().prefix("Token ").placement(Placement.HEADER).toNative();
        assertEquals(56, none.getInt(0), "struct_size");
        for (int off = 4; off < 56; off++) {
            assertEquals(0, none.getByte(off), "byte " + off + " of an OoOptions nothing was set in");
        }
        com.sun.jna.Pointer zeros = new Options().leeway(0).now(0).expiresIn(0).toNative();
        assertEquals(OoJwtNative.OPT_LEEWAY | OoJwtNative.OPT_NOW | OoJwtNative.OPT_EXPIRES_IN, zeros.getInt(4),
                "a zero that is given is flagged");
        com.sun.jna.Pointer all = new Options().algorithm(Algorithm.HS384).algorithms(Algorithm.HS256, Algorithm.HS512)
                .now(NOW).leeway(5).expiresIn(300).maxTokenLength(1000).maxJsonLength(2000).pathAndQueryOnly(true)
                .toNative();
        assertEquals(15, all.getInt(4), "flags");
        assertEquals(2, all.getInt(8), "algorithm");
        assertEquals(5, all.getInt(12), "algorithms");
        assertEquals(NOW, all.getLong(16));
        assertEquals(5, all.getLong(24));
        assertEquals(300, all.getLong(32));
        assertEquals(1000, all.getLong(40));
        assertEquals(2000, all.getLong(48));
    }

    @Test
    void secretsAreBytesWithTheirLength() {
        byte[] withNul = {'k', 0, 'e', 'y'};
        byte[] cut = {'k'};
        String a = Jwt.sign("{\"a\":1}", withNul, null);
        String b = Jwt.sign("{\"a\":1}", cut, null);
        assertNotEquals(a, b, "an embedded NUL must reach the core");
        assertEquals("{\"a\":1}", Jwt.verify(a, withNul, null));
        fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verify(a, cut, null));
        byte[] binary = new byte[64];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (255 - i);
        }
        assertEquals("{\"a\":1}", Jwt.verify(Jwt.sign("{\"a\":1}", binary, null), binary, null));
        // Non-ASCII text secrets are their UTF-8 bytes.
        assertEquals(Jwt.sign("{}", "clé ключ"), Jwt.sign("{}", "clé ключ".getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    void emptyAndNullInputsReachTheCore() {
        fails(ErrorCode.EMPTY_SECRET, () -> Jwt.sign("{}", ""));
        fails(ErrorCode.EMPTY_SECRET, () -> Jwt.sign("{}", (byte[]) null, null));
        fails(ErrorCode.INVALID_JSON, () -> Jwt.sign("", SECRET));
        // A trailing NUL reaches the core (a C string would have cut it off and signed "{}").
        fails(ErrorCode.INVALID_JSON, () -> Jwt.sign("{}\u0000", SECRET));
        fails(ErrorCode.MALFORMED, () -> Jwt.verify("", SECRET));
        // An empty allow-list would be 0, "not given" (every algorithm), in C: the wrapper refuses it.
        JwtException none = fails(ErrorCode.INVALID_ARGUMENT, () -> new Options().algorithms());
        assertEquals("invalid_argument", none.errorName());
        // An empty prefix is present: the whole header value is the token; not given is the core's default.
        Options at = new Options().now(NOW);
        String header = Jwt.signRequest("{\"c\":\"info\"}", SECRET, new Options().now(NOW).placement(Placement.HEADER));
        Options noPrefix = new Options().now(NOW).prefix("");
        assertEquals("info", field(Jwt.verifyRequest(null, header, SECRET, noPrefix), "c"));
        String download = Jwt.sign("{\"payload\":{\"url\":\"https://h/x\"}}", SECRET, at);
        assertEquals("https://h/x", field(Jwt.verifyDownload(download, "https://h/x", SECRET, noPrefix), "url"));
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyDownload(download, "https://h/x", SECRET, at));
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyRequest(null, header, SECRET, at));
        assertEquals("info", field(Jwt.verifyRequest(null, "Bearer " + header, SECRET, at), "c"));
        // prefix(null) takes the prefix back to "not given".
        assertEquals("info", field(Jwt.verifyRequest(null, "Bearer " + header, SECRET, noPrefix.prefix(null)), "c"));
        // An empty body is no body.
        assertEquals("info", field(Jwt.verifyRequest("", "Bearer " + header, SECRET, at), "c"));
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyRequest("", null, SECRET, at));
    }

    static String field(String json, String name) {
        try {
            return json(json).path("payload").has(name) ? json(json).get("payload").get(name).asText()
                    : json(json).get(name).asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void optionsAreBuiltOnceAndRebuiltWhenChanged() throws IOException {
        Options o = new Options().now(NOW).expiresIn(300);
        String t1 = Jwt.sign("{\"a\":1}", SECRET, o);
        assertEquals(t1, Jwt.sign("{\"a\":1}", SECRET, o));
        JsonNode c1 = json(Jwt.verify(t1, SECRET, o));
        assertEquals(NOW, c1.get("iat").asLong());
        assertEquals(NOW + 300, c1.get("exp").asLong());
        o.now(NOW + 10);
        JsonNode c2 = json(Jwt.verify(Jwt.sign("{\"a\":1}", SECRET, o), SECRET, o));
        assertEquals(NOW + 10, c2.get("iat").asLong());
        // Time options reach verify: expired with no leeway a second after exp.
        Options late = new Options().now(NOW + 301).leeway(0);
        fails(ErrorCode.EXPIRED, () -> Jwt.verify(t1, SECRET, late));
        assertEquals(c1, json(Jwt.verify(t1, SECRET, late.leeway(java.time.Duration.ofSeconds(2)))));
        // Size limits reach the core.
        fails(ErrorCode.TOO_LARGE, () -> Jwt.verify(t1, SECRET, new Options().maxTokenLength(10)));
        fails(ErrorCode.TOO_LARGE, () -> Jwt.sign("{\"a\":1}", SECRET, new Options().maxJsonLength(3)));
    }

    @Test
    void decodeUnverifiedGivesHeaderAndClaims() throws IOException {
        String token = Jwt.sign(CALLBACK, "whatever", new Options().algorithm(Algorithm.HS384));
        Decoded d = Jwt.decodeUnverified(token);
        assertEquals(json("{\"alg\":\"HS384\",\"typ\":\"JWT\"}"), json(d.header()));
        assertEquals(CALLBACK, d.claims());
        assertEquals(d, Jwt.decodeUnverified(token.getBytes(StandardCharsets.UTF_8), null));
        fails(ErrorCode.MALFORMED, () -> Jwt.decodeUnverified("a.b"));
        fails(ErrorCode.TOO_LARGE, () -> Jwt.decodeUnverified(token, new Options().maxTokenLength(5)));
    }

    @Test
    void requestsBothWays() throws IOException {
        Options o = new Options().now(NOW);
        String body = "{\"c\":\"forcesave\",\"key\":\"Khirz6zTPdfd7\"}";
        JsonNode signed = json(Jwt.signRequest(body, SECRET, o));
        assertEquals(signed, json(Jwt.signRequest(body, SECRET, new Options().now(NOW).placement(Placement.BODY))));
        assertEquals("forcesave", signed.get("c").asText());
        String token = signed.get("token").asText();
        JsonNode claims = json(Jwt.verify(token, SECRET, o));
        assertEquals(NOW + 300, claims.get("exp").asLong(), "sign_request's default expires_in is 300");
        JsonNode params = json(Jwt.verifyRequest(signed.toString(), null, SECRET, o));
        assertEquals("Khirz6zTPdfd7", params.get("key").asText());

        String bearer = Jwt.signRequest(body, SECRET, new Options().now(NOW).placement(Placement.HEADER));
        JsonNode wrapped = json(Jwt.verify(bearer, SECRET, o));
        assertEquals(json(body), wrapped.get("payload"));
        JsonNode p = json(Jwt.verifyRequest("{\"c\":\"unsigned\"}", "Bearer " + bearer,
                SECRET.getBytes(StandardCharsets.UTF_8), new Options().now(NOW).prefix("Bearer ")));
        assertEquals("forcesave", p.get("c").asText(), "unsigned body fields are dropped");
        fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verifyRequest(null, "Bearer " + bearer, "other", o));
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyRequest("{\"c\":1}", "Basic abc", SECRET));
        fails(ErrorCode.INVALID_ARGUMENT, () -> Jwt.signRequest(signed.toString(), SECRET));
    }

    @Test
    void editorMethod() throws IOException {
        String params = "{\"c\":\"mailmerge\",\"fileType\":\"xlsx\",\"url\":\"https://storage.example.com/r.xlsx\"}";
        JsonNode signed = json(Jwt.signEditorMethod("setRequestedSpreadsheet", params, SECRET));
        String token = signed.get("token").asText();
        assertEquals(json(params), json(Jwt.verify(token, SECRET)));
        fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verify(token, "another-secret"));
        JwtException e = fails(ErrorCode.INVALID_CONFIG,
                () -> Jwt.signEditorMethod("setRequestedSpreadsheet", "{\"fileType\":\"xlsx\"}", SECRET));
        assertTrue(e.detail().contains("setRequestedSpreadsheet: url"), e.detail());
        fails(ErrorCode.INVALID_CONFIG, () -> Jwt.signEditorMethod("refreshFile", "{}", SECRET));
    }

    @Test
    void editorConfigAndDownload() throws IOException {
        String config = "{\"document\":{\"fileType\":\"docx\",\"key\":\"k1\",\"title\":\"a.docx\","
                + "\"url\":\"https://storage.example.com/a.docx\"},\"documentType\":\"word\","
                + "\"editorConfig\":{\"callbackUrl\":\"https://storage.example.com/cb\"}}";
        JsonNode signed = json(Jwt.signConfig(config, SECRET));
        assertEquals(json(Jwt.signConfig(config, SECRET.getBytes(StandardCharsets.UTF_8), null)), signed);
        String token = signed.get("token").asText();
        assertEquals(json(config), json(Jwt.verify(token, SECRET)));
        JwtException e = fails(ErrorCode.INVALID_CONFIG,
                () -> Jwt.signConfig("{\"document\":{\"key\":\"k\"}}", SECRET));
        assertTrue(e.detail().contains("document.url"), e.detail());

        String url = "https://storage.example.com/download?fileName=a.docx";
        Options o = new Options().now(NOW);
        String dl = Jwt.sign("{\"payload\":{\"url\":\"" + url + "\"}}", SECRET, o);
        JsonNode claims = json(Jwt.verifyDownload("Bearer " + dl, url, SECRET));
        assertEquals(url, claims.get("payload").get("url").asText());
        assertEquals(claims, json(Jwt.verifyDownload("Token " + dl, url, SECRET.getBytes(StandardCharsets.UTF_8),
                new Options().now(NOW).prefix("Token "))));
        fails(ErrorCode.URL_MISMATCH, () -> Jwt.verifyDownload("Bearer " + dl, url + "x", SECRET));
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyDownload(null, url, SECRET));
    }

    @Test
    void loadConfigReadsFilesAndTheGivenEnvironmentOnly(@TempDir Path dir) throws IOException {
        Path secretFile = dir.resolve("outbox.key");
        Files.write(secretFile, new byte[] {'o', 'u', 't', '\n'});
        Path local = dir.resolve("local.json");
        Files.writeString(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"inbox\":{\"string\":\"in\"},"
                + "\"outbox\":{\"string\":\"\",\"file\":\"" + secretFile + "\"}},\"token\":{\"enable\":{\"browser\":true,"
                + "\"request\":{\"inbox\":true,\"outbox\":true}},\"outbox\":{\"expires\":\"30d\"}}}}}");
        JsonNode s = json(Jwt.loadConfig(local.toString()));
        assertEquals("in", s.get("inbox").get("secret").asText());
        assertEquals("6f75740a", s.get("outbox").get("secret_hex").asText(), "the file's bytes, newline kept");
        assertEquals(30L * 86400, s.get("outbox").get("expires_in").asLong());
        assertTrue(s.get("browser").get("enabled").asBoolean());
        JsonNode e = json(Jwt.loadConfig(local.toString(), null, "{\"JWT_SECRET\":\"from-env\",\"JWT_ENABLED\":\"false\"}"));
        assertEquals("from-env", e.get("outbox").get("secret").asText());
        assertFalse(e.get("inbox").get("enabled").asBoolean());
        JwtException x = fails(ErrorCode.INVALID_CONFIG, () -> Jwt.loadConfig(dir.resolve("nope.json").toString()));
        assertTrue(x.detail().contains("nope.json"), x.detail());
    }

    @Test
    void verifyRequestWithConfigUsesTheSettings(@TempDir Path dir) throws IOException {
        Path local = dir.resolve("local.json");
        Files.writeString(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"outbox\":{\"string\":\"out-secret\"}},"
                + "\"token\":{\"outbox\":{\"prefix\":\"Token \"},\"verifyOptions\":{\"clockTolerance\":5}}}}}");
        String settings = Jwt.loadConfig(local.toString());
        long now = 1_700_000_000L;
        String token = Jwt.signRequest("{\"key\":\"k\",\"status\":2}", "out-secret",
                new Options().now(now).placement(Placement.HEADER));
        JsonNode p = json(Jwt.verifyRequestWithConfig(null, "Token " + token, settings, Direction.OUTBOX,
                new Options().now(now)));
        assertEquals(2, p.get("status").asInt());
        // The settings' 5 s tolerance applies, not the default 60.
        fails(ErrorCode.EXPIRED, () -> Jwt.verifyRequestWithConfig(null, "Token " + token, settings, Direction.OUTBOX,
                new Options().now(now + 305)));
        fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verifyRequestWithConfig(null, "Bearer " + token, settings,
                Direction.INBOX, new Options().now(now)));
    }

    @Test
    void verifyDownloadWithConfigAndDownloadTokenExpectedUseTheSettings(@TempDir Path dir) throws IOException {
        Path local = dir.resolve("local.json");
        Files.writeString(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"outbox\":{\"string\":\"out-secret\"}},"
                + "\"token\":{\"enable\":{\"request\":{\"outbox\":true}},"
                + "\"outbox\":{\"prefix\":\"Token \",\"urlExclusionRegex\":\"/public/\"},"
                + "\"verifyOptions\":{\"clockTolerance\":5}}}}}");
        String settings = Jwt.loadConfig(local.toString());
        long now = 1_700_000_000L;
        String url = "https://storage.example/files/a.docx";
        String token = Jwt.sign("{\"payload\":{\"url\":\"" + url + "\"}}", "out-secret",
                new Options().now(now).expiresIn(300));
        JsonNode c = json(Jwt.verifyDownloadWithConfig("Token " + token, url, settings, new Options().now(now)));
        assertEquals(url, c.get("payload").get("url").asText());
        // The settings' 5 s tolerance applies, not the default 60.
        fails(ErrorCode.EXPIRED, () -> Jwt.verifyDownloadWithConfig("Token " + token, url, settings,
                new Options().now(now + 306)));
        String proxied = "http://backend:8080/files/a.docx";
        fails(ErrorCode.URL_MISMATCH, () -> Jwt.verifyDownloadWithConfig("Token " + token, proxied, settings,
                new Options().now(now)));
        c = json(Jwt.verifyDownloadWithConfig("Token " + token, proxied, settings,
                new Options().now(now).pathAndQueryOnly(true)));
        assertEquals(url, c.get("payload").get("url").asText());
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyDownloadWithConfig("Bearer " + token, url, settings,
                new Options().now(now)));
        String excluded = "https://storage.example/public/a.docx";
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.verifyDownloadWithConfig(null, excluded, settings));
        assertEquals(true, Jwt.downloadTokenExpected(url, settings));
        assertEquals(false, Jwt.downloadTokenExpected(excluded, settings));
        fails(ErrorCode.INVALID_CONFIG, () -> Jwt.downloadTokenExpected(url, "{}"));
    }

    @Test
    void nonUtf8TokenBytesAreJudgedByTheCore() {
        byte[] token = Jwt.sign("{}", SECRET).getBytes(StandardCharsets.UTF_8);
        token[3] = (byte) 0xC3;
        fails(ErrorCode.MALFORMED, () -> Jwt.verify(token, SECRET.getBytes(StandardCharsets.UTF_8), null));
    }

    /** glibc's {@code struct mallinfo2}: what malloc (the core's allocator, and JNA's) holds. */
    @com.sun.jna.Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost"})
    public static final class MallInfo2 extends com.sun.jna.Structure implements com.sun.jna.Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface Libc extends com.sun.jna.Library {
        Libc INSTANCE = com.sun.jna.Native.load("c", Libc.class);

        MallInfo2 mallinfo2();
    }

    /** Bytes in use in malloc's heap (the Java heap is not malloc's, so its growth does not count). */
    static long mallocInUse() {
        MallInfo2 m = Libc.INSTANCE.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /** Bytes in use in malloc's heap after a full collection with finalization. */
    static long cHeap() {
        System.gc();
        System.runFinalization();
        return mallocInUse();
    }

    /**
     * Every returned string is freed. Two equal phases run after a warm-up: a leak grows malloc's heap
     * linearly (phase 2 about as much as phase 1, at least the bytes returned); without one phase 2
     * grows by about nothing. The bound is a quarter of what a leak of every returned string would
     * add. Neither the collector's timing nor other processes move it: the wrapper frees each result
     * at once (no finalizer or cleaner is involved) and its out slots are per thread. What the JVM
     * allocates or releases on its own meanwhile (the JIT's arenas: a few MB; JNA's cleaner freeing
     * earlier tests' Options blocks, which only lowers the growth) stays well below the bound.
     */
    @Test
    void returnedStringsAreFreed() {
        String payload = "{\"data\":\"" + "x".repeat(2000) + "\"}";
        Options o = new Options().now(NOW);
        String token = Jwt.sign(payload, SECRET, o);
        int rounds = 40_000;
        Runnable run = () -> {
            for (int i = 0; i < rounds; i++) {
                Jwt.sign(payload, SECRET);
                Jwt.verify(token, SECRET, o);
                Jwt.decodeUnverified(token);
                if (i % 10 == 0) {
                    fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.verify(token, "wrong", o));
                }
            }
        };
        long leak = (long) rounds * (token.length() + 1 + 2 * (payload.length() + 1));
        assertNoGrowth(run, leak, rounds * 3 + rounds / 10);
    }

    /** Runs {@code run} three times (a warm-up, then two measured phases); phase 2 must grow by < leak / 4. */
    static void assertNoGrowth(Runnable run, long leak, int calls) {
        run.run(); // warm-up: JIT, caches
        long h0 = cHeap();
        run.run();
        long h1 = cHeap();
        run.run();
        long h2 = cHeap();
        String report = "C heap growth: phase 1 " + (h1 - h0) + " B, phase 2 " + (h2 - h1) + " B over "
                + calls + " calls each; a leak adds >= " + leak + " B";
        System.out.println(report);
        assertTrue(h2 - h1 < leak / 4, report);
    }

    /**
     * The message each failure returns through {@code out_error} is freed too: failures alone, with a long
     * message (the core names the missing file), measured as {@link #returnedStringsAreFreed} does.
     */
    @Test
    void errorMessagesAreFreed() {
        String missing = "/nonexistent" + ("/" + "d".repeat(250)).repeat(3) + "/local.json";
        JwtException first = fails(ErrorCode.INVALID_CONFIG, () -> Jwt.loadConfig(missing));
        assertTrue(first.detail().contains(missing), first.detail());
        int rounds = 40_000;
        Runnable run = () -> {
            for (int i = 0; i < rounds; i++) {
                try {
                    Jwt.loadConfig(missing);
                } catch (JwtException e) {
                    continue;
                }
                throw new AssertionError("loaded " + missing);
            }
        };
        assertNoGrowth(run, (long) rounds * (first.detail().length() + 1), rounds);
    }

    /**
     * A lone surrogate has no UTF-8 form: String.getBytes would write '?' in its place (signing or
     * comparing other text), so every string parameter refuses it with the contract's
     * invalid_argument.
     */
    @Test
    void aLoneSurrogateIsInvalidArgumentInEveryStringParameter() {
        String lone = "x\ud800y";
        String tok = Jwt.sign("{}", SECRET);
        Runnable[] calls = {
            () -> Jwt.sign(lone, SECRET),
            () -> Jwt.sign("{}", lone),
            () -> Jwt.verify(lone, SECRET),
            () -> Jwt.verify(tok, lone),
            () -> Jwt.decodeUnverified(lone),
            () -> Jwt.signRequest(lone, SECRET),
            () -> Jwt.signRequest("{}", lone, new Options().placement(Placement.HEADER)),
            () -> Jwt.verifyRequest(lone, null, SECRET),
            () -> Jwt.verifyRequest(null, "Bearer " + lone, SECRET),
            () -> Jwt.verifyRequest(null, "Bearer " + tok, SECRET, new Options().prefix(lone)),
            () -> Jwt.verifyRequest(null, "Bearer " + tok, lone),
            () -> Jwt.signEditorMethod(lone, "{}", SECRET),
            () -> Jwt.signEditorMethod("insertImage", lone, SECRET),
            () -> Jwt.signConfig(lone, SECRET),
            () -> Jwt.signConfig("{}", lone),
            () -> Jwt.verifyDownload(lone, "https://h/x", SECRET),
            () -> Jwt.verifyDownload("Bearer " + tok, lone, SECRET),
            () -> Jwt.verifyDownload("Bearer " + tok, "https://h/x", lone),
            () -> Jwt.verifyDownload("Bearer " + tok, "https://h/x", SECRET, new Options().prefix(lone)),
            () -> Jwt.verifyRequestWithConfig(lone, null, "{}", Direction.INBOX),
            () -> Jwt.verifyDownloadWithConfig(null, "https://h/x", lone),
            () -> Jwt.downloadTokenExpected(lone, "{}"),
            () -> Jwt.loadConfig("/nonexistent/" + lone + "/local.json", null, null),
            () -> Jwt.loadConfig("/nonexistent/local.json", lone, null),
            () -> Jwt.loadConfig("/nonexistent/local.json", null, "{\"JWT_SECRET\":\"" + lone + "\"}"),
        };
        for (int i = 0; i < calls.length; i++) {
            JwtException e = assertThrows(JwtException.class, calls[i]::run, "call " + i);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), "call " + i + ": " + e.getMessage());
            assertTrue(e.detail().contains("lone surrogate"), e.detail());
        }
        // A well-formed pair is text like any other; '?' itself is not refused.
        assertEquals("{\"a\":\"\ud83d\ude00?\"}",
                Jwt.verify(Jwt.sign("{\"a\":\"\ud83d\ude00?\"}", "k\ud83d\ude00"), "k\ud83d\ude00"));
    }
}
