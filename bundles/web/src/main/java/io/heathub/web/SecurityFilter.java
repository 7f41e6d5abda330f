package io.heathub.web;

import java.io.IOException;
import java.lang.System.Logger.Level;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * In front of everything the hub serves over HTTP (the API and the console): security headers on
 * every answer, the {@code Host} check against DNS rebinding, plain HTTP redirected to HTTPS when
 * TLS is on, and — until an admin user exists — nothing but loopback clients.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.name=heathub-security"})
public final class SecurityFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(SecurityFilter.class.getName());
    /** Same-origin pages with no inline script or style, never framed. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final WebSecurity security;

    @Activate
    public SecurityFilter(@Reference WebSecurity security) {
        this.security = security;
    }

    @Override
    public void init(javax.servlet.FilterConfig config) {
        // nothing to set up: the settings come from WebSecurity at each request
    }

    @Override
    public void destroy() {
        // nothing held
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        WebSettings settings = security.settings();
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (req.isSecure()) {
            resp.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        String host = req.getHeader("Host");
        if (!settings.hostAllowed(host)) {
            LOG.log(Level.INFO, "refused a request from {0} for host {1} (not in allowedHosts)", req.getRemoteAddr(), host);
            error(resp, 400, "host '" + host + "' is not a name of this hub; an admin can add it to allowedHosts in"
                    + " etc/io.heathub.web.cfg (or HEATHUB_ALLOWED_HOSTS)");
            return;
        }
        if (settings.tls() && !req.isSecure()) {
            String query = req.getQueryString();
            resp.setStatus(308);
            resp.setHeader("Location", "https://" + hostName(host, req.getServerName()) + ":" + settings.securePort()
                    + req.getRequestURI() + (query == null ? "" : "?" + query));
            resp.setContentLength(0);
            return;
        }
        if (!WebSecurity.loopback(req.getRemoteAddr()) && !security.hasAdmin()) {
            error(resp, 503, "this hub has no admin user yet and answers only on localhost until one exists;"
                    + " on the hub run: bin/heathub user add NAME --role admin");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The host part of a Host header ({@code [::1]:8181} → {@code [::1]}). */
    static String hostName(String hostHeader, String fallback) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return fallback;
        }
        int close = hostHeader.indexOf(']');
        int colon = hostHeader.lastIndexOf(':');
        return colon > close ? hostHeader.substring(0, colon) : hostHeader;
    }

    /** A JSON error answer, as the API gives them. */
    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = ApiHandler.errorBody(status, message);
        resp.setStatus(status);
        resp.setContentType(ApiHandler.Response.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

}
