package io.heathub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.rest.Role;
import io.heathub.wire.ReadingJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real servlet in a real (embedded Jetty 9.4, javax.servlet) server, mapped like the whiteboard maps it. */
class ApiServletHttpTest {
    @TempDir
    Path dir;
    private SecuredServer server;
    private ApiServlet servlet;

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        servlet = server.servlet;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** As admin: these tests are about what the API answers; SecurityHttpTest is about who may ask. */
    private HttpResponse<byte[]> send(String method, String path) throws Exception {
        return server.send(method, path, SecuredServer.as(Role.ADMIN), null);
    }

    private static String text(HttpResponse<byte[]> r) {
        return SecuredServer.text(r);
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

        HttpResponse<byte[]> health = send("GET", "/api/status");
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

        HttpResponse<byte[]> post = post("/api/devices", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(text(post)).contains("POST is only accepted on /api/commands and /api/readings");

        HttpResponse<byte[]> delete = send("DELETE", "/api/devices");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    private HttpResponse<byte[]> post(String path, String json) throws Exception {
        return server.send("POST", path, SecuredServer.as(Role.ADMIN), json);
    }

    @Test
    void commandsArePostedWithWhoAskedAndAnsweredWithTheirOutcome() throws Exception {
        List<Command> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<CommandResult> slow = new CompletableFuture<>();
        servlet.commandService = c -> {
            seen.add(c);
            return switch (c.requestId()) {
                case "ok" -> CompletableFuture.completedFuture(CommandResult.done("ok", c.value()));
                case "no" -> CompletableFuture.completedFuture(CommandResult.refused("no", "outside bounds 16..24"));
                case "bad" -> CompletableFuture.completedFuture(CommandResult.failed("bad", "TIMEOUT: no reply"));
                default -> slow;
            };
        };
        HttpResponse<byte[]> done = post("/api/commands",
                "{\"requestId\":\"ok\",\"device\":\"room-1\",\"point\":\"setpoint.room\",\"value\":21}");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(text(done)).contains("\"status\":\"DONE\"", "\"readBack\":21");
        assertThat(seen.get(0).requestedBy()).isEqualTo("rest:admin");

        HttpResponse<byte[]> refused = post("/api/commands",
                "{\"requestId\":\"no\",\"device\":\"room-1\",\"point\":\"setpoint.room\",\"value\":30}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(text(refused)).contains("\"status\":\"REFUSED\",\"message\":\"outside bounds 16..24\"");

        assertThat(post("/api/commands",
                "{\"requestId\":\"bad\",\"device\":\"v\",\"point\":\"valve.state\",\"value\":1}").statusCode())
                .isEqualTo(502);

        HttpResponse<byte[]> malformed = post("/api/commands", "{\"requestId\":\"x\",\"device\":\"v\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(text(malformed)).contains("needs a point");
        assertThat(seen).hasSize(3); // the malformed one never reached the hub
    }

    @Test
    void aCommandStillQueuedAfterTheWaitIsAnswered202() throws Exception {
        ApiHandler quick = new ApiHandler(FakeHub::healthy, () -> null, () -> 0,
                () -> c -> new CompletableFuture<>(), java.time.Duration.ofMillis(50));
        ApiHandler.Response r = quick.post("/commands",
                "{\"requestId\":\"q\",\"device\":\"v\",\"point\":\"valve.state\",\"value\":0}"
                        .getBytes(StandardCharsets.UTF_8), "rest:test");
        assertThat(r.status()).isEqualTo(202);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"status\":\"ACCEPTED\"", "queued");
    }

    @Test
    void readingsFromABackendAreJournaledThroughTheHub() throws Exception {
        List<io.heathub.api.Reading> taken = new CopyOnWriteArrayList<>();
        assertThat(post("/api/readings", "[]").statusCode()).isEqualTo(503); // no core yet
        servlet.readingSink = readings -> {
            taken.addAll(readings);
            return readings;
        };
        String forecast = "[{\"device\":\"forecast\",\"point\":\"temp.outdoor\",\"value\":-18.5,\"unit\":\"°C\","
                + "\"time\":\"" + java.time.Instant.now().plus(java.time.Duration.ofHours(48)) + "\"}]";
        HttpResponse<byte[]> accepted = post("/api/readings", forecast);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(text(accepted)).isEqualTo("{\"accepted\":1,\"suspect\":0}");
        assertThat(taken).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo("forecast");
            assertThat(r.value()).isEqualByComparingTo("-18.5");
        });
        HttpResponse<byte[]> bad = post("/api/readings", "[{\"device\":\"forecast\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).contains("reading [0]: point: missing");
        // the door's checks: a value no wire should carry, a time no clock should show
        assertThat(post("/api/readings", forecast.replace("-18.5", "1e10000")).statusCode()).isEqualTo(400);
        assertThat(text(post("/api/readings", forecast.replaceAll("\"time\":\"[^\"]+\"",
                "\"time\":\"+300000000-01-01T00:00:00Z\"")))).contains("days ahead of the hub's clock");
        // core refuses what its own window refuses
        servlet.readingSink = readings -> {
            throw new IllegalArgumentException("readings refused, none accepted: reading [0] (forecast temp.outdoor):"
                    + " time: … ahead of the hub's clock");
        };
        HttpResponse<byte[]> outside = post("/api/readings", forecast);
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(text(outside)).contains("readings refused, none accepted");
        assertThat(taken).hasSize(1);
        servlet.readingSink = readings -> {
            throw new io.heathub.api.journal.JournalException("disk full (test)");
        };
        HttpResponse<byte[]> refused = post("/api/readings", forecast);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(text(refused)).contains("journal refused them: disk full (test)");
    }

    @Test
    void aFeaturesResourcesAreServedWhileRegisteredDownloadsStreamedAndRolesAsked() throws Exception {
        List<io.heathub.api.rest.RestRequest> seen = new CopyOnWriteArrayList<>();
        io.heathub.api.rest.RestResource csv = request -> {
            seen.add(request);
            return io.heathub.api.rest.RestResponse.download("text/csv; charset=utf-8", "rows.csv",
                    out -> out.write("a,b\n1,°C\n".getBytes(StandardCharsets.UTF_8)));
        };
        io.heathub.api.rest.RestResource things = request -> {
            seen.add(request);
            return io.heathub.api.rest.RestResponse.ok(java.util.Map.of("sub", request.subPath(),
                    "body", new String(request.body(), StandardCharsets.UTF_8)));
        };
        assertThat(send("GET", "/api/export/rows.csv").statusCode()).isEqualTo(404);
        servlet.addResource(csv, java.util.Map.of(io.heathub.api.rest.RestResource.PATH, "/export/rows.csv"));
        servlet.addResource(things, java.util.Map.of(io.heathub.api.rest.RestResource.PATH, new String[] {"/things/*"}));

        HttpResponse<byte[]> rows = send("GET", "/api/export/rows.csv?from=2025-01-01&to=2025-01-31&note=a%20b");
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct.toLowerCase()).startsWith("text/csv").contains("utf-8"));
        assertThat(rows.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"rows.csv\"");
        assertThat(text(rows)).isEqualTo("a,b\n1,°C\n");
        assertThat(seen.get(0).query()).containsEntry("from", List.of("2025-01-01")).containsEntry("note", List.of("a b"));
        assertThat(seen.get(0).caller()).isEqualTo("rest:admin");
        assertThat(seen.get(0).user()).isEqualTo("admin");
        assertThat(seen.get(0).role()).isEqualTo(Role.ADMIN);
        assertThat(send("HEAD", "/api/export/rows.csv").body()).isEmpty();

