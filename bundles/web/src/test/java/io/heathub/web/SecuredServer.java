package io.heathub.web;

import io.heathub.api.rest.Role;
import io.heathub.auth.AccessAudit;
import io.heathub.auth.Account;
import io.heathub.auth.ApiToken;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The real {@link SecurityFilter} and {@link ApiServlet} in an embedded Jetty 9.4 on a free local
 * port, as the whiteboard maps them (with {@link MetricsServlet} at {@code /metrics}), with real users and tokens files in {@code etc}: {@code admin},
 * {@code operator}, {@code viewer} (password {@code <name>-password}) and the tokens it creates.
 */
final class SecuredServer implements AutoCloseable {
    static final Role[] ROLES = {Role.VIEWER, Role.OPERATOR, Role.ADMIN};
    final ApiServlet servlet = new ApiServlet();
    final MetricsServlet metrics = new MetricsServlet();
    final WebSecurity security;
    final Credentials files;
    final Path data;
    final HttpClient client = HttpClient.newHttpClient();
    private final Server server;
    final URI base;

    SecuredServer(Path dir, WebSettings settings) throws Exception {
        files = Credentials.in(dir.resolve("etc"));
        data = dir.resolve("data");
        SecureRandom random = new SecureRandom();
        for (Role role : ROLES) {
            String name = role.name().toLowerCase();
            // cheap parameters: each hash carries its own, the hub verifies what is stored
            String hash = PasswordHash.hash((name + "-password").toCharArray(), random, new PasswordHash.Parameters(64, 1, 1));
            files.updateUsers(u -> u.put(name, new Account(name, role, hash)));
        }
        security = new WebSecurity(settings, new CredentialStore(files, Clock.systemUTC()), AccessAudit.in(data),
                Clock.systemUTC());
        servlet.security = security;
        metrics.security = security;
        server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new SecurityFilter(security)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(servlet), "/api/*");
        context.addServlet(new ServletHolder(metrics), MetricsServlet.PATH);
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** Web's admin resources for users and tokens, at the paths their components register. */
    void serveUsersAndTokens() {
        servlet.addResource(new UsersResource(security), java.util.Map.of(io.heathub.api.rest.RestResource.PATH,
                new String[] {"/users", "/users/*"}));
        servlet.addResource(new TokensResource(security), java.util.Map.of(io.heathub.api.rest.RestResource.PATH,
                new String[] {"/tokens", "/tokens/*"}));
    }

    /** A new token of {@code role}, as {@code bin/heathub token create} makes it. */
    String token(String name, Role role) throws Exception {
        String secret = ApiToken.newSecret(new SecureRandom());
        files.updateTokens(t -> t.put(name, new ApiToken(name, role, ApiToken.digestOf(secret), Instant.now())));
        return secret;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Basic credentials of the test user holding {@code role}. */
    static String as(Role role) {
        String name = role.name().toLowerCase();
        return basic(name, name + "-password");
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code method path} as {@code authorization} (null: anonymous), a JSON body for POST. */
    HttpResponse<byte[]> send(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder b = request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    /** A POST of {@code body} with {@code contentType} (null: none) as {@code authorization} (null: anonymous), plus {@code headers}. */
    HttpResponse<byte[]> post(String path, String authorization, String contentType, String body,
                              java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
