package io.heathub.web;

import static io.heathub.web.SecuredServer.as;
import static io.heathub.web.SecuredServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.Role;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API for users and tokens over real HTTP, through the real filter and servlet, on real etc/ files. */
class AdminHttpTest {
    @TempDir
    Path dir;
    private SecuredServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        server.servlet.hubStatus = FakeHub.healthy();
        server.serveUsersAndTokens();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<byte[]> admin(String path, String json) throws Exception {
        return server.send("POST", path, as(Role.ADMIN), json);
    }

    @Test
    void everyAdminEndpointRefusesAnonymousViewersOperatorsCrossSiteAndNonJsonAndChangesNothing() throws Exception {
        String token = server.token("reader", Role.VIEWER);
        String usersBefore = Files.readString(server.files.usersFile());
        String tokensBefore = Files.readString(server.files.tokensFile());
        HttpResponse<byte[]> signIn = server.post("/api/session", null, "application/json",
                "{\"user\":\"admin\",\"password\":\"admin-password\"}", Map.of());
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        for (String path : List.of("/api/users", "/api/tokens")) {
            assertThat(server.send("GET", path, null, null).statusCode()).as("anonymous GET " + path).isEqualTo(401);
            assertThat(server.send("GET", path, as(Role.VIEWER), null).statusCode()).as("viewer GET " + path).isEqualTo(403);
            assertThat(server.send("GET", path, as(Role.OPERATOR), null).statusCode()).as("operator GET " + path)
                    .isEqualTo(403);
        }
        Map<String, String> posts = Map.of(
                "/api/users", "{\"name\":\"mallory\",\"role\":\"admin\",\"password\":\"mallory-password\"}",
                "/api/users/viewer", "{\"role\":\"admin\"}",
                "/api/users/admin/remove", "{}",
                "/api/tokens", "{\"name\":\"mallory\",\"role\":\"admin\"}",
                "/api/tokens/reader/revoke", "{}");
        for (Map.Entry<String, String> p : posts.entrySet()) {
            String path = p.getKey();
            String body = p.getValue();
            assertThat(server.post(path, null, "application/json", body, Map.of()).statusCode()).as("anonymous " + path)
                    .isEqualTo(401);
            assertThat(server.post(path, as(Role.VIEWER), "application/json", body, Map.of()).statusCode()).as("viewer " + path)
                    .isEqualTo(403);
            assertThat(server.post(path, as(Role.OPERATOR), "application/json", body, Map.of()).statusCode())
                    .as("operator " + path).isEqualTo(403);
            assertThat(server.post(path, SecuredServer.basic("admin", "wrong-password"), "application/json", body, Map.of())
                    .statusCode()).as("wrong password " + path).isEqualTo(401);
            assertThat(server.post(path, null, "application/json", body, Map.of("Cookie", cookie)).statusCode())
                    .as("admin session without CSRF token " + path).isEqualTo(403);
            assertThat(server.post(path, as(Role.ADMIN), "text/plain", body, Map.of()).statusCode()).as("non-JSON " + path)
                    .isEqualTo(415);
            assertThat(server.post(path, as(Role.ADMIN), "application/json", body, Map.of("Origin", "http://evil.example"))
                    .statusCode()).as("cross-origin " + path).isEqualTo(403);
        }
        assertThat(Files.readString(server.files.usersFile())).isEqualTo(usersBefore);
        assertThat(Files.readString(server.files.tokensFile())).isEqualTo(tokensBefore);
        assertThat(server.send("GET", "/api/status", "Bearer " + token, null).statusCode()).as("the token is not revoked")
                .isEqualTo(200);
    }

