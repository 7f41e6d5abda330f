package io.heathub.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The operator console's files, from this bundle, at the HTTP whiteboard's default path {@code /}
 * (so the web bundle's {@code /api/*} stays where it is): the page itself at {@code /} and at each
 * of its routes ({@code /devices/ID} …), its modules and styles under {@code /console/}, uPlot under
 * {@code /webjars/uplot/}. Nothing here needs a user: every figure the page shows comes from
 * {@code /api}, which checks the role. Names are matched against a fixed pattern before any lookup,
 * so no request reaches another resource of the bundle. The web bundle's security filter (on
 * {@code /*}) adds the Content-Security-Policy and the other headers.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=heathub-console"})
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String INDEX = "console/index.html";
    /** The page's own routes: each answers with the page, which then shows that route. */
    private static final Pattern PAGE = Pattern.compile("/(|index\\.html|overview|devices|households|alarms|commands|control|users|tokens|audit)"
            + "|/devices/[A-Za-z0-9._:@+=~-]{1,128}");
    private static final Pattern OWN = Pattern.compile("/console/[a-z0-9-]{1,40}\\.(js|css|svg)");
    private static final Pattern VENDOR = Pattern.compile("/webjars/uplot/[0-9.]{1,16}/(dist/uPlot\\.(esm\\.js|min\\.css)|LICENSE)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "LICENSE", "text/plain; charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        Optional<String> resource = resourceOf(path);
        URL url = resource.map(r -> ConsoleServlet.class.getClassLoader().getResource(r)).orElse(null);
        if (url == null) {
            resp.setStatus(404);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().write("no such page: " + (path.length() > 100 ? path.substring(0, 100) + "…" : path)
                    + " (the console is at /)");
            return;
        }
        String name = resource.get();
        String extension = name.substring(name.lastIndexOf('/') + 1).contains(".")
                ? name.substring(name.lastIndexOf('.') + 1) : name.substring(name.lastIndexOf('/') + 1);
        resp.setContentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        // vendor files carry their version in the path; ours change with the hub, so they are revalidated
        resp.setHeader("Cache-Control", name.startsWith("META-INF/") ? "public, max-age=86400" : "no-cache");
        try (InputStream in = url.openStream()) {
            byte[] body = in.readAllBytes();
            resp.setContentLength(body.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Allow", "GET, HEAD");
        resp.sendError(405);
    }

    /** The bundle resource a request path names, if it names one the console serves. */
    static Optional<String> resourceOf(String path) {
        if (path.isEmpty() || PAGE.matcher(path).matches()) {
            return Optional.of(INDEX);
        }
        if (OWN.matcher(path).matches()) {
            return Optional.of(path.substring(1));
        }
        if (VENDOR.matcher(path).matches()) {
            return Optional.of("META-INF/resources" + path);
        }
        return Optional.empty();
    }
}
