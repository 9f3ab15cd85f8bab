package oojwt;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The neutral callback call, the typed callback, the answer helper and the download check, without a server. */
class CallbackTest {
    static final Path FIXTURE = Path.of(System.getProperty("oojwt.integration",
            "../../tests/fixtures/integration/local.json"));
    static final String OUTBOX = "it-outbox-secret-0123456789abcdef";
    static final String INBOX = "it-inbox-secret-0123456789abcdef";
    static final String SETTINGS = Jwt.loadConfig(FIXTURE.toString());

    static JwtException fails(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        JwtException e = assertThrows(JwtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void readsEveryTypedMemberThroughTrickyJson() {
        String json = " { \"key\" : \"k\\\"},:[\\\\\" , \"status\":6,\"url\":\"https://s/a?b=1,2&c={}\","
                + "\"changesurl\":\"https://s/c.zip\",\"users\":[\"u1\",\"u\\u00e9\\ud83d\\ude00\",\"\\n\\t/\\/\"],"
                + "\"actions\":[{\"type\":1,\"userid\":\"u1\"}],\"history\":{\"changes\":[{\"x\":\"]}\\\"\"}],"
                + "\"serverVersion\":\"7.5\"},\"forcesavetype\":1,\"filetype\":\"docx\",\"userdata\":\"d:\\\"e\\\"\","
                + "\"empty\":{},\"none\":[],\"n\":null,\"nested\":{\"key\":\"not-me\"} }";
        Callback cb = Callback.of(json);
        assertEquals("k\"},:[\\", cb.key());
        assertEquals(Callback.Status.FORCE_SAVE, cb.status());
        assertEquals(6, cb.statusNumber());
        assertEquals("https://s/a?b=1,2&c={}", cb.url());
        assertEquals("https://s/c.zip", cb.changesurl());
        assertEquals(List.of("u1", "u\u00e9\ud83d\ude00", "\n\t//"), cb.users());
        assertEquals("[{\"type\":1,\"userid\":\"u1\"}]", cb.actions());
        assertEquals("{\"changes\":[{\"x\":\"]}\\\"\"}],\"serverVersion\":\"7.5\"}", cb.history());
        assertEquals(1, cb.forcesavetype());
        assertEquals("docx", cb.filetype());
        assertEquals("d:\"e\"", cb.userdata());
        assertEquals("{}", cb.member("empty"));
        assertEquals("[]", cb.member("none"));
        assertEquals("null", cb.member("n"));
        assertEquals("{\"key\":\"not-me\"}", cb.member("nested"));
        assertEquals(List.of(), Callback.items("[]"));
        assertEquals(json, cb.json());
    }

    @Test
    void absentMembersAreNullAndUnknownStatusesKeepTheirNumber() {
        Callback cb = Callback.of("{\"status\":9,\"key\":\"k\",\"url\":5,\"forcesavetype\":\"1\",\"users\":{}}");
        assertEquals(Callback.Status.UNKNOWN, cb.status());
        assertEquals(9, cb.statusNumber());
        assertNull(cb.url()); // not a string
        assertNull(cb.forcesavetype()); // not a number
        assertNull(cb.users()); // not an array
        assertNull(cb.changesurl());
        assertNull(cb.history());
        assertNull(cb.actions());
        assertNull(cb.filetype());
        assertNull(cb.userdata());
        assertNull(cb.member("nope"));
        assertEquals(2, Callback.of("{\"status\":2.0,\"key\":\"k\"}").statusNumber());
        for (int n : new int[] {1, 2, 3, 4, 6, 7}) {
            assertEquals(n, Callback.of("{\"key\":\"k\",\"status\":" + n + "}").status().number());
        }
    }

    @Test
    void aBodyWithoutKeyOrIntegerStatusIsNotACallback() {
        for (String params : new String[] {"{\"status\":2}", "{\"key\":\"k\"}", "{\"key\":1,\"status\":2}",
                "{\"key\":\"k\",\"status\":\"2\"}", "{\"key\":\"k\",\"status\":2.5}", "{\"key\":\"k\",\"status\":1e99}",
                "{\"payload\":{\"key\":\"k\",\"status\":2}}", "{}"}) {
            fails(ErrorCode.INVALID_JSON, () -> Callback.of(params));
        }
    }

    @Test
    void answersAsDocsExpects() {
        assertEquals(new Callback.Answer(200, "{\"error\":0}"), Callback.answer(null));
        assertEquals(new Callback.Answer(400, "{\"error\":1}"),
                Callback.answer(new JwtException(2, "invalid_json", "body: x")));
        for (ErrorCode c : new ErrorCode[] {ErrorCode.BAD_SIGNATURE, ErrorCode.EXPIRED, ErrorCode.MISSING_TOKEN,
                ErrorCode.MALFORMED, ErrorCode.UNSUPPORTED_ALG, ErrorCode.NOT_YET_VALID, ErrorCode.TOO_LARGE}) {
            assertEquals(new Callback.Answer(403, "{\"error\":1}"),
                    Callback.answer(new JwtException(c.number(), c.contractName(), "")), c.name());
        }
        assertEquals(500, Callback.answer(new JwtException(11, "invalid_config", "")).status());
        assertEquals(500, Callback.answer(new java.io.IOException("disk full")).status());
        assertEquals(500, Callback.answer(new IllegalStateException()).status());
    }

    @Test
    void handleCallbackTakesTheBodyTokenWithTheOutboxSecret() {
        String body = Jwt.signRequest("{\"key\":\"K1\",\"status\":2,\"url\":\"https://docs/out.docx\"}", OUTBOX);
        Callback cb = Jwt.handleCallback(body, null, SETTINGS);
        assertEquals("K1", cb.key());
        assertEquals(Callback.Status.READY_FOR_SAVING, cb.status());
        assertEquals("https://docs/out.docx", cb.url());
        // Unsigned members beside the token are not used: the verified parameters are the token's.
        String tampered = body.replace("{\"key\":\"K1\"", "{\"key\":\"FORGED\"");
        assertTrue(tampered.contains("FORGED"));
        assertEquals("K1", Jwt.handleCallback(tampered, null, SETTINGS).key());
        assertEquals(200, Callback.answer(null).status());
    }

    @Test
    void handleCallbackTakesTheHeaderTokenWhenTheBodyHasNone() {
        String token = Jwt.sign("{\"payload\":{\"key\":\"K2\",\"status\":1,\"users\":[\"u1\"]}}", OUTBOX);
        Callback cb = Jwt.handleCallback("{\"key\":\"FORGED\",\"status\":2}", "Bearer " + token, SETTINGS);
        assertEquals("K2", cb.key());
        assertEquals(Callback.Status.EDITING, cb.status());
        assertEquals(List.of("u1"), cb.users());
        assertEquals("Authorization", Jwt.header(SETTINGS, Direction.OUTBOX));
        assertEquals("Authorization", Jwt.header(SETTINGS, Direction.INBOX));
    }

    @Test
    void handleCallbackRefusesWhatDocsDidNotSign() {
        String inboxSigned = Jwt.signRequest("{\"key\":\"K\",\"status\":2}", INBOX);
        assertEquals(403, Callback.answer(fails(ErrorCode.BAD_SIGNATURE,
                () -> Jwt.handleCallback(inboxSigned, null, SETTINGS))).status());
        assertEquals(403, Callback.answer(fails(ErrorCode.MISSING_TOKEN,
                () -> Jwt.handleCallback("{\"key\":\"K\",\"status\":2}", null, SETTINGS))).status());
        assertEquals(400, Callback.answer(fails(ErrorCode.INVALID_JSON,
                () -> Jwt.handleCallback("key=K&status=2", null, SETTINGS))).status());
        String noStatus = Jwt.signRequest("{\"key\":\"K\"}", OUTBOX);
        assertEquals(400, Callback.answer(fails(ErrorCode.INVALID_JSON,
                () -> Jwt.handleCallback(noStatus, null, SETTINGS))).status());
    }

    @Test
    void checkDownloadVerifiesTheUrlWithTheOutboxSecret() throws Exception {
        String url = "http://127.0.0.1:8080/files/doc.docx?v=1";
        String token = Jwt.sign("{\"payload\":{\"url\":\"" + url + "\"}}", OUTBOX);
        String claims = Jwt.checkDownload("Bearer " + token, url, SETTINGS, null);
        assertTrue(claims.contains(url), claims);
        fails(ErrorCode.MISSING_TOKEN, () -> Jwt.checkDownload(null, url, SETTINGS, null));
        fails(ErrorCode.URL_MISMATCH, () -> Jwt.checkDownload("Bearer " + token,
                "http://127.0.0.1:8080/files/other.docx?v=1", SETTINGS, null));
        String inbox = Jwt.sign("{\"payload\":{\"url\":\"" + url + "\"}}", INBOX);
        fails(ErrorCode.BAD_SIGNATURE, () -> Jwt.checkDownload("Bearer " + inbox, url, SETTINGS, null));
        // Behind a proxy that changes the host: path and query only.
        assertTrue(Jwt.checkDownload("Bearer " + token, "http://storage.internal/files/doc.docx?v=1", SETTINGS,
                new Options().pathAndQueryOnly(true)).contains(url));
        // Outbox tokens off: Docs sends none, and the download is not checked.
        Path off = Files.createTempFile("oojwt-off", ".json");
        try {
            Files.writeString(off, Files.readString(FIXTURE).replace("\"outbox\": true", "\"outbox\": false"));
            String offSettings = Jwt.loadConfig(off.toString());
            assertNull(Jwt.checkDownload(null, url, offSettings, null));
        } finally {
            Files.delete(off);
        }
    }
}
