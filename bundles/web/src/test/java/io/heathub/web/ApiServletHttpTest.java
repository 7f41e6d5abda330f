package io.heathub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.wire.ReadingJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real servlet in a real (embedded Jetty 9.4, javax.servlet) server, mapped like the whiteboard maps it. */
class ApiServletHttpTest {
    private final ApiServlet servlet = new ApiServlet();
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/api/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<byte[]> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void answers503UntilCoreAppearsThenServesTheHub() throws Exception {
        HttpResponse<byte[]> before = send("GET", "/api/devices");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(text(before)).contains("no HubStatus service");
        assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct.toLowerCase()).startsWith("application/json").contains("utf-8"));

        servlet.hubStatus = FakeHub.healthy(); // what DS does when core registers HubStatus
        servlet.journal = new FixedJournal(99);

        HttpResponse<byte[]> health = send("GET", "/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(text(health)).startsWith("{\"status\":\"UP\",\"uptimeSeconds\":").endsWith("\"journal\":{\"head\":99}}");

        HttpResponse<byte[]> devices = send("GET", "/api/devices");
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(text(devices)).startsWith("[{\"id\":\"panel-1\"");

        HttpResponse<byte[]> latest = send("GET", "/api/readings/latest?device=panel-1");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(new ReadingJson().readArray(latest.body())).containsExactly(FakeHub.healthy().latest().get(0));
        assertThat(text(latest)).contains("\"unit\":\"°C\""); // UTF-8 on the wire, not mangled
    }

    @Test
    void unknownPathAndWrongMethodAreJsonErrors() throws Exception {
        servlet.hubStatus = FakeHub.healthy();
        HttpResponse<byte[]> missing = send("GET", "/api/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(text(missing)).startsWith("{\"status\":404,\"error\":\"no such resource: /api/nothing-here");

        HttpResponse<byte[]> post = send("POST", "/api/devices");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(text(post)).contains("read-only");
    }
}
