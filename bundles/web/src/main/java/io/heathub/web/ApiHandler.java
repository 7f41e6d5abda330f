package io.heathub.web;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.Journal;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.wire.ReadingJson;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The API below {@code /api}, free of servlet types so it is tested on its own ({@link ApiServlet}
 * only adapts HTTP): finds the resource of a path (web's own {@link HubEndpoints}, or a feature's
 * {@link RestResource} service), checks the role the resource says the request needs
 * ({@link AccessCheck}), asks it, and renders its answer as JSON (UTF-8) in one error format.
 * Thread-safe.
 */
public final class ApiHandler {
    static final String HUB_UNAVAILABLE = HubEndpoints.HUB_UNAVAILABLE;
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    /** A status code and a JSON body. */
    public record Response(int status, byte[] body) {
        public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    }

    private final ReadingJson readingJson = new ReadingJson();
    private final HubEndpoints hub;
    private final Routes routes = new Routes();
    private volatile AccessCheck access = AccessCheck.OPEN;

    /**
     * @param hub          the current HubStatus, or null while core is not there
     * @param journal      the current Journal, or null while the store is not there
     * @param uptimeMillis how long the hub process has been running
     */
    public ApiHandler(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis) {
        this(hub, journal, uptimeMillis, () -> null, Duration.ofSeconds(10));
    }

    /**
     * @param commands    the current CommandService, or null while core is not there
     * @param commandWait how long a POST waits for the device before answering 202 Accepted
     */
    public ApiHandler(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis,
                      Supplier<CommandService> commands, Duration commandWait) {
        this.hub = new HubEndpoints(hub, journal, uptimeMillis, commands, commandWait);
        routes.own("/health", new Anyone(this.hub::health), "/api/health");
        routes.own("/status", this.hub::status, "/api/status");
        routes.own("/devices", this.hub::devices, "/api/devices");
        routes.own("/buses", this.hub::buses, "/api/buses");
        routes.own("/readings/latest", this.hub::latest, "/api/readings/latest");
        ReadingHistory history = new ReadingHistory(journal, java.time.Clock.systemUTC());
        routes.own("/readings", request -> request.isRead() ? history.answer(request) : this.hub.postReadings(request),
                "/api/readings?device=&point=&from=&to= (POST: a JSON array)");
        routes.own("/commands", this.hub::command, "POST /api/commands");
        routes.own(SessionEndpoint.PATH, new SessionRoute(), "/api/session (sign in: POST {user,password})");
        routes.own(INDEX, new Index(), "/api (index of every path, admin)");
    }

    /** {@code GET /api}: the index. */
    static final String INDEX = "/";

    /** One path served now and the role each method needs there (what {@code GET /api} lists). */
    public record Endpoint(String path, Map<String, String> roles) {
    }

    /** Admins read the index; it lists what exists, so it is not for everyone. */
    private final class Index implements RestResource {
        @Override
        public Role role(RestRequest request) {
            return Role.ADMIN;
        }

        @Override
        public RestResponse handle(RestRequest request) {
            return request.isRead() ? RestResponse.ok(endpoints())
                    : RestResponse.error(405, "GET /api lists every path; POST to one of them");
        }
    }

    /**
     * Signing in and out is the servlet's (it sets cookies) and never reaches here; routed so the
     * usage list and the index name it and no feature takes the path.
     */
    private static final class SessionRoute implements RestResource {
        @Override
        public Role role(RestRequest request) {
            return request.method().equals("POST") ? Role.ANYONE : Role.VIEWER;
        }

        @Override
        public RestResponse handle(RestRequest request) {
            return RestResponse.error(404, "sessions are served over HTTP only");
        }
    }

    /**
     * Every path served now (web's own first, {@code /*} paths as registered) with the role its
     * resource asks for each method — asked of the resource itself, so a new endpoint is listed with
     * what it really requires.
     */
    List<Endpoint> endpoints() {
        List<Endpoint> out = new java.util.ArrayList<>();
        for (Routes.Route route : routes.routes()) {
            String path = route.path().equals(INDEX) ? "" : route.path();
            Map<String, String> roles = new java.util.LinkedHashMap<>();
            List<String> methods = route.path().equals(SessionEndpoint.PATH) ? List.of("GET", "POST", "DELETE")
                    : List.of("GET", "POST");
            for (String method : methods) {
                RestRequest probe = new RestRequest(method, route.below() ? path.substring(0, path.length() - 2) : path,
                        "", Map.of(), null, null, "index");
                roles.put(method, route.resource().role(probe).name().toLowerCase(java.util.Locale.ROOT));
            }
            out.add(new Endpoint("/api" + path, roles));
        }
        return out;
    }

    /** The liveness check: anyone may ask whether the hub is up (anything else there needs a role like everywhere). */
    private record Anyone(RestResource resource) implements RestResource {
        @Override
        public Role role(RestRequest request) {
            return request.isRead() ? Role.ANYONE : Role.OPERATOR;
        }

        @Override
        public RestResponse handle(RestRequest request) {
            return resource.handle(request);
        }
    }

