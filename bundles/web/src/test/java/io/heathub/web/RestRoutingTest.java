package io.heathub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How web routes /api requests to the features' resources, asks for their roles and renders their answers. */
class RestRoutingTest {
    private final ApiHandler handler = new ApiHandler(FakeHub::healthy, () -> null, () -> 0);

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private record Report(String id, BigDecimal kWh, Optional<Instant> at, List<JsonText> lines) {
    }

    @Test
    void valuesAreRenderedByTheirComponentsAndJsonTextAsItIs() {
        handler.add(r -> RestResponse.ok(new Report("h-1", new BigDecimal("150.000"), Optional.empty(),
                List.of(new JsonText("{\"a\":1}"), new JsonText("{\"b\":\"m³\"}")))), Map.of(RestResource.PATH, "/report"));
        ApiHandler.Response r = handler.getWithQuery("/report", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"id\":\"h-1\",\"kWh\":150.000,\"at\":null,\"lines\":[{\"a\":1},{\"b\":\"m³\"}]}");
    }

    @Test
    void errorsAndProblemsHaveOneFormat() {
        handler.add(r -> r.param("broken") != null
                        ? RestResponse.problems("cannot settle with this site configuration", List.of("site.yaml:3:5: tariff: missing"))
                        : RestResponse.error(400, "season=START/END is required"),
                Map.of(RestResource.PATH, "/settle"));
        assertThat(text(handler.getWithQuery("/settle", Map.of()))).isEqualTo("{\"status\":400,\"error\":\"season=START/END is required\"}");
        ApiHandler.Response problems = handler.getWithQuery("/settle", Map.of("broken", "1"));
        assertThat(problems.status()).isEqualTo(422);
        assertThat(text(problems)).isEqualTo("{\"status\":422,\"error\":\"cannot settle with this site configuration\","
                + "\"problems\":[\"site.yaml:3:5: tariff: missing\"]}");
    }

    @Test
    void exactPathsMatchExactlyAndStarPathsTakeWhatIsBelow() {
        List<RestRequest> seen = new ArrayList<>();
        handler.add(r -> {
            seen.add(r);
            return RestResponse.ok(r.subPath());
        }, Map.of(RestResource.PATH, new String[] {"/alarms", "/alarms/ack", "/things/*"}));
        assertThat(text(handler.getWithQuery("/alarms", Map.of()))).isEqualTo("\"\"");
        assertThat(handler.post("/alarms/ack", new byte[0], "rest:x").status()).isEqualTo(200);
        assertThat(handler.getWithQuery("/alarms/other", Map.of()).status()).isEqualTo(404);
        assertThat(text(handler.getWithQuery("/things/42/parts", Map.of()))).isEqualTo("\"/42/parts\"");
        assertThat(text(handler.getWithQuery("/things", Map.of()))).isEqualTo("\"\"");
        assertThat(handler.getWithQuery("/thingsx", Map.of()).status()).isEqualTo(404);
        assertThat(seen).extracting(RestRequest::path).containsExactly("/alarms", "/alarms/ack", "/things/42/parts", "/things");
    }

    @Test
    void webOwnPathsAndTakenPathsAreNotGivenAway() {
        RestResource first = r -> RestResponse.ok("first");
        RestResource second = r -> RestResponse.ok("second");
        assertThat(handler.add(first, Map.of(RestResource.PATH, "/kpi"))).isEmpty();
        assertThat(handler.add(second, Map.of(RestResource.PATH, new String[] {"/kpi", "/health", "no-slash", "/ok"})))
                .containsExactly("/kpi", "/health", "no-slash");
        assertThat(text(handler.getWithQuery("/kpi", Map.of()))).isEqualTo("\"first\"");
        assertThat(text(handler.getWithQuery("/ok", Map.of()))).isEqualTo("\"second\"");
        assertThat(text(handler.getWithQuery("/health", Map.of()))).isEqualTo("{\"status\":\"DEGRADED\",\"uptimeSeconds\":0}");

        handler.remove(first);
        assertThat(handler.getWithQuery("/kpi", Map.of()).status()).isEqualTo(404);
        assertThat(handler.getWithQuery("/health", Map.of()).status()).isEqualTo(200); // removing a feature leaves web's own
    }

