package io.heathub.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.auth.Names;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.util.Arrays;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /api/session}, the browser's sign-in (the console's contract):
 * <ul>
 * <li>{@code POST {"user","password"}} (JSON) → 200 {@code {"user","role","csrfToken"}} and the
 *     session cookie (HttpOnly, SameSite=Strict, Secure under TLS, path /); 401 wrong; 429 locked out;
 * <li>{@code GET} → the same JSON for the caller (csrfToken null for Basic and tokens), or 401;
 * <li>{@code DELETE} (with {@code X-CSRF-Token}) → 204, the session ends and the cookie is cleared.
 * </ul>
 */
final class SessionEndpoint {
    static final String PATH = "/session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final JsonFactory JSON = new JsonFactory();

    private final WebSecurity security;
    private final ApiHandler handler;

    SessionEndpoint(WebSecurity security, ApiHandler handler) {
        this.security = security;
        this.handler = handler;
    }

    /** The session cookie's value, or null. */
    static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies).filter(c -> c.getName().equals(WebSecurity.SESSION_COOKIE))
                .map(Cookie::getValue).filter(v -> v != null && !v.isEmpty()).findFirst().orElse(null);
    }

    void serve(HttpServletRequest req, HttpServletResponse resp, byte[] body, Identity identity,
               Sessions.Session session) throws IOException {
        switch (req.getMethod()) {
            case "POST" -> signIn(req, resp, body, session);
            case "DELETE" -> signOut(req, resp, identity, session);
            default -> {
                if (identity == null) {
                    send(resp, 401, "not signed in");
                } else {
                    who(resp, identity, session, req.getMethod().equals("HEAD"));
                }
            }
        }
    }

    private void signIn(HttpServletRequest req, HttpServletResponse resp, byte[] body, Sessions.Session old)
            throws IOException {
        if (!ApiServlet.isJson(req.getContentType())) {
            send(resp, 415, "send {\"user\",\"password\"} as Content-Type: application/json");
            return;
        }
        String user = null;
        char[] password = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                send(resp, 400, "expected {\"user\": \"…\", \"password\": \"…\"}");
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    send(resp, 400, field + ": expected a string");
                    return;
                }
                switch (field) {
                    case "user" -> user = p.getText();
                    case "password" -> password = p.getTextCharacters() == null ? null
                            : Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(), p.getTextOffset() + p.getTextLength());
                    default -> {
                        send(resp, 400, "unknown field '" + field + "'; expected user and password");
                        return;
                    }
                }
            }
        } catch (IOException e) {
            send(resp, 400, "malformed JSON: " + e.getMessage().replace('\n', ' '));
            return;
        }
        if (user == null || user.isBlank() || password == null) {
            send(resp, 400, "both user and password are required");
            return;
        }
        WebSecurity.Authentication result;
        try {
            result = security.signIn(user, password, req.getRemoteAddr());
        } finally {
            Arrays.fill(password, '\0');
        }
        if (result instanceof WebSecurity.Refused refused) {
            if (refused.retryAfter() != null) {
                resp.setHeader("Retry-After", String.valueOf(Math.max(1, refused.retryAfter().toSeconds())));
            }
            send(resp, refused.status(), refused.message());
            return;
        }
        WebSecurity.Known known = (WebSecurity.Known) result;
        if (old != null) {
            security.signOut(old, req.getRemoteAddr()); // a new id at every sign-in: no session fixation
        }
        resp.addHeader("Set-Cookie", WebSecurity.SESSION_COOKIE + "=" + known.session().id() + "; Path=/; HttpOnly;"
                + " SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        who(resp, known.identity(), known.session(), false);
    }

    private void signOut(HttpServletRequest req, HttpServletResponse resp, Identity identity, Sessions.Session session)
            throws IOException {
        if (session == null) {
            send(resp, identity == null ? 401 : 400, identity == null ? "not signed in"
                    : "signed in by Basic or a token: there is no session to end");
            return;
        }
        if (!WebSecurity.csrfOk(session, req.getHeader(CSRF_HEADER))) {
            send(resp, 403, "signing out needs the session's " + CSRF_HEADER + " header");
            return;
        }
        security.signOut(session, req.getRemoteAddr());
        resp.addHeader("Set-Cookie", WebSecurity.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : ""));
        resp.setStatus(204);
        resp.setHeader("Cache-Control", "no-store");
    }

    private void who(HttpServletResponse resp, Identity identity, Sessions.Session session, boolean head)
            throws IOException {
        byte[] body = new ReadingJson().render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("user", identity.name());
            gen.writeStringField("role", Names.of(identity.role()));
            if (session == null) {
                gen.writeNullField("csrfToken");
            } else {
                gen.writeStringField("csrfToken", session.csrfToken());
            }
            gen.writeEndObject();
        });
        write(resp, 200, body, head);
    }

    private void send(HttpServletResponse resp, int status, String message) throws IOException {
        write(resp, status, handler.error(status, message).body(), false);
    }

    private static void write(HttpServletResponse resp, int status, byte[] body, boolean head) throws IOException {
        resp.setStatus(status);
        resp.setContentType(ApiHandler.Response.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        if (!head) {
            resp.getOutputStream().write(body);
        }
    }
}