    @Test
    void anAdminAddsChangesAndRemovesUsersInTheFileTheCliWrites() throws Exception {
        HttpResponse<byte[]> added = admin("/api/users", "{\"name\":\"li.wei\",\"role\":\"viewer\",\"password\":\"li-wei-password\"}");
        assertThat(added.statusCode()).as(text(added)).isEqualTo(201);
        assertThat(text(added)).isEqualTo("{\"name\":\"li.wei\",\"role\":\"viewer\"}");
        assertThat(Files.readString(server.files.usersFile())).contains("\nli.wei viewer $argon2id$v=19$m=19456,t=2,p=1$");
        String liWei = SecuredServer.basic("li.wei", "li-wei-password");
        assertThat(server.send("GET", "/api/users", liWei, null).statusCode()).isEqualTo(403);

        HttpResponse<byte[]> list = server.send("GET", "/api/users", as(Role.ADMIN), null);
        assertThat(text(list)).isEqualTo("[{\"name\":\"viewer\",\"role\":\"viewer\"},{\"name\":\"operator\",\"role\":\"operator\"},"
                + "{\"name\":\"admin\",\"role\":\"admin\"},{\"name\":\"li.wei\",\"role\":\"viewer\"}]");

        assertThat(admin("/api/users", "{\"name\":\"li.wei\",\"role\":\"admin\",\"password\":\"another-password\"}")
                .statusCode()).isEqualTo(409);
        HttpResponse<byte[]> shortPassword = admin("/api/users", "{\"name\":\"bob\",\"role\":\"viewer\",\"password\":\"short\"}");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(text(shortPassword)).contains("a password has 10 to 1024 characters, this one 5").doesNotContain("short\"");
        assertThat(text(admin("/api/users", "{\"name\":\"bob smith\",\"role\":\"viewer\",\"password\":\"bob-password\"}")))
                .contains("\"status\":400", "1-64 letters, digits");
        assertThat(text(admin("/api/users", "{\"name\":\"bob\",\"role\":\"root\",\"password\":\"bob-password\"}")))
                .contains("\"status\":400", "expected viewer, operator or admin");
        assertThat(text(admin("/api/users", "{\"name\":\"bob\",\"role\":\"viewer\"}"))).contains("password is required");
        assertThat(text(admin("/api/users", "{\"name\":\"bob\",\"role\":\"viewer\",\"password\":\"bob-password\",\"hash\":\"x\"}")))
                .contains("unknown field 'hash'");
        assertThat(admin("/api/users", "[1]").statusCode()).isEqualTo(400);

        HttpResponse<byte[]> promoted = admin("/api/users/li.wei", "{\"role\":\"operator\",\"password\":\"li-wei-new-password\"}");
        assertThat(promoted.statusCode()).as(text(promoted)).isEqualTo(200);
        assertThat(text(promoted)).isEqualTo("{\"name\":\"li.wei\",\"role\":\"operator\"}");
        assertThat(server.send("GET", "/api/status", liWei, null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/status", SecuredServer.basic("li.wei", "li-wei-new-password"), null).statusCode())
                .isEqualTo(200);
        assertThat(admin("/api/users/nobody", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(404);
        assertThat(admin("/api/users/li.wei", "{}").statusCode()).isEqualTo(400);

        assertThat(admin("/api/users/li.wei/remove", "{}").statusCode()).isEqualTo(200);
        assertThat(admin("/api/users/li.wei/remove", "{}").statusCode()).isEqualTo(404);
        assertThat(Files.readString(server.files.usersFile())).doesNotContain("li.wei");

        String audit = Files.readString(server.security.auditFile());
        assertThat(audit).contains("\"requestedBy\":\"rest:admin\",\"event\":\"user.add\",\"status\":\"OK\",\"subject\":\"li.wei\","
                        + "\"message\":\"role viewer\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"user.role\",\"status\":\"OK\",\"subject\":\"li.wei\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"user.passwd\",\"status\":\"OK\",\"subject\":\"li.wei\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"user.remove\",\"status\":\"OK\",\"subject\":\"li.wei\"",
                "\"event\":\"POST /api/users\",\"address\":\"127.0.0.1\",\"status\":\"409\"")
                .doesNotContain("li-wei-password", "li-wei-new-password");
    }

    @Test
    void theLastAdminIsNeitherRemovedNorDemoted() throws Exception {
        HttpResponse<byte[]> removal = admin("/api/users/admin/remove", "{}");
        assertThat(removal.statusCode()).isEqualTo(409);
        assertThat(text(removal)).contains("'admin' is the last admin");
        assertThat(admin("/api/users/admin", "{\"role\":\"operator\"}").statusCode()).isEqualTo(409);
        assertThat(Files.readString(server.files.usersFile())).contains("\nadmin admin $argon2id");

        assertThat(admin("/api/users", "{\"name\":\"zhang\",\"role\":\"admin\",\"password\":\"zhang-password\"}").statusCode())
                .isEqualTo(201);
        assertThat(admin("/api/users/admin/remove", "{}").statusCode()).isEqualTo(200);
        // the admin removed itself: its own credentials end at once
        assertThat(server.send("GET", "/api/users", as(Role.ADMIN), null).statusCode()).isEqualTo(401);
        String zhang = SecuredServer.basic("zhang", "zhang-password");
        assertThat(server.send("POST", "/api/users/zhang/remove", zhang, "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void aTokenIsShownOnceWorksUntilRevokedAndIsNeverListedWithItsSecret() throws Exception {
        HttpResponse<byte[]> created = admin("/api/tokens", "{\"name\":\"billing\",\"role\":\"viewer\"}");
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        Matcher m = Pattern.compile("\\{\"name\":\"billing\",\"role\":\"viewer\",\"created\":\"[^\"]+\",\"token\":\"(hh_[A-Za-z0-9_-]{43})\"}")
                .matcher(text(created));
        assertThat(m.matches()).as(text(created)).isTrue();
        String bearer = "Bearer " + m.group(1);
        assertThat(server.send("GET", "/api/status", bearer, null).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/tokens", bearer, "{\"name\":\"x\",\"role\":\"admin\"}").statusCode()).isEqualTo(403);
        assertThat(admin("/api/tokens", "{\"name\":\"billing\",\"role\":\"admin\"}").statusCode()).isEqualTo(409);

        String listed = text(server.send("GET", "/api/tokens", as(Role.ADMIN), null));
        assertThat(listed).matches("\\[\\{\"name\":\"billing\",\"role\":\"viewer\",\"created\":\"[^\"]+\"}]")
                .doesNotContain(m.group(1), "sha256");
        assertThat(Files.readString(server.files.tokensFile())).doesNotContain(m.group(1));

        assertThat(admin("/api/tokens/billing/revoke", "").statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/status", bearer, null).statusCode()).isEqualTo(401);
        assertThat(admin("/api/tokens/billing/revoke", "{}").statusCode()).isEqualTo(404);
        assertThat(text(server.send("GET", "/api/tokens", as(Role.ADMIN), null))).isEqualTo("[]");
        assertThat(Files.readString(server.security.auditFile())).contains(
                "\"requestedBy\":\"rest:admin\",\"event\":\"token.create\",\"status\":\"OK\",\"subject\":\"billing\"",
                "\"requestedBy\":\"rest:admin\",\"event\":\"token.revoke\",\"status\":\"OK\",\"subject\":\"billing\"")
                .doesNotContain(m.group(1));
    }

    @Test
    void addsThroughTheApiAndAnotherProcessWritingTheFileAtOnceLoseNothing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process cli = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CredentialsWriterMain.class.getName(), server.files.usersFile().getParent().toString(), "40")
                .redirectErrorStream(true).start();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(admin("/api/users", "{\"name\":\"api-" + i + "\",\"role\":\"viewer\",\"password\":\"api-password-"
                    + i + "\"}").statusCode());
        }
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(new String(cli.getInputStream().readAllBytes())).isZero();
        assertThat(statuses).containsOnly(201);
        String listed = text(server.send("GET", "/api/users", as(Role.ADMIN), null));
        for (int i = 0; i < 40; i++) {
            assertThat(listed).contains("{\"name\":\"cli-" + i + "\",\"role\":\"viewer\"}");
        }
        for (int i = 0; i < 6; i++) {
            assertThat(listed).contains("{\"name\":\"api-" + i + "\",\"role\":\"viewer\"}");
        }
        assertThat(server.files.read().users()).hasSize(3 + 40 + 6);
    }
}