    @Test
    void theNotFoundAnswerListsWhatIsServedNow() {
        handler.add(r -> RestResponse.ok(1), Map.of(RestResource.PATH, "/kpi", RestResource.USAGE, "/api/kpi?week=|month=|season="));
        handler.add(r -> RestResponse.ok(1), Map.of(RestResource.PATH, "/supervision"));
        String help = text(handler.getWithQuery("/nope", Map.of()));
        assertThat(help).isEqualTo("{\"status\":404,\"error\":\"no such resource: /api/nope (try /api/health, /api/status, /api/devices,"
                + " /api/buses, /api/readings/latest, /api/readings?device=&point=&from=&to= (POST: a JSON array), POST /api/commands,"
                + " /api/session (sign in: POST {user,password}), /api (index of every path, admin), /api/kpi?week=|month=|season=,"
                + " /api/supervision)\"}");
    }

    @Test
    void theAccessCheckIsAskedForTheRoleEachRequestNeedsBeforeTheResource() {
        List<String> asked = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        handler.add(r -> {
            handled.add(r.method() + " " + r.path());
            return RestResponse.ok("done");
        }, Map.of(RestResource.PATH, new String[] {"/alarms", "/alarms/ack"}));
        handler.add(new RestResource() {
            @Override
            public Role role(RestRequest request) {
                return Role.ADMIN;
            }

            @Override
            public RestResponse handle(RestRequest request) {
                handled.add("admin");
                return RestResponse.ok("done");
            }
        }, Map.of(RestResource.PATH, "/admin"));
        // a caller who may only view
        handler.access((request, needed) -> {
            asked.add(request.method() + " " + request.path() + " " + needed);
            return Role.VIEWER.covers(needed) ? null : new RestResponse.Error(403, needed + " role needed", null);
        });

        assertThat(handler.getWithQuery("/alarms", Map.of()).status()).isEqualTo(200);
        ApiHandler.Response ack = handler.post("/alarms/ack", "{}".getBytes(StandardCharsets.UTF_8), "rest:x");
        assertThat(ack.status()).isEqualTo(403);
        assertThat(text(ack)).isEqualTo("{\"status\":403,\"error\":\"OPERATOR role needed\"}");
        assertThat(handler.getWithQuery("/admin", Map.of()).status()).isEqualTo(403);
        assertThat(handler.getWithQuery("/health", Map.of()).status()).isEqualTo(200);
        assertThat(handler.post("/commands", "{}".getBytes(StandardCharsets.UTF_8), "rest:x").status()).isEqualTo(403);

        assertThat(asked).containsExactly("GET /alarms VIEWER", "POST /alarms/ack OPERATOR", "GET /admin ADMIN",
                "GET /health ANYONE", "POST /commands OPERATOR");
        assertThat(handled).containsExactly("GET /alarms");
    }

    @Test
    void aResourceThatThrowsIsAnswered500AndTheNextRequestIsServed() {
        handler.add(r -> {
            if (r.param("boom") != null) {
                throw new IllegalStateException("boom");
            }
            return RestResponse.ok("fine");
        }, Map.of(RestResource.PATH, "/fragile"));
        ApiHandler.Response failed = handler.getWithQuery("/fragile", Map.of("boom", "1"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(text(failed)).contains("internal error: java.lang.IllegalStateException: boom");
        assertThat(text(handler.getWithQuery("/fragile", Map.of()))).isEqualTo("\"fine\"");
    }

    @Test
    void rolesAreOrderedWeakestFirst() {
        assertThat(Role.ADMIN.covers(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.covers(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.covers(Role.OPERATOR)).isFalse();
        assertThat(Role.ANYONE.covers(Role.VIEWER)).isFalse();
        RestResource plain = r -> RestResponse.ok(1);
        assertThat(plain.role(new RestRequest("GET", "/x", "", Map.of(), null, null, "t"))).isEqualTo(Role.VIEWER);
        assertThat(plain.role(new RestRequest("HEAD", "/x", "", Map.of(), null, null, "t"))).isEqualTo(Role.VIEWER);
        assertThat(plain.role(new RestRequest("POST", "/x", "", Map.of(), null, null, "t"))).isEqualTo(Role.OPERATOR);
    }
}
