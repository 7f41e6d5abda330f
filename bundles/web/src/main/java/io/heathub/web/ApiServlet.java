package io.heathub.web;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.Journal;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.config.site.SiteService;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The HTTP API under {@code /api/*}, registered on the OSGi HTTP Whiteboard (javax.servlet,
 * served by Felix HTTP Jetty): adapts HTTP to {@link ApiHandler}. Core's services are optional
 * dynamic references, so the API is up before core and answers 503 until core is there; the
 * features' {@link RestResource} services are bound as they come and go.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=heathub-api"})
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Commands are small; a batch of forecast readings is not. */
    static final int MAX_BODY = 4 * 1024 * 1024;
    /** Commands, sign-ins and acknowledgements are a few hundred bytes. */
    static final int SMALL_BODY = 64 * 1024;
    static final java.util.Set<String> SMALL_BODY_PATHS = java.util.Set.of("/commands", SessionEndpoint.PATH, "/alarms/ack");
    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();
    private static final Logger LOG = System.getLogger(ApiServlet.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile HubStatus hubStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CommandService commandService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ReadingSink readingSink;

    /** The applied site: its version for /api/status, and the devices whose readings may be posted. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile SiteService sites;

    /** Who is asking (users, tokens, sessions); set before the servlet serves. */
    @Reference
    transient volatile WebSecurity security;

    final transient ApiHandler handler = new ApiHandler(() -> hubStatus, () -> journal,
            () -> ManagementFactory.getRuntimeMXBean().getUptime(), () -> commandService, Duration.ofSeconds(10));

    {
        handler.readingSink(() -> readingSink);
        handler.sites(() -> sites);
        handler.postable(device -> postable().allows(device) || security.settings().postable(device));
    }

    /** What the applied site declares postable ({@code readings.postable}); the default without one. */
    PostableReadings postable() {
        SiteService service = sites;
        return service == null ? PostableReadings.DEFAULT : service.current()
                .flatMap(site -> site.section(ReadingsSection.KEY, PostableReadings.class))
                .orElse(PostableReadings.DEFAULT);
    }

    /** A feature's resources appear under /api. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addResource(RestResource resource, Map<String, Object> properties) {
        List<String> refused = handler.add(resource, properties);
        if (!refused.isEmpty()) {
            LOG.log(Level.WARNING, "REST resource " + resource.getClass().getName() + ": not serving " + refused
                    + " (not a path below /api, or already served by another resource)");
        }
    }

    void removeResource(RestResource resource) {
        handler.remove(resource);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String path = req.getPathInfo() == null || req.getPathInfo().isEmpty() ? "/" : req.getPathInfo();
        boolean sessionPath = path.equals(SessionEndpoint.PATH);
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")
                && !(sessionPath && method.equals("DELETE"))) {
            resp.setHeader("Allow", sessionPath ? "GET, HEAD, POST, DELETE" : "GET, HEAD, POST");
            send(resp, handler.error(405, method + " is not supported"), false);
            return;
        }
        byte[] body = new byte[0];
        if (method.equals("POST")) {
            int limit = SMALL_BODY_PATHS.contains(path) ? SMALL_BODY : MAX_BODY;
            body = req.getInputStream().readNBytes(limit + 1);
            if (body.length > limit) {
                send(resp, handler.error(413, "request body above " + limit + " bytes"), false);
                return;
            }
        }
        Map<String, List<String>> query;
        try {
            query = query(req.getQueryString());
        } catch (IllegalArgumentException e) {
            send(resp, handler.error(400, "malformed query string: " + e.getMessage()), false);
            return;
        }
        String address = req.getRemoteAddr();
        WebSecurity.Authentication auth = security.authenticate(new WebSecurity.Call(req.getHeader("Authorization"),
                SessionEndpoint.cookie(req), address, req.isSecure()));
        if (auth instanceof WebSecurity.Refused refused) {
            refuse(req, resp, path, refused.status(), refused.message(), refused.retryAfter());
            return;
        }
        Identity identity = auth instanceof WebSecurity.Known known ? known.identity() : null;
        Sessions.Session session = auth instanceof WebSecurity.Known known ? known.session() : null;
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read) {
            String crossSite = crossSite(req);
            if (crossSite != null) {
                security.audit(identity == null ? "rest:" + address : identity.caller(), method + " /api" + path,
                        address, "403", null, crossSite);
                send(resp, handler.error(403, crossSite), false);
                return;
            }
        }
        if (sessionPath) {
            new SessionEndpoint(security, handler).serve(req, resp, body, identity, session);
            return;
        }
        String caller = identity == null ? "rest:" + address : identity.caller();
        RestRequest request = new RestRequest(method, path, "", query, body, req.getContentType(), caller,
                identity == null ? null : identity.name(), identity == null ? Role.ANYONE : identity.role());
        String csrf = req.getHeader(SessionEndpoint.CSRF_HEADER);
        RestResponse answer = handler.answer(request, (routed, needed) -> check(routed, needed, identity, session, csrf));
        if (!read) {
            security.audit(caller, method + " /api" + path, address, String.valueOf(answer.status()), subject(body),
                    answer instanceof RestResponse.Error e ? e.message() : null);
        }
        if (answer.status() == 401) {
            refuse(req, resp, path, 401, ((RestResponse.Error) answer).message(), null);
            return;
        }
        boolean head = method.equals("HEAD");
        if (answer instanceof RestResponse.Download download) {
            download(req, resp, download, head);
        } else {
            send(resp, handler.render(answer), head);
        }
    }

    /**
     * The role, then for a state-changing request a session's CSRF token and a JSON body: 401
     * anonymous, 403 wrong role or missing token, 415 not JSON — before the resource sees it.
     */
    static RestResponse.Error check(RestRequest routed, Role needed, Identity identity, Sessions.Session session,
                                    String csrf) {
        if (!WebSecurity.covers(identity, needed)) {
            return identity == null
                    ? new RestResponse.Error(401, "sign in first: " + routed.method() + " /api" + routed.path()
                    + " needs the " + needed.name().toLowerCase(java.util.Locale.ROOT) + " role (HTTP Basic, a bearer"
                    + " token, or a session from POST /api/session)", null)
                    : new RestResponse.Error(403, identity.name() + " holds the "
                    + identity.role().name().toLowerCase(java.util.Locale.ROOT) + " role; " + routed.method() + " /api"
                    + routed.path() + " needs " + needed.name().toLowerCase(java.util.Locale.ROOT), null);
        }
        if (!routed.isRead()) {
            if (session != null && !WebSecurity.csrfOk(session, csrf)) {
                return new RestResponse.Error(403, "a request signed in by session cookie must carry its "
                        + SessionEndpoint.CSRF_HEADER + " header (csrfToken from POST/GET /api/session)", null);
            }
            if (!isJson(routed.contentType())) {
                return new RestResponse.Error(415, "send the body as Content-Type: application/json (got "
                        + routed.contentType() + ")", null);
            }
        }
        return null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    /**
     * Why a state-changing request looks cross-site (a page elsewhere making the browser send it), or
     * null: {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} other than this hub's own.
     */
    static String crossSite(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && site.equalsIgnoreCase("cross-site")) {
            return "cross-site request refused (Sec-Fetch-Site: cross-site)";
        }
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String own = (req.isSecure() ? "https://" : "http://") + req.getHeader("Host");
        return origin.equalsIgnoreCase(own) ? null : "cross-origin request refused (Origin " + origin + ", this hub is "
                + own + ")";
    }

    /** 401 (with a Basic challenge for API clients), 403, 429 (with Retry-After) or 503 from authentication. */
    private void refuse(HttpServletRequest req, HttpServletResponse resp, String path, int status, String message,
                        Duration retryAfter) throws IOException {
        // no Basic challenge for the console: the browser would pop up its own sign-in dialog
        if (status == 401 && !path.equals(SessionEndpoint.PATH) && SessionEndpoint.cookie(req) == null
                && req.getHeader("X-Requested-With") == null) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"heathub\", charset=\"UTF-8\"");
        }
        if (retryAfter != null) {
            resp.setHeader("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        send(resp, handler.error(status, message), false);
    }

    /** What a state-changing request is about, for the audit: its body's top-level {@code id} or {@code requestId}. */
    static String subject(byte[] body) {
        if (body.length == 0 || body.length > 64 * 1024) {
            return null;
        }
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if ((name.equals("id") || name.equals("requestId")) && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The query string's parameters, decoded as UTF-8 (the body is never read for them). */
    static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static void download(HttpServletRequest req, HttpServletResponse resp, RestResponse.Download download,
                                 boolean head) throws IOException {
        resp.setStatus(200);
        resp.setContentType(download.contentType());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
        if (head) {
            return;
        }
        try {
            download.body().writeTo(resp.getOutputStream());
        } catch (IOException e) {
            // the status line is gone already: the client sees a cut-off body
            LOG.log(Level.ERROR, "streaming " + req.getRequestURI() + " failed", e);
            throw e;
        }
    }

    private static void send(HttpServletResponse resp, ApiHandler.Response answer, boolean head) throws IOException {
        resp.setStatus(answer.status());
        resp.setContentType(ApiHandler.Response.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(answer.body().length);
        if (!head) {
            resp.getOutputStream().write(answer.body());
        }
    }
}
