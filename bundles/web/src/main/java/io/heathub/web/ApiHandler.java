package io.heathub.web;

import io.heathub.api.Reading;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.wire.ReadingJson;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers the API's GET requests from the hub's services and renders JSON (UTF-8). Free of
 * servlet types so that it is tested on its own; {@link ApiServlet} only adapts it. Thread-safe.
 */
public final class ApiHandler {
    static final String HUB_UNAVAILABLE = "hub core is not running yet (no HubStatus service); retry shortly";

    /** A status code and a JSON body. */
    public record Response(int status, byte[] body) {
        public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    }

    private final ReadingJson readingJson = new ReadingJson();
    private final Supplier<HubStatus> hub;
    private final Supplier<Journal> journal;
    private final LongSupplier uptimeMillis;

    /**
     * @param hub          the current HubStatus, or null while core is not there
     * @param journal      the current Journal, or null while the store is not there
     * @param uptimeMillis how long the hub process has been running
     */
    public ApiHandler(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis) {
        this.hub = hub;
        this.journal = journal;
        this.uptimeMillis = uptimeMillis;
    }

    /**
     * @param path   the path below {@code /api}, e.g. {@code /health}
     * @param device the {@code device} query parameter, or null
     */
    public Response get(String path, String device) {
        String route = path == null || path.isEmpty() ? "/" : path;
        HubStatus status = hub.get();
        return switch (route) {
            case "/health" -> status == null ? unavailableHealth() : health(status);
            case "/devices" -> status == null ? error(503, HUB_UNAVAILABLE) : devices(status.devices());
            case "/readings/latest" -> status == null ? error(503, HUB_UNAVAILABLE) : latest(status.latest(), device);
            default -> error(404, "no such resource: /api" + route
                    + " (try /api/health, /api/devices, /api/readings/latest)");
        };
    }

    /** A JSON error body: {@code {"status": 404, "error": "..."}}. */
    public Response error(int code, String message) {
        return new Response(code, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("status", code);
            gen.writeStringField("error", message);
            gen.writeEndObject();
        }));
    }

    private Response health(HubStatus status) {
        List<DeviceStatus> devices = status.devices();
        List<String> configErrors = status.configErrors();
        Map<DeviceStatus.State, Integer> counts = new EnumMap<>(DeviceStatus.State.class);
        for (DeviceStatus.State s : DeviceStatus.State.values()) {
            counts.put(s, 0);
        }
        devices.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
        Journal store = journal.get();
        boolean up = configErrors.isEmpty() && counts.get(DeviceStatus.State.RUNNING) > 0 && store != null;
        return new Response(200, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("status", up ? "UP" : "DEGRADED");
            gen.writeNumberField("uptimeSeconds", uptimeMillis.getAsLong() / 1000);
            gen.writeObjectFieldStart("devices");
            for (Map.Entry<DeviceStatus.State, Integer> c : counts.entrySet()) {
                gen.writeNumberField(c.getKey().name(), c.getValue());
            }
            gen.writeEndObject();
            gen.writeArrayFieldStart("configErrors");
            for (String e : configErrors) {
                gen.writeString(e);
            }
            gen.writeEndArray();
            gen.writeFieldName("journal");
            if (store == null) {
                gen.writeNull(); // no durable store: readings cannot be accepted
            } else {
                gen.writeStartObject();
                gen.writeNumberField("head", store.head());
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }));
    }

    private Response unavailableHealth() {
        return new Response(503, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("status", "DOWN");
            gen.writeNumberField("uptimeSeconds", uptimeMillis.getAsLong() / 1000);
            gen.writeStringField("error", HUB_UNAVAILABLE);
            gen.writeEndObject();
        }));
    }

    private Response devices(List<DeviceStatus> devices) {
        return new Response(200, readingJson.render(gen -> {
            gen.writeStartArray();
            for (DeviceStatus d : devices) {
                gen.writeStartObject();
                gen.writeStringField("id", d.id());
                gen.writeStringField("driver", d.driver());
                gen.writeStringField("bus", d.bus());
                gen.writeStringField("state", d.state().name());
                gen.writeStringField("lastError", d.lastError() == null ? "" : d.lastError());
                gen.writeFieldName("lastPoll");
                if (d.lastPoll() != null && d.lastPoll().isPresent()) {
                    gen.writeString(d.lastPoll().get().toString());
                } else {
                    gen.writeNull();
                }
                gen.writeNumberField("polls", d.polls());
                gen.writeNumberField("failures", d.failures());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }));
    }

    private Response latest(List<Reading> readings, String device) {
        return new Response(200, readingJson.render(gen -> {
            gen.writeStartArray();
            for (Reading r : readings) {
                if (device == null || device.equals(r.device())) {
                    readingJson.writeObject(gen, r);
                }
            }
            gen.writeEndArray();
        }));
    }

}
