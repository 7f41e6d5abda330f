package io.heathub.web;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.control.runtime.api.ControlStatus;
import java.time.Duration;
import io.heathub.api.journal.Journal;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
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
 * served by Felix HTTP Jetty). HubStatus and Journal are optional dynamic references, so the API
 * is up before core and answers 503 until core is there.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=heathub-api"})
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Commands are small; a batch of forecast readings is not. */
    private static final int MAX_BODY = 4 * 1024 * 1024;
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
    transient volatile ControlStatus controlStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ReadingSink readingSink;

    private final transient ApiHandler handler = new ApiHandler(() -> hubStatus, () -> journal,
            () -> ManagementFactory.getRuntimeMXBean().getUptime(), () -> commandService, Duration.ofSeconds(10),
            () -> controlStatus);

    {
        handler.readingSink(() -> readingSink);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiHandler.Response answer;
        try {
            answer = handler.get(req.getPathInfo(), req.getParameter("device"));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "API request " + req.getRequestURI() + " failed", e);
            answer = handler.error(500, "internal error: " + e);
        }
        send(resp, answer);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException,
            javax.servlet.ServletException {
        if ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod())) {
            super.service(req, resp);
        } else if ("POST".equals(req.getMethod())) {
            byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                send(resp, handler.error(413, "request body above " + MAX_BODY + " bytes"));
                return;
            }
            ApiHandler.Response answer;
            try {
                answer = handler.post(req.getPathInfo(), body, "rest:" + req.getRemoteAddr());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "API request " + req.getRequestURI() + " failed", e);
                answer = handler.error(500, "internal error: " + e);
            }
            send(resp, answer);
        } else {
            resp.setHeader("Allow", "GET, HEAD, POST");
            send(resp, handler.error(405, req.getMethod() + " is not supported"));
        }
    }

    private static void send(HttpServletResponse resp, ApiHandler.Response answer) throws IOException {
        resp.setStatus(answer.status());
        resp.setContentType(ApiHandler.Response.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(answer.body().length);
        resp.getOutputStream().write(answer.body());
    }
}
