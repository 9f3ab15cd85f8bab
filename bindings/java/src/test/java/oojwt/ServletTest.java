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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Serves /callback and /files/doc.docx with {@code settings}, runs a session against them, stops. */
    static Run session(String settings) throws Exception {
        Queue<Callback> received = new ConcurrentLinkedQueue<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CallbackServlet(settings, received::add)), "/callback");
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
        Process process = null;
        try {
            server.start(); // returns once the connector is bound: the server is ready
            String base = "http://127.0.0.1:" + connector.getLocalPort();
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
