package io.heathub.web;

import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.api.metrics.MetricSource;
import io.heathub.api.rest.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * {@code GET /metrics}: the hub's figures in the Prometheus text format ({@link HubMetrics}), on the
 * hub's HTTP port beside the API. A scrape needs the viewer role, like every other read: Prometheus
 * sends an API token ({@code bin/heathub token create prometheus --role viewer}, then
 * {@code authorization: {credentials: …}} in its scrape config) or Basic credentials. Anonymous is 401.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + MetricsServlet.PATH,
        "osgi.http.whiteboard.servlet.name=heathub-metrics"})
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/metrics";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile HubStatus hubStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile Journal journal;

    @Reference
    transient volatile WebSecurity security;

    /** Figures other bundles add (control's cycles …), in the order they came. */
    final transient List<MetricSource> sources = new CopyOnWriteArrayList<>();

    private final transient HubMetrics metrics = new HubMetrics(() -> hubStatus, () -> journal, () -> sources,
            Clock.systemUTC());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSource(MetricSource source) {
        sources.add(source);
    }

    void removeSource(MetricSource source) {
        sources.remove(source);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        WebSecurity.Authentication auth = security.authenticate(new WebSecurity.Call(req.getHeader("Authorization"),
                SessionEndpoint.cookie(req), req.getRemoteAddr(), req.isSecure()));
        if (auth instanceof WebSecurity.Refused refused) {
            error(resp, refused.status(), refused.message());
            return;
        }
        Identity identity = auth instanceof WebSecurity.Known known ? known.identity() : null;
        if (!WebSecurity.covers(identity, Role.VIEWER)) {
            error(resp, 401, "sign in first: GET " + PATH + " needs the viewer role (a bearer token from"
                    + " bin/heathub token create NAME --role viewer, or HTTP Basic)");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"heathub\", charset=\"UTF-8\"");
        }
        SecurityFilter.error(resp, status, message);
    }
}