    /** Where POST /api/readings goes (core's ReadingSink), or null while core is not there. */
    void readingSink(Supplier<ReadingSink> readingSink) {
        hub.readingSink(readingSink);
    }

    /** Who may do what, for {@link #answer(RestRequest)}; {@link AccessCheck#OPEN} unless set (tests of resources). */
    void access(AccessCheck check) {
        this.access = check;
    }

    /** Which devices POST /api/readings accepts (default: every device). */
    void postable(java.util.function.Predicate<String> devices) {
        hub.postable(devices);
    }

    /** Core's site owner, for {@code /api/status}; null while it is not there. */
    void sites(Supplier<io.heathub.config.site.SiteService> sites) {
        hub.sites(sites);
    }

    /**
     * Serves a feature's resource at the paths of its {@link RestResource#PATH} property.
     *
     * @return the paths it was not given (malformed or taken)
     */
    public List<String> add(RestResource resource, Map<String, ?> properties) {
        return routes.add(resource, properties);
    }

    /** Every path below /api served now (web's own first), e.g. for tests that must cover every endpoint. */
    List<String> paths() {
        return routes.paths();
    }

    /** Stops serving a feature's resource: its paths answer 404. */
    public void remove(RestResource resource) {
        routes.remove(resource);
    }

    /**
     * Answers one request: 404 for a path no resource serves, the access check's refusal, or the
     * resource's answer; a {@code RuntimeException} of the resource is logged and answered 500.
     */
    public RestResponse answer(RestRequest request) {
        return answer(request, access);
    }

    /** {@link #answer(RestRequest)} with the access check of this one request (the servlet's, which knows its headers). */
    RestResponse answer(RestRequest request, AccessCheck check) {
        Optional<Routes.Match> match = routes.find(request.path());
        if (match.isEmpty()) {
            return RestResponse.error(404, "no such resource: /api" + request.path()
                    + " (try " + String.join(", ", routes.usages()) + ")");
        }
        RestRequest routed = new RestRequest(request.method(), request.path(), match.get().subPath(), request.query(),
                request.body(), request.contentType(), request.caller(), request.user(), request.role());
        RestResource resource = match.get().route().resource();
        try {
            RestResponse.Error refused = check.refuse(routed, resource.role(routed));
            return refused != null ? refused : resource.handle(routed);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "API request " + request.method() + " /api" + request.path() + " failed", e);
            return RestResponse.error(500, "internal error: " + e);
        }
    }

    /** The JSON body of a value or an error ({@code {"status":…,"error":…[,"problems":[…]]}}); not for downloads. */
    public Response render(RestResponse response) {
        if (response instanceof RestResponse.Value v) {
            return new Response(v.status(), readingJson.render(gen -> RecordJson.write(gen, v.value())));
        }
        if (response instanceof RestResponse.Error e) {
            return error(e);
        }
        throw new IllegalArgumentException("a download is streamed, not rendered");
    }

    /** A JSON error body: {@code {"status": 404, "error": "..."}}. */
    public Response error(int code, String message) {
        return error(new RestResponse.Error(code, message, null));
    }

    /** The JSON body of {@code {"status":…,"error":message}}, for answers given before routing. */
    static byte[] errorBody(int status, String message) {
        return new ReadingJson().render(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("status", status);
            gen.writeStringField("error", message);
            gen.writeEndObject();
        });
    }

    private Response error(RestResponse.Error e) {
        return new Response(e.status(), readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("status", e.status());
            gen.writeStringField("error", e.message());
            if (e.problems() != null) {
                gen.writeArrayFieldStart("problems");
                for (String p : e.problems()) {
                    gen.writeString(p);
                }
                gen.writeEndArray();
            }
            gen.writeEndObject();
        }));
    }

    /**
     * {@code GET /api<path>} rendered, for tests and tools.
     *
     * @param device the {@code device} query parameter, or null
     */
    public Response get(String path, String device) {
        return getWithQuery(path, device == null ? Map.of() : Map.of("device", device));
    }

    /** {@code GET /api<path>?<query>} rendered. */
    public Response getWithQuery(String path, Map<String, String> query) {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        query.forEach((k, v) -> values.put(k, List.of(v)));
        return render(answer(new RestRequest("GET", path == null || path.isEmpty() ? "/" : path, "", values, null, null,
                "test")));
    }

    /**
     * {@code POST /api<path>} rendered.
     *
     * @param asker who is asking, for the audit log (e.g. {@code rest:10.0.0.7})
     */
    public Response post(String path, byte[] body, String asker) {
        return render(answer(new RestRequest("POST", path == null || path.isEmpty() ? "/" : path, "", Map.of(), body,
                "application/json", asker)));
    }

    /** {@code POST /api<path>} rendered, from the signed-in {@code user} holding {@code role} (caller {@code rest:<user>}). */
    public Response postAs(String path, byte[] body, String user, Role role) {
        return render(answer(new RestRequest("POST", path == null || path.isEmpty() ? "/" : path, "", Map.of(), body,
                "application/json", "rest:" + user, user, role)));
    }
}
