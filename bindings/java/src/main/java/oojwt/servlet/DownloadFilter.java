package oojwt.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import oojwt.Direction;
import oojwt.Jwt;
import oojwt.JwtException;
import oojwt.Options;

import java.io.IOException;

/**
 * Guards the files the integrator serves to Docs ({@code document.url}, ...): {@link Jwt#checkDownload} on
 * the request's URL and the settings' outbox header; 403 without serving when it fails.
 * <pre>{@code context.addFilter(new FilterHolder(new DownloadFilter(settings, null)), "/files/*", null);}</pre>
 */
public class DownloadFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private final String settings;
    private final String header;
    private final transient Options options;

    /** {@code options}: null, or {@code pathAndQueryOnly(true)} behind a proxy that changes the host. */
    public DownloadFilter(String settings, Options options) {
        this.settings = settings;
        this.header = Jwt.header(settings, Direction.OUTBOX);
        this.options = options;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String query = request.getQueryString();
        String url = request.getRequestURL() + (query == null ? "" : "?" + query);
        try {
            Jwt.checkDownload(request.getHeader(header), url, settings, options);
        } catch (JwtException e) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }
}