        HttpResponse<byte[]> posted = post("/api/things/42", "{\"x\":1}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(text(posted)).contains("\"sub\":\"/42\"", "\"body\":\"{\\\"x\\\":1}\"");
        assertThat(seen.get(seen.size() - 1).method()).isEqualTo("POST");

        servlet.removeResource(csv); // what DS does when the feature's bundle stops
        HttpResponse<byte[]> gone = send("GET", "/api/export/rows.csv");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(text(gone)).startsWith("{\"status\":404,\"error\":\"no such resource: /api/export/rows.csv");
    }

    @Test
    void aBodyAboveTheBoundIs413AndTheResourceIsNotAsked() throws Exception {
        List<io.heathub.api.rest.RestRequest> seen = new CopyOnWriteArrayList<>();
        servlet.addResource(r -> {
            seen.add(r);
            return io.heathub.api.rest.RestResponse.ok("taken");
        }, java.util.Map.of(io.heathub.api.rest.RestResource.PATH, "/big"));
        HttpResponse<byte[]> big = post("/api/big", "x".repeat(ApiServlet.MAX_BODY + 1));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(seen).isEmpty();
        assertThat(post("/api/big", "x".repeat(1000)).statusCode()).isEqualTo(200);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.body()).hasSize(1000));
    }
}
