package bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionauth.jwt.Verifier;
import io.fusionauth.jwt.domain.JWT;
import io.fusionauth.jwt.hmac.HMACVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import oojwt.Jwt;
import oojwt.servlet.CallbackServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code Serve SIDE PORT}: one embedded Jetty 12 on 127.0.0.1:PORT serving {@code POST /callback}, the
 * same server for both sides (OO_SERVE_WORKERS request threads, one acceptor, one selector, no request
 * log); only the servlet differs. {@code oo}: the kit's {@link CallbackServlet} with the settings
 * {@code Jwt.loadConfig} read once. {@code peer}: the job as ONLYOFFICE's Java example does it with
 * fusionauth-jwt (body parsed as JSON, its {@code token} else the Bearer header's, verified, its
 * {@code payload} claim taken when present).
 */
public final class Serve {
    /** Where each handler leaves what it read, so that no step is optimised away. */
    static volatile long sink;

    private Serve() {
    }

    public static void main(String[] args) throws Exception {
        String side = args[0];
        int port = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(System.getenv().getOrDefault("OO_SERVE_WORKERS", "2"));
        HttpServlet servlet = switch (side) {
            case "oo" -> new CallbackServlet(Jwt.loadConfig(System.getenv("OO_SERVE_CONFIG")), cb -> {
                String history = cb.history();
                sink += cb.statusNumber() + cb.key().length() + (cb.url() == null ? 0 : cb.url().length())
                        + (history == null ? 0 : history.length());
            });
            case "peer" -> new PeerServlet(System.getenv("OO_SERVE_SECRET"));
            default -> throw new IllegalArgumentException("side: oo or peer, not " + side);
        };
        // Jetty takes the acceptor and the selector from the same pool: N request threads = N + 2.
        QueuedThreadPool pool = new QueuedThreadPool(workers + 2, workers + 2);
        pool.setReservedThreads(0);
        pool.setName(side);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/callback");
        server.setHandler(context);
        server.start();
        server.join();
    }

    /** The peer: fusionauth-jwt the way ONLYOFFICE's Java integration example reads a callback. */
    static final class PeerServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final String BEARER = "Bearer ";
        private final transient ObjectMapper mapper = new ObjectMapper();
        private final transient Verifier verifier;

        PeerServlet(String secret) {
            this.verifier = HMACVerifier.newVerifier(secret);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int status = 200;
            String answer = "{\"error\":0}";
            try {
                Map<String, Object> body = mapper.readValue(request.getInputStream(), Map.class);
                Object token = body.get("token");
                if (token == null) {
                    String header = request.getHeader("Authorization");
                    if (header != null && !header.isEmpty()) {
                        token = header.startsWith(BEARER) ? header.substring(BEARER.length()) : header;
                    }
                }
                if (!(token instanceof String t) || t.isEmpty()) {
                    throw new IllegalArgumentException("JWT expected");
                }
                JWT jwt = JWT.getDecoder().decode(t, verifier);
                Map<String, Object> claims = jwt.getAllClaims();
                if (jwt.getObject("payload") instanceof Map<?, ?> payload) {
                    claims = (Map<String, Object>) payload;
                }
                Object history = claims.get("history");
                Object changes = history instanceof Map<?, ?> h ? h.get("changes") : null;
                Object url = claims.get("url");
                sink += ((Number) claims.get("status")).intValue() + ((String) claims.get("key")).length()
                        + (url instanceof String u ? u.length() : 0)
                        + (changes instanceof List<?> l ? l.size() : 0);
            } catch (Exception e) {
                status = 403;
                answer = "{\"error\":1}";
            }
            response.setStatus(status);
            response.setContentType("application/json");
            response.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
        }
    }
}
