package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what with the assembled distribution ({@code bin/heathub}), end to end: the demo's
 * admin password shown once; HTTPS from openssl PEM files with plain HTTP redirected; every path the
 * hub serves (taken from the hub's own index, so a new endpoint cannot escape) refusing anonymous
 * callers, viewers' state changes, a cross-site cookie POST without CSRF token and non-JSON POSTs,
 * with nothing reaching the command service; lockout, password change, user removal and token
 * revocation through {@code bin/heathub user|token} against the running hub, audited into the data
 * folder the hub runs with; the Host check; and a site without users answering only local clients.
 */
class SecurityEndToEndIT {
    /** A real command: had any refused POST reached core, the command audit would show its id. */
    private static final String COMMAND = "{\"requestId\":\"e2e-refused\",\"device\":\"panel-001\","
            + "\"point\":\"setpoint.room\",\"value\":20}";
    private static final Pattern PRINTED_PASSWORD = Pattern.compile("(?m)^ {5}(\\S{20})$");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDemoOverHttpsShowsItsAdminPasswordOnceAndRefusesWhatItMust(@TempDir Path work) throws Exception {
        Path tls = Files.createDirectories(work.resolve("tls"));
        openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "hub.key", "-out", "hub.crt",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,DNS:hub.example,IP:127.0.0.1");
        Path data = work.resolve("hub-data"); // not the home's data folder: user/token must audit here too
        int httpsPort = FreePorts.tcp();
        Map<String, String> env = Map.of("HEATHUB_TLS_CERT", tls.resolve("hub.crt").toString(),
                "HEATHUB_TLS_KEY", tls.resolve("hub.key").toString(), "HEATHUB_HTTPS_PORT", String.valueOf(httpsPort),
                "HEATHUB_ALLOWED_HOSTS", "hub.example");
        SSLContext trust = trusting(tls.resolve("hub.crt"));
        try (HubProcess hub = new HubProcess(work).withoutUsers().simulatorOnFreePorts()) {
            Https api = new Https(trust, httpsPort);
            hub.start(env, "--data", data.toString());
            Waits.until(Duration.ofSeconds(90), "HTTPS health\n" + hub.console(),
                    () -> api.status("GET", "/api/health", null) == 200);

            // the first start of the demo prints a random admin password once and keeps it in a 0600 file
            String password = Files.readString(hub.home().resolve("etc/demo-admin-password")).trim();
            assertThat(printedPasswords(hub.console())).containsExactly(password);
            assertThat(hub.console()).contains("Try: curl --cacert ", "hub.crt -u admin:" + password + " https://localhost:"
                    + httpsPort + "/api/devices");
            assertThat(Files.getPosixFilePermissions(hub.home().resolve("etc/demo-admin-password")))
                    .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            String admin = basic("admin", password);
            assertThat(api.status("GET", "/api/status", admin)).isEqualTo(200);

            plainHttpRedirectsAndOnlyThisHubsNamesAreAnswered(hub, trust, httpsPort);
            assertThat(api.send(api.request("/api/health").build()).headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000");

            assertThat(hub.run("viewer-password\n", "user", "add", "viewer", "--role", "viewer").exit()).isZero();
            assertThat(hub.run("admin2-password\n", "user", "add", "admin2", "--role", "admin").exit()).isZero();
            everyPathRefusesWhatItMust(api, admin, basic("viewer", "viewer-password"), data);

            lockoutPasswordChangeAndRemovalThroughTheCli(hub, api);
            tokensThroughTheCli(hub, api, admin);
            usersAndTokensThroughTheAdminApi(hub, api, admin, data);

            assertThat(hub.errorLines(data)).as("ERROR or SEVERE lines of the demo").isEmpty();

            // the second start finds its users: nothing printed, the same password
            hub.close();
            hub.start(env, "--data", data.toString());
            Waits.until(Duration.ofSeconds(90), "HTTPS health after a restart\n" + hub.console(),
                    () -> api.status("GET", "/api/health", null) == 200);
            assertThat(api.status("GET", "/api/status", admin)).isEqualTo(200);
            assertThat(printedPasswords(hub.console())).isEmpty();
            assertThat(hub.console()).doesNotContain("first start", password);
        }
    }

    /** Plain HTTP answers only with a redirect to HTTPS; a Host that is not this hub's gets 400 on both. */
    private static void plainHttpRedirectsAndOnlyThisHubsNamesAreAnswered(HubProcess hub, SSLContext trust, int httpsPort)
            throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/devices?device=plc-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(308);
        assertThat(plain.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + httpsPort + "/api/devices?device=plc-1");

        // DNS rebinding: a page on evil.example resolving to this hub sends Host: evil.example
        String refused = raw(new Socket("127.0.0.1", hub.httpPort()), "evil.example");
        assertThat(refused).startsWith("HTTP/1.1 400 ").contains("host 'evil.example' is not a name of this hub");
        assertThat(raw(new Socket("127.0.0.1", hub.httpPort()), "hub.example")).startsWith("HTTP/1.1 308 ");
        assertThat(raw(trust.getSocketFactory().createSocket("127.0.0.1", httpsPort), "evil.example"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(raw(trust.getSocketFactory().createSocket("127.0.0.1", httpsPort), "hub.example:" + httpsPort))
                .startsWith("HTTP/1.1 200 ");
    }

    /**
     * Every path of {@code GET /api} (the hub's own list, checked against the paths its 404 answer
     * names): anonymous 401 but health and signing in, viewers' POSTs 403, a cross-site text/plain
     * POST with an admin's session cookie and no CSRF token 403/415, a non-JSON POST 415 — and none
     * of it reached a resource (no 2xx POST in the access audit, no command in the command audit).
     */
    private void everyPathRefusesWhatItMust(Https api, String admin, String viewer, Path data) throws Exception {
        HttpResponse<String> indexAnswer = api.send(api.request("/api").header("Authorization", admin).build());
        assertThat(indexAnswer.statusCode()).as(indexAnswer.body()).isEqualTo(200);
        assertThat(api.status("GET", "/api", viewer)).isEqualTo(403);
        Map<String, Map<String, String>> index = new java.util.LinkedHashMap<>();
        for (JsonNode e : json.readTree(indexAnswer.body())) {
            Map<String, String> roles = new HashMap<>();
            e.get("roles").fields().forEachRemaining(r -> roles.put(r.getKey(), r.getValue().asText()));
            index.put(e.get("path").asText(), roles);
        }
        assertThat(index.keySet()).contains("/api/health", "/api/status", "/api/commands", "/api/readings",
                "/api/session", "/api/audit", "/api/alarms", "/api/settlement", "/api/kpi", "/api/control", "/api",
                "/api/users", "/api/users/*", "/api/tokens", "/api/tokens/*");
        for (String adminPath : List.of("/api/users", "/api/users/*", "/api/tokens", "/api/tokens/*")) {
            assertThat(index.get(adminPath)).as(adminPath).isEqualTo(Map.of("GET", "admin", "POST", "admin"));
        }
        for (String served : pathsNamedBy404(api, admin)) {
            assertThat(index.keySet()).as("the index lists %s, named by the 404 answer", served)
                    .anySatisfy(p -> assertThat(served.equals(p) || p.endsWith("/*")
                            && served.startsWith(p.substring(0, p.length() - 1))).isTrue());
        }
        List<String> anyone = new ArrayList<>();
        index.forEach((path, roles) -> roles.forEach((method, role) -> {
            if (role.equals("anyone")) {
                anyone.add(method + " " + path);
            }
        }));
        assertThat(anyone).as("what anonymous callers may do").containsExactlyInAnyOrder("GET /api/health",
                "POST /api/session");

        String[] session = api.signIn("admin", admin);
        for (Map.Entry<String, Map<String, String>> e : index.entrySet()) {
            String path = e.getKey().replace("/*", "/x");
            if (path.equals("/api/session")) {
                assertThat(api.status("GET", path, null)).as("anonymous GET " + path).isEqualTo(401);
                HttpResponse<String> out = api.send(api.request(path).DELETE().header("Cookie", session[0]).build());
                assertThat(out.statusCode()).as("DELETE /api/session without its CSRF token").isEqualTo(403);
                continue;
            }
            if (!path.equals("/api/health")) {
                HttpResponse<String> anonymous = api.send(api.request(path).build());
                assertThat(anonymous.statusCode()).as("anonymous GET " + path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
            }
            assertThat(api.post(path, null, "application/json", Map.of()).statusCode()).as("anonymous POST " + path)
                    .isEqualTo(401);
            assertThat(api.post(path, viewer, "application/json", Map.of()).statusCode()).as("viewer POST " + path)
                    .isEqualTo(403);
            // what a page elsewhere can make a signed-in browser send: its cookie, text/plain, no CSRF token
            assertThat(api.post(path, null, "text/plain", Map.of("Cookie", session[0])).statusCode())
                    .as("cross-site POST " + path).isIn(403, 415);
            assertThat(api.post(path, admin, "text/plain", Map.of()).statusCode()).as("non-JSON POST " + path)
                    .isEqualTo(415);
        }
        String access = Files.readString(data.resolve("audit/access.jsonl"));
        List<String> posts = access.lines().filter(l -> l.contains("\"event\":\"POST /api")).toList();
        assertThat(posts).as("every refused POST is audited").hasSizeGreaterThanOrEqualTo(4 * (index.size() - 1));
        assertThat(posts).allSatisfy(l -> assertThat(l).containsPattern("\"status\":\"(401|403|415)\""));
        Path commands = data.resolve("audit/commands.jsonl");
        assertThat(Files.exists(commands) ? Files.readString(commands) : "").doesNotContain("e2e-refused");
    }

    /** Every {@code /api/…} path the 404 answer's "try …" list names (queries, optional parts in [] and methods left out). */
    private static Set<String> pathsNamedBy404(Https api, String admin) throws Exception {
        HttpResponse<String> missing = api.send(api.request("/api/no-such-path").header("Authorization", admin).build());
        assertThat(missing.statusCode()).isEqualTo(404);
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = Pattern.compile("/api[^ ?,()\"\\[]*").matcher(missing.body().substring(missing.body().indexOf("(try ")));
        while (m.find()) {
            String named = m.group();
            int optional = named.indexOf('[');
            if (optional < 0) {
                paths.add(named);
            } else { // "/api/uplinks[/{cursor}/dead-letters]": the path with and without its optional part
                paths.add(named.substring(0, optional));
                paths.add(named.substring(0, optional) + named.substring(optional + 1).replace("]", ""));
            }
        }
        assertThat(paths).hasSizeGreaterThan(10);
        return paths;
    }

    /** A user added while the hub runs signs in at once, is locked out after 3 failures, and a new password or removal applies within a second. */
    private static void lockoutPasswordChangeAndRemovalThroughTheCli(HubProcess hub, Https api) throws Exception {
        assertThat(hub.run("carol-password-1\n", "user", "add", "carol", "--role", "operator").exit()).isZero();
        String carol = basic("carol", "carol-password-1");
        assertThat(api.status("GET", "/api/devices", carol)).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(api.status("GET", "/api/devices", basic("carol", "guess-" + i))).isEqualTo(401);
        }
        HttpResponse<String> locked = api.send(api.request("/api/devices").header("Authorization", carol).build());
        assertThat(locked.statusCode()).as("the right password while locked out").isEqualTo(429);
        assertThat(locked.body()).contains("too many failed sign-ins for user 'carol'");
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(api.status("GET", "/api/devices", carol)).isEqualTo(200);

        assertThat(hub.run("carol-password-2\n", "user", "passwd", "carol").exit()).isZero();
        Waits.until(Duration.ofSeconds(3), "the old password refused",
                () -> api.status("GET", "/api/devices", carol) == 401);
        assertThat(api.status("GET", "/api/devices", basic("carol", "carol-password-2"))).isEqualTo(200);
        assertThat(hub.run("", "user", "remove", "carol").exit()).isZero();
        Waits.until(Duration.ofSeconds(3), "a removed user refused",
                () -> api.status("GET", "/api/devices", basic("carol", "carol-password-2")) == 401);
    }

    /** A token made by the CLI works at once and not after its revocation; both changes are in the hub's audit. */
    private void tokensThroughTheCli(HubProcess hub, Https api, String admin) throws Exception {
        HubProcess.ToolRun created = hub.run("", "token", "create", "dispatch", "--role", "operator");
        assertThat(created.exit()).as(created.err()).isZero();
        String bearer = "Bearer " + created.out().trim();
        assertThat(created.out().trim()).startsWith("hh_");
        assertThat(api.status("GET", "/api/devices", bearer)).isEqualTo(200);
        assertThat(api.status("GET", "/api/audit", bearer)).as("an operator token is no admin").isEqualTo(403);

        assertThat(hub.run("", "token", "revoke", "dispatch").exit()).isZero();
        Waits.until(Duration.ofSeconds(3), "the revoked token refused", () -> api.status("GET", "/api/devices", bearer) == 401);

        HttpResponse<String> audit = api.send(api.request("/api/audit?limit=1000").header("Authorization", admin).build());
        assertThat(audit.statusCode()).isEqualTo(200);
        List<String> cli = new ArrayList<>();
        for (JsonNode e : json.readTree(audit.body())) {
            JsonNode entry = e.get("entry");
            if (entry.path("requestedBy").asText().startsWith("cli:")) {
                cli.add(entry.get("event").asText() + " " + entry.path("subject").asText());
            }
        }
        assertThat(cli).as("the CLI's changes in the running hub's audit (--data)").containsSubsequence(
                "user.add admin", "user.add viewer", "user.add carol", "user.passwd carol", "user.remove carol",
                "token.create dispatch", "token.revoke dispatch");
    }

    /**
     * The admin API writes the same files as the CLI (each sees the other's change at once), is for admins only
     * (an operator gets 403 on every path of it), never shows a hash or a token's secret after its creation, refuses
     * to remove the last admin, and names the admin in the audit.
     */
    private void usersAndTokensThroughTheAdminApi(HubProcess hub, Https api, String admin, Path data) throws Exception {
        assertThat(hub.run("operator-password\n", "user", "add", "dora", "--role", "operator").exit()).isZero();
        String operator = basic("dora", "operator-password");
        for (String path : List.of("/api/users", "/api/tokens")) {
            assertThat(api.status("GET", path, operator)).as("operator GET " + path).isEqualTo(403);
        }
        for (String path : List.of("/api/users", "/api/users/dora", "/api/users/admin/remove", "/api/tokens",
                "/api/tokens/x/revoke")) {
            assertThat(api.postJson(path, operator, "{\"role\":\"admin\"}").statusCode()).as("operator POST " + path)
                    .isEqualTo(403);
        }
        HttpResponse<String> listed = api.send(api.request("/api/users").header("Authorization", admin).build());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("{\"name\":\"dora\",\"role\":\"operator\"}").doesNotContain("argon2");

        HttpResponse<String> added = api.postJson("/api/users", admin,
                "{\"name\":\"erin\",\"role\":\"viewer\",\"password\":\"erin-password\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(hub.run("", "user", "list").out()).contains("erin viewer", "dora operator");
        assertThat(api.status("GET", "/api/devices", basic("erin", "erin-password"))).isEqualTo(200);
        assertThat(api.postJson("/api/users", admin, "{\"name\":\"erin\",\"role\":\"admin\",\"password\":\"erin-password\"}")
                .statusCode()).isEqualTo(409);
        assertThat(api.postJson("/api/users/erin", admin, "{\"password\":\"erin-password-2\"}").statusCode()).isEqualTo(200);
        assertThat(api.status("GET", "/api/devices", basic("erin", "erin-password"))).isEqualTo(401);

        assertThat(api.postJson("/api/users/admin2/remove", admin, "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> last = api.postJson("/api/users/admin/remove", admin, "{}");
        assertThat(last.statusCode()).as(last.body()).isEqualTo(409);
        assertThat(last.body()).contains("last admin");
        assertThat(api.postJson("/api/users/admin", admin, "{\"role\":\"viewer\"}").statusCode()).isEqualTo(409);
        assertThat(hub.run("", "user", "list").out()).contains("admin admin").doesNotContain("admin2");

        HttpResponse<String> token = api.postJson("/api/tokens", admin, "{\"name\":\"scada\",\"role\":\"viewer\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        String bearer = "Bearer " + json.readTree(token.body()).get("token").asText();
        assertThat(api.status("GET", "/api/devices", bearer)).isEqualTo(200);
        assertThat(hub.run("", "token", "list").out()).contains("scada viewer");
        String tokens = api.send(api.request("/api/tokens").header("Authorization", admin).build()).body();
        assertThat(tokens).contains("\"name\":\"scada\"").doesNotContain(bearer.substring(7), "sha256");
        assertThat(hub.run("", "token", "revoke", "scada").exit()).isZero();
        Waits.until(Duration.ofSeconds(3), "the token revoked by the CLI refused", () -> api.status("GET", "/api/devices", bearer) == 401);
        assertThat(api.postJson("/api/tokens/scada/revoke", admin, "{}").statusCode()).as("revoked already").isEqualTo(404);

        String access = Files.readString(data.resolve("audit/access.jsonl"));
        assertThat(access).contains("\"requestedBy\":\"rest:admin\",\"event\":\"user.add\",\"status\":\"OK\",\"subject\":\"erin\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"user.remove\",\"status\":\"OK\",\"subject\":\"admin2\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"token.create\",\"status\":\"OK\",\"subject\":\"scada\"")
                .doesNotContain("erin-password", bearer.substring(7));
    }

    @Test
    void aSiteWithoutUsersAnswersOnlyLocalClientsUntilAnAdminExists(@TempDir Path work) throws Exception {
        try (HubProcess hub = new HubProcess(work).withoutUsers()) {
            Path site = work.resolve("site");
            copyTree(hub.home().resolve("config"), site);
            hub.start(Map.of(), "--config", site.toString()); // not the demo: no admin is made for it
            Waits.until(Duration.ofSeconds(90), "local health\n" + hub.console(),
                    () -> status(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/health")) == 200);
            assertThat(hub.console()).contains("no users yet: the hub answers only on localhost until an admin exists")
                    .doesNotContain("first start");
            assertThat(Files.exists(hub.home().resolve("etc/demo-admin-password"))).isFalse();

            Optional<InetAddress> address = nonLoopbackAddress();
            Assumptions.assumeTrue(address.isPresent(), "this machine has no up, non-loopback IPv4 address to reach"
                    + " the hub from: the 503 to non-local clients is not checked here (the local part passed)");
            URI remote = URI.create("http://" + address.get().getHostAddress() + ":" + hub.httpPort() + "/api/health");
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(remote).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("from " + address.get()).isEqualTo(503);
            assertThat(refused.body()).contains("no admin user yet", "bin/heathub user add NAME --role admin");

            assertThat(hub.run("first-admin-password\n", "user", "add", "root", "--role", "admin").exit()).isZero();
            Waits.until(Duration.ofSeconds(3), "non-local clients answered once an admin exists",
                    () -> status(remote) == 200);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** HTTPS requests to the hub at 127.0.0.1, trusting only its certificate (host name verified). */
    private static final class Https {
        private final HttpClient client;
        private final int port;

        Https(SSLContext trust, int port) {
            this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
            this.port = port;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        }

        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** The status of {@code method path} as {@code authorization} (null: anonymous); -1 while nothing answers. */
        int status(String method, String path, String authorization) {
            HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.noBody());
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            try {
                return send(b.build()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** POST of {@link #COMMAND} with {@code contentType}. */
        HttpResponse<String> post(String path, String authorization, String contentType, Map<String, String> headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(COMMAND))
                    .header("Content-Type", contentType);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            headers.forEach(b::header);
            return send(b.build());
        }

        /** POST of {@code json} as {@code authorization}. */
        HttpResponse<String> postJson(String path, String authorization, String json) throws IOException, InterruptedException {
            return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                    .header("Authorization", authorization).build());
        }

        /** Signs in through POST /api/session with the password of {@code basic}: the cookie to send back and the CSRF token. */
        String[] signIn(String user, String basic) throws Exception {
            String password = new String(Base64.getDecoder().decode(basic.substring("Basic ".length())),
                    StandardCharsets.UTF_8).substring(user.length() + 1);
            HttpResponse<String> r = send(request("/api/session").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(
                            Map.of("user", user, "password", password)))).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Strict");
            return new String[] {cookie.substring(0, cookie.indexOf(';')),
                    new ObjectMapper().readTree(r.body()).get("csrfToken").asText()};
        }
    }

    private static String basic(String user, String password) {
        return HubProcess.basic(user, password);
    }

    private static List<String> printedPasswords(String console) {
        List<String> out = new ArrayList<>();
        Matcher m = PRINTED_PASSWORD.matcher(console);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** One GET with any Host header (the JDK's client will not send a foreign one): the whole answer. */
    private static String raw(Socket socket, String host) throws IOException {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static int status(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("hub", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** An up IPv4 address of this machine that is not loopback: a client connecting to it is not local. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
