package oojwt.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import oojwt.Callback;
import oojwt.Direction;
import oojwt.Jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Docs' callback ({@code editorConfig.callbackUrl}) as a Jakarta Servlet: {@link Jwt#handleCallback} with
 * the settings' outbox header, then your handler, answered with {@link Callback#answer}. Logs nothing.
 * <pre>{@code
 * context.addServlet(new ServletHolder(new CallbackServlet(settings, cb -> {
 *     if (cb.status() == Callback.Status.READY_FOR_SAVING) store.save(cb.key(), cb.url());
 * })), "/callback");
 * }</pre>
 */
public class CallbackServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The core's default JSON size limit: no longer body is read into memory. */
    private static final int MAX_BODY = 64 << 20;

    private final String settings;
    private final String header;
    private final transient Callback.Handler onCallback;

    /** {@code settings}: the JSON text {@link Jwt#loadConfig} returned; {@code onCallback}: your code. */
    public CallbackServlet(String settings, Callback.Handler onCallback) {
        this.settings = settings;
        this.header = Jwt.header(settings, Direction.OUTBOX);
        this.onCallback = onCallback;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = new String(request.getInputStream().readNBytes(MAX_BODY + 1), StandardCharsets.UTF_8);
        Callback.Answer answer;
        try {
            onCallback.onCallback(Jwt.handleCallback(body, request.getHeader(header), settings));
            answer = Callback.answer(null);
        } catch (Exception e) {
            answer = Callback.answer(e);
        }
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
