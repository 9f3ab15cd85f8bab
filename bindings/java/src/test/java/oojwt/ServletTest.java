package oojwt;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import oojwt.servlet.CallbackServlet;
import oojwt.servlet.DownloadFilter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The servlet adapters end to end: embedded Jetty on a loopback port, driven by {@code oo-jwt docs-sim
 * session} (Docs' callbacks and downloads, signed as Docs signs them).
 */
class ServletTest {
    static final String CLI = System.getProperty("oojwt.cli", "../../target/release/oo-jwt");
    static final byte[] FILE = "a small document".getBytes(StandardCharsets.UTF_8);

    /** What one session did: the CLI's exit status, its --json report, the callbacks the handler got. */
    record Run(int exit, JsonNode report, List<Callback> received) {
    }

    /** Jetty on a free loopback port: {@code handler} at /callback, /files/doc.docx behind the download filter. */
    static Server start(String settings, Callback.Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CallbackServlet(settings, handler)), "/callback");
        context.addFilter(new FilterHolder(new DownloadFilter(settings, null)), "/files/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/octet-stream");
                response.getOutputStream().write(FILE);
            }
        }), "/files/*");
        server.setHandler(context);
        try {
            server.start(); // returns once the connector is bound: the server is ready
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    static String base(Server server) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Serves /callback and /files/doc.docx with {@code settings}, runs a session against them, stops. */
    static Run session(String settings) throws Exception {
        Queue<Callback> received = new ConcurrentLinkedQueue<>();
        Server server = start(settings, received::add);
        Process process = null;
        try {
            String base = base(server);
            process = new ProcessBuilder("timeout", "-s", "KILL", "120", CLI, "docs-sim", "session",
                    "--config", CallbackTest.FIXTURE.toString(), "--callback-url", base + "/callback",
                    "--file-url", base + "/files/doc.docx", "--json")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(150, TimeUnit.SECONDS), "docs-sim session did not end");
            return new Run(process.exitValue(), Vectors.JSON.readTree(out), new ArrayList<>(received));
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            server.stop();
        }
    }

    @Test
    void docsSimSessionPassesEveryStep() throws Exception {
        Run run = session(CallbackTest.SETTINGS);
        assertEquals(0, run.report().get("failed").asInt(), run.report().toPrettyString());
        assertEquals(run.report().get("steps").size(), run.report().get("passed").asInt());
        assertTrue(run.report().get("passed").asInt() >= 14, run.report().toPrettyString());
        assertEquals(0, run.exit());
        Set<Integer> statuses = new TreeSet<>();
        Callback saved = null;
        Callback forced = null;
        Callback longHistory = null;
        for (Callback cb : run.received()) {
            statuses.add(cb.statusNumber());
            assertFalse(cb.key().endsWith("-forged"), "the forged callback reached the integrator's code");
            if (cb.key().endsWith("-long")) {
                longHistory = cb;
            } else if (cb.status() == Callback.Status.READY_FOR_SAVING) {
                saved = cb;
            } else if (cb.status() == Callback.Status.FORCE_SAVE) {
                forced = cb;
            }
        }
        assertEquals(Set.of(1, 2, 3, 4, 6, 7), statuses);
        assertNotNull(saved);
        assertTrue(saved.url().startsWith("http://127.0.0.1:"), saved.url());
        assertNotNull(forced);
        assertEquals(1, forced.forcesavetype());
        assertEquals("docs-sim-userdata", forced.userdata());
        assertNotNull(forced.users());
        // Docs cut this callback's header token (no changesurl, history {}): both came from the body token.
        assertNotNull(longHistory);
        assertNotNull(longHistory.changesurl());
        assertTrue(longHistory.history().contains("\"changes\""), longHistory.history());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()
                .send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdaptersAnswerEachOutcomeOverHttp() throws Exception {
        Server server = start(CallbackTest.SETTINGS, cb -> {
            if (cb.key().equals("fails")) {
                throw new IOException("the integrator's storage is down");
            }
        });
        try {
            URI callback = URI.create(base(server) + "/callback");
            String[][] cases = {
                {"{\"key\":\"ok\",\"status\":1}", "200", "{\"error\":0}"},
                {"{\"key\":\"fails\",\"status\":2}", "500", "{\"error\":1}"},
            };
            for (String[] c : cases) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(callback)
                        .POST(HttpRequest.BodyPublishers.ofString(Jwt.signRequest(c[0], CallbackTest.OUTBOX))));
                assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0]);
                assertEquals(c[2], r.body());
                assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            }
            HttpResponse<String> notJson = send(HttpRequest.newBuilder(callback)
                    .POST(HttpRequest.BodyPublishers.ofString("key=k&status=2")));
            assertEquals(400, notJson.statusCode());
            assertEquals("{\"error\":1}", notJson.body());
            HttpResponse<String> inbox = send(HttpRequest.newBuilder(callback).POST(HttpRequest.BodyPublishers
                    .ofString(Jwt.signRequest("{\"key\":\"ok\",\"status\":2}", CallbackTest.INBOX))));
            assertEquals(403, inbox.statusCode());
            assertEquals("{\"error\":1}", inbox.body());

            String file = base(server) + "/files/doc.docx?v=2";
            String token = Jwt.sign("{\"payload\":{\"url\":\"" + file + "\"}}", CallbackTest.OUTBOX);
            HttpResponse<String> served = send(HttpRequest.newBuilder(URI.create(file))
                    .header("Authorization", "Bearer " + token));
            assertEquals(200, served.statusCode());
            assertEquals(new String(FILE, StandardCharsets.UTF_8), served.body());
            HttpResponse<String> otherQuery = send(HttpRequest.newBuilder(URI.create(base(server) + "/files/doc.docx?v=3"))
                    .header("Authorization", "Bearer " + token));
            assertEquals(403, otherQuery.statusCode());
            assertFalse(otherQuery.body().contains(new String(FILE, StandardCharsets.UTF_8)));
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(file))).statusCode());
        } finally {
            server.stop();
        }
    }

    @Test
    void aWrongOutboxSecretFailsTheSession() throws Exception {
        Path wrong = Files.createTempFile("oojwt-wrong", ".json");
        try {
            Files.writeString(wrong, Files.readString(CallbackTest.FIXTURE)
                    .replace(CallbackTest.OUTBOX, "another-outbox-secret-0123456789abcdef"));
            String settings = Jwt.loadConfig(wrong.toString());
            assertNotEquals(CallbackTest.SETTINGS, settings);
            Run run = session(settings);
            assertNotEquals(0, run.exit());
            assertTrue(run.report().get("failed").asInt() > 0, run.report().toPrettyString());
            assertEquals(List.of(), run.received());
        } finally {
            Files.delete(wrong);
        }
    }
}
