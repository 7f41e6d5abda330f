package io.heathub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console servlet in an embedded Jetty 9.4 mapped at {@code /} as the whiteboard maps it: the
 * page at its routes, its modules and uPlot with their types, nothing else of the bundle, and the
 * modules themselves: every import resolvable here, no HTML built from strings.
 */
class ConsoleServletTest {
    private static final List<String> MODULES = List.of("app.js", "api.js", "charts.js", "dom.js", "i18n.js", "pages.js", "admin.js");
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new ConsoleServlet()), "/");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAnswersAtEachOfItsRoutes() throws Exception {
        for (String path : List.of("/", "/index.html", "/devices", "/devices/plc-1", "/households", "/alarms", "/commands", "/control", "/users", "/tokens", "/audit")) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(type(page)).as(path).isEqualTo("text/html;charset=utf-8");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        }
    }

    @Test
    void modulesStylesAndUplotAreServedWithTheirTypes() throws Exception {
        HttpResponse<String> app = get("/console/app.js");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(type(app)).isEqualTo("text/javascript;charset=utf-8");
        assertThat(app.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(type(get("/console/console.css"))).isEqualTo("text/css;charset=utf-8");
        HttpResponse<String> uplot = get("/webjars/uplot/1.6.30/dist/uPlot.esm.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("export { uPlot as default }");
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.min.css").statusCode()).isEqualTo(200);
    }

    @Test
    void nothingElseOfTheBundleIsServed() throws Exception {
        for (String path : List.of("/console/../META-INF/MANIFEST.MF", "/META-INF/MANIFEST.MF",
                "/io/heathub/console/ConsoleServlet.class", "/console/index.html", "/console/app.js.map",
                "/webjars/uplot/1.6.30/package.json", "/devices/a/b", "/favicon.ico", "/console/%2e%2e/x.js")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void everyImportOfTheModulesIsServedAndNoneBuildsHtmlFromStrings() throws Exception {
        Pattern imports = Pattern.compile("(?m)^import .* from '([^']+)';$");
        for (String module : MODULES) {
            String source = resource("console/" + module);
            Matcher m = imports.matcher(source);
            while (m.find()) {
                String target = m.group(1).startsWith("./") ? "/console/" + m.group(1).substring(2) : m.group(1);
                assertThat(get(target).statusCode()).as(module + " imports " + target).isEqualTo(200);
            }
            assertThat(source).as(module).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(");
        }
    }

    /** The media type without the spaces Jetty may or may not keep. */
    private static String type(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleServlet.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
