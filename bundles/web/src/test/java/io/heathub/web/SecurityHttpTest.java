package io.heathub.web;

import static io.heathub.web.SecuredServer.as;
import static io.heathub.web.SecuredServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.auth.Account;
import io.heathub.auth.PasswordHash;
import java.security.SecureRandom;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may ask what, over real HTTP through the real filter and servlet, against real users and tokens files. */
class SecurityHttpTest {
    static final String COMMAND = "{\"requestId\":\"r1\",\"device\":\"heat-101\",\"point\":\"valve.state\",\"value\":0}";
    @TempDir
    Path dir;
    private SecuredServer server;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final List<io.heathub.api.Reading> journaled = new CopyOnWriteArrayList<>();
    private final List<RestRequest> featureCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        server.servlet.hubStatus = FakeHub.healthy();
        server.servlet.journal = new FixedJournal(7);
        server.servlet.commandService = c -> {
            commands.add(c);
            return CompletableFuture.completedFuture(CommandResult.done(c.requestId(), c.value()));
        };
        server.servlet.readingSink = readings -> {
            journaled.addAll(readings);
            return readings;
        };
        RestResource feature = r -> {
            featureCalls.add(r);
            return RestResponse.ok("changed");
        };
        server.servlet.addResource(feature, Map.of(RestResource.PATH, new String[] {"/alarms", "/alarms/ack", "/things/*"}));
        server.servlet.addResource(new AuditResource(server.security.auditFile().resolveSibling("commands.jsonl"),
                server.security.auditFile()), Map.of(RestResource.PATH, "/audit"));
        server.serveUsersAndTokens();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Signs in through POST /api/session: the cookie header to send back and the CSRF token. */
    private String[] signIn(String user, String password) throws Exception {
        HttpResponse<byte[]> r = server.post("/api/session", null, "application/json",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String csrf = text(r).replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')), csrf};
    }

    @Test
    void everyStateChangingEndpointRefusesAnonymousViewersCrossSiteAndNonJsonBeforeAnythingHappens() throws Exception {
        String[] session = signIn("admin", "admin-password");
        List<String> paths = new ArrayList<>(server.servlet.handler.paths());
        paths.remove(SessionEndpoint.PATH); // signing in is anonymous by nature: tested below
        assertThat(paths).contains("/health", "/status", "/devices", "/commands", "/readings", "/alarms/ack", "/things/*",
                "/audit", "/users", "/users/*", "/tokens", "/tokens/*");
        for (String registered : paths) {
            String path = "/api" + registered.replace("/*", "/x");
            HttpResponse<byte[]> anonymous = server.post(path, null, "application/json", COMMAND, Map.of());
            assertThat(anonymous.statusCode()).as("anonymous POST " + path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"heathub\", charset=\"UTF-8\"");
            assertThat(server.post(path, as(Role.VIEWER), "application/json", COMMAND, Map.of()).statusCode())
                    .as("viewer POST " + path).isEqualTo(403);
            // what a page elsewhere can make a signed-in browser send: cookie, text/plain, no CSRF token
            assertThat(server.post(path, null, "text/plain", COMMAND, Map.of("Cookie", session[0])).statusCode())
                    .as("cross-site POST " + path).isEqualTo(403);
            assertThat(server.post(path, as(Role.ADMIN), "text/plain", COMMAND, Map.of()).statusCode())
                    .as("non-JSON POST " + path).isEqualTo(415);
            assertThat(server.post(path, as(Role.ADMIN), "application/json", COMMAND, Map.of("Origin", "http://evil.example"))
                    .statusCode()).as("cross-origin POST " + path).isEqualTo(403);
        }
        assertThat(commands).isEmpty();
        assertThat(journaled).isEmpty();
        assertThat(featureCalls).isEmpty();
    }

    @Test
    void readsNeedAViewerAndHealthShowsNoDeviceData() throws Exception {
        HttpResponse<byte[]> health = server.send("GET", "/api/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(text(health)).matches("\\{\"status\":\"UP\",\"uptimeSeconds\":\\d+}");
        for (String path : List.of("/api/status", "/api/devices", "/api/buses", "/api/readings/latest", "/api/alarms")) {
            assertThat(server.send("GET", path, null, null).statusCode()).as(path).isEqualTo(401);
            assertThat(server.send("GET", path, as(Role.VIEWER), null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(text(server.send("GET", "/api/status", as(Role.VIEWER), null))).contains("\"devices\":{", "\"journal\"");
        assertThat(server.send("GET", "/api/audit", as(Role.OPERATOR), null).statusCode()).isEqualTo(403);
        assertThat(server.send("GET", "/api/audit", as(Role.ADMIN), null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/devices", SecuredServer.basic("viewer", "wrong-password"), null).statusCode())
                .isEqualTo(401);
        assertThat(server.send("GET", "/api/devices", "Digest abc", null).statusCode()).isEqualTo(401);
    }

    @Test
    void commandsCarryTheCallersNameAndOperatorsMayPostOnlyPostableReadings() throws Exception {
        HttpResponse<byte[]> done = server.send("POST", "/api/commands", as(Role.OPERATOR), COMMAND);
        assertThat(done.statusCode()).as(text(done)).isEqualTo(200);
        assertThat(commands).singleElement().satisfies(c -> assertThat(c.requestedBy()).isEqualTo("rest:operator"));

        String meter = "[{\"device\":\"heat-101\",\"point\":\"heat.energy\",\"value\":5,\"unit\":\"kWh\",\"time\":\"2026-11-25T06:00:00Z\"}]";
        HttpResponse<byte[]> refused = server.send("POST", "/api/readings", as(Role.OPERATOR), meter);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(text(refused)).contains("readings of [heat-101] may not be posted", "postableDevices");
        assertThat(journaled).isEmpty();
        String forecast = meter.replace("heat-101", "forecast").replace("heat.energy", "temp.outdoor").replace("kWh", "°C");
        assertThat(server.send("POST", "/api/readings", as(Role.OPERATOR), forecast).statusCode()).isEqualTo(202);
        assertThat(journaled).hasSize(1);
        server.security.settings(server.security.settings().withPostable(Set.of("*")));
        assertThat(server.send("POST", "/api/readings", as(Role.OPERATOR), meter).statusCode()).isEqualTo(202);

        String audit = Files.readString(server.security.auditFile());
        assertThat(audit).contains("\"requestedBy\":\"rest:operator\",\"event\":\"POST /api/commands\",\"address\":\"127.0.0.1\","
                + "\"status\":\"200\",\"subject\":\"r1\"");
        HttpResponse<byte[]> listed = server.send("GET", "/api/audit?limit=2", as(Role.ADMIN), null);
        assertThat(text(listed)).startsWith("[{\"log\":\"access\",\"entry\":{").contains("POST /api/readings");
        assertThat(server.send("GET", "/api/audit?limit=5000", as(Role.ADMIN), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aBrowserSessionNeedsItsCsrfTokenAndEndsOnSignOut() throws Exception {
        HttpResponse<byte[]> wrong = server.post("/api/session", null, "application/json",
                "{\"user\":\"operator\",\"password\":\"nope-nope-nope\"}", Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(server.post("/api/session", null, "text/plain", "{\"user\":\"operator\",\"password\":\"operator-password\"}",
                Map.of()).statusCode()).isEqualTo(415);

        HttpResponse<byte[]> ok = server.post("/api/session", null, "application/json",
                "{\"user\":\"operator\",\"password\":\"operator-password\"}", Map.of());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(text(ok)).matches("\\{\"user\":\"operator\",\"role\":\"operator\",\"csrfToken\":\"[A-Za-z0-9_-]{43}\"}");
        assertThat(ok.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("heathub_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict").doesNotContain("Secure");
        String[] session = signIn("operator", "operator-password");

        assertThat(text(server.send(server.request("/api/session").header("Cookie", session[0]).build())))
                .isEqualTo("{\"user\":\"operator\",\"role\":\"operator\",\"csrfToken\":\"" + session[1] + "\"}");
        assertThat(server.post("/api/commands", null, "application/json", COMMAND, Map.of("Cookie", session[0])).statusCode())
                .isEqualTo(403);
        assertThat(server.post("/api/commands", null, "application/json", COMMAND,
                Map.of("Cookie", session[0], "X-CSRF-Token", "forged")).statusCode()).isEqualTo(403);
        assertThat(commands).isEmpty();
        assertThat(server.post("/api/commands", null, "application/json", COMMAND,
                Map.of("Cookie", session[0], "X-CSRF-Token", session[1])).statusCode()).isEqualTo(200);
        assertThat(commands).singleElement().satisfies(c -> assertThat(c.requestedBy()).isEqualTo("rest:operator"));

        HttpRequest.Builder delete = server.request("/api/session").DELETE().header("Cookie", session[0]);
        assertThat(server.send(delete.build()).statusCode()).isEqualTo(403);
        assertThat(server.send(delete.header("X-CSRF-Token", session[1]).build()).statusCode()).isEqualTo(204);
        assertThat(server.send(server.request("/api/session").header("Cookie", session[0]).build()).statusCode())
                .isEqualTo(401);
        assertThat(server.send("GET", "/api/devices", null, null).statusCode()).isEqualTo(401);
        assertThat(Files.readString(server.security.auditFile())).contains("\"event\":\"logout\"",
                "\"requestedBy\":\"rest:operator\",\"event\":\"login\",\"address\":\"127.0.0.1\",\"status\":\"REFUSED\"");
    }

    @Test
    void repeatedFailedSignInsAreSlowedThenRefusedEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < LoginGuard.FREE_PER_USER; i++) {
            assertThat(server.send("GET", "/api/devices", SecuredServer.basic("viewer", "guess-" + i), null).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<byte[]> blocked = server.send("GET", "/api/devices", as(Role.VIEWER), null);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(text(blocked)).contains("too many failed sign-ins for user 'viewer' (3)", "try again in");
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.send("GET", "/api/devices", as(Role.OPERATOR), null).statusCode())
                .as("other users are not locked out").isEqualTo(200);
        assertThat(Files.readString(server.security.auditFile())).contains("\"event\":\"slowdown\"");
    }

    @Test
    void cachedBasicCredentialsEndWithinASecondOfAPasswordChangeOrRemoval() throws Exception {
        assertThat(server.send("GET", "/api/devices", as(Role.VIEWER), null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/devices", as(Role.OPERATOR), null).statusCode()).isEqualTo(200);
        String newHash = PasswordHash.hash("new-password".toCharArray(), new SecureRandom(),
                new PasswordHash.Parameters(64, 1, 1));
        server.files.updateUsers(u -> {
            u.put("viewer", new Account("viewer", Role.VIEWER, newHash));
            u.remove("operator");
        });
        Thread.sleep(1100);
        assertThat(server.send("GET", "/api/devices", as(Role.VIEWER), null).statusCode()).as("old password").isEqualTo(401);
        assertThat(server.send("GET", "/api/devices", SecuredServer.basic("viewer", "new-password"), null).statusCode())
                .isEqualTo(200);
        assertThat(server.send("GET", "/api/devices", as(Role.OPERATOR), null).statusCode()).as("removed").isEqualTo(401);
    }

    @Test
    void adminsGetTheIndexOfEveryPathWithTheRoleEachMethodNeeds() throws Exception {
        assertThat(server.send("GET", "/api", null, null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api", as(Role.OPERATOR), null).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> index = server.send("GET", "/api", as(Role.ADMIN), null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(text(index)).contains("{\"path\":\"/api/health\",\"roles\":{\"GET\":\"anyone\",\"POST\":\"operator\"}}",
                "{\"path\":\"/api/session\",\"roles\":{\"GET\":\"viewer\",\"POST\":\"anyone\",\"DELETE\":\"viewer\"}}",
                "{\"path\":\"/api/audit\",\"roles\":{\"GET\":\"admin\",\"POST\":\"admin\"}}",
                "{\"path\":\"/api/things/*\",\"roles\":{\"GET\":\"viewer\",\"POST\":\"operator\"}}",
                "{\"path\":\"/api\",\"roles\":{\"GET\":\"admin\",\"POST\":\"admin\"}}");
        // every path of the routes is listed, and the 404 answer names each of them
        assertThat(server.servlet.handler.endpoints()).extracting(ApiHandler.Endpoint::path)
                .containsExactlyElementsOf(server.servlet.handler.paths().stream()
                        .map(p -> p.equals(ApiHandler.INDEX) ? "/api" : "/api" + p).toList());
        assertThat(text(server.send("GET", "/api/nothing-here", as(Role.VIEWER), null)))
                .contains("/api/session (sign in", "/api (index of every path, admin)", "/api/audit");
    }

    @Test
    void aRevokedTokenIsRefusedWithinASecond() throws Exception {
        String token = server.token("billing", Role.OPERATOR); // usable at once: an unknown token re-reads the file
        HttpResponse<byte[]> ok = server.send("POST", "/api/commands", "Bearer " + token, COMMAND);
        assertThat(ok.statusCode()).as(text(ok)).isEqualTo(200);
        assertThat(commands).singleElement().satisfies(c -> assertThat(c.requestedBy()).isEqualTo("rest:token:billing"));
        assertThat(server.send("GET", "/api/devices", "Bearer hh_not-a-token", null).statusCode()).isEqualTo(401);

        server.files.updateTokens(t -> t.remove("billing"));
        Thread.sleep(1100);
        assertThat(server.send("POST", "/api/commands", "Bearer " + token, COMMAND).statusCode()).isEqualTo(401);
        assertThat(commands).hasSize(1);
    }

    @Test
    void credentialsOverPlainHttpFromAnotherMachineAreRefused() {
        WebSecurity.Authentication remote = server.security.authenticate(new WebSecurity.Call(as(Role.ADMIN), null,
                "10.0.0.7", false));
        assertThat(remote).isInstanceOfSatisfying(WebSecurity.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).contains("use HTTPS");
        });
        assertThat(server.security.authenticate(new WebSecurity.Call(as(Role.ADMIN), null, "10.0.0.7", true)))
                .isInstanceOf(WebSecurity.Known.class);
        assertThat(server.security.authenticate(new WebSecurity.Call(as(Role.ADMIN), null, "::1", false)))
                .isInstanceOf(WebSecurity.Known.class);
    }

    /** A raw HTTP/1.1 request: the JDK client does not let a test choose the Host header. */
    private String raw(String host) throws Exception {
        try (Socket s = new Socket(server.base.getHost(), server.base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyThisHubsHostNamesAreAnsweredAgainstDnsRebinding() throws Exception {
        assertThat(raw("evil.example:8181")).startsWith("HTTP/1.1 400").contains("host 'evil.example:8181' is not a name");
        assertThat(raw("localhost:8181")).startsWith("HTTP/1.1 200");
        assertThat(raw("192.168.1.20:8181")).startsWith("HTTP/1.1 200");
        assertThat(raw("[::1]:8181")).startsWith("HTTP/1.1 200");
        assertThat(raw("hub.plant.local")).startsWith("HTTP/1.1 400");
        server.security.settings(server.security.settings().withAllowedHosts(Set.of("hub.plant.local")));
        assertThat(raw("HUB.plant.local:8181")).startsWith("HTTP/1.1 200");
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndPlainHttpRedirectsOnceTlsIsOn() throws Exception {
        HttpResponse<byte[]> r = server.send("GET", "/api/health", null, null);
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(SecurityFilter.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).as("only over TLS").isEmpty();

        server.security.settings(server.security.settings().withTls(8443));
        HttpResponse<byte[]> redirect = server.send("GET", "/api/devices?device=x", as(Role.ADMIN), null);
        assertThat(redirect.statusCode()).isEqualTo(308);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://127.0.0.1:8443/api/devices?device=x");
    }
}
