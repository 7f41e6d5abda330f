package io.heathub.web;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.Journal;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
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

    final transient ApiHandler handler = new ApiHandler(() -> hubStatus, () -> journal,
            () -> ManagementFactory.getRuntimeMXBean().getUptime(), () -> commandService, Duration.ofSeconds(10));

    {
        handler.readingSink(() -> readingSink);
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
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            resp.setHeader("Allow", "GET, HEAD, POST");
            send(resp, handler.error(405, method + " is not supported"), false);
            return;
        }
        byte[] body = new byte[0];
        if (method.equals("POST")) {
            body = req.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                send(resp, handler.error(413, "request body above " + MAX_BODY + " bytes"), false);
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
        String path = req.getPathInfo() == null || req.getPathInfo().isEmpty() ? "/" : req.getPathInfo();
        RestResponse answer = handler.answer(new RestRequest(method, path, "", query, body, req.getContentType(),
                "rest:" + req.getRemoteAddr()));
        boolean head = method.equals("HEAD");
        if (answer instanceof RestResponse.Download download) {
            download(req, resp, download, head);
        } else {
            send(resp, handler.render(answer), head);
        }
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
