package io.heathub.web;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.control.runtime.api.ControlStatus;
import io.heathub.billing.runtime.api.AlarmStatus;
import io.heathub.billing.runtime.api.KpiService;
import io.heathub.billing.runtime.api.ReadingExport;
import io.heathub.billing.runtime.api.SettlementService;
import io.heathub.billing.runtime.api.SupervisionStatus;
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile SettlementService settlementService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ReadingExport readingExport;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AlarmStatus alarmStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile SupervisionStatus supervisionStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile KpiService kpiService;

    private final transient ApiHandler handler = new ApiHandler(() -> hubStatus, () -> journal,
            () -> ManagementFactory.getRuntimeMXBean().getUptime(), () -> commandService, Duration.ofSeconds(10),
            () -> controlStatus);

    {
        handler.readingSink(() -> readingSink);
        handler.billing(new ApiHandler.Billing(() -> settlementService, () -> readingExport, () -> alarmStatus,
                () -> supervisionStatus, () -> kpiService));
    }

    /** The export is streamed: a season of readings does not fit in one byte array. */
    private static final String EXPORT_ROUTE = "/export/readings.csv";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (EXPORT_ROUTE.equals(req.getPathInfo())) {
            download(req, resp, handler.exportReadings(req.getParameter("from"), req.getParameter("to")));
            return;
        }
        ApiHandler.Response answer;
        try {
            answer = handler.getWithQuery(req.getPathInfo(), req::getParameter);
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

    private void download(HttpServletRequest req, HttpServletResponse resp, ApiHandler.Download download)
            throws IOException {
        if (download.error() != null) {
            send(resp, download.error());
            return;
        }
        resp.setStatus(200);
        resp.setContentType(download.contentType());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
        if ("HEAD".equals(req.getMethod())) {
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

    private static void send(HttpServletResponse resp, ApiHandler.Response answer) throws IOException {
        resp.setStatus(answer.status());
        resp.setContentType(ApiHandler.Response.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(answer.body().length);
        resp.getOutputStream().write(answer.body());
    }
}
