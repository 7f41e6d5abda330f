package io.heathub.web;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.JournalHealth;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.ReadingJson;
import io.heathub.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The endpoints every hub has, on core's services: health, devices, buses, latest readings, and
 * the two ways in, {@code POST /api/readings} and {@code POST /api/commands}. Each supplier gives
 * null while its service is not registered (503). Thread-safe.
 */
final class HubEndpoints {
    static final String HUB_UNAVAILABLE = "hub core is not running yet (no HubStatus service); retry shortly";
    static final String POST_ONLY_HERE = "POST is only accepted on /api/commands and /api/readings (and on features' POST paths)";

    private final ReadingJson readingJson = new ReadingJson();
    /** The door's checks (core's ReadingSink applies them again with the hub's configured time window). */
    private final ReadingInput readingInput = new ReadingInput(ReadingInput.Limits.DEFAULT, java.time.Clock.systemUTC());
    private final CommandJson commandJson = new CommandJson();
    private final Supplier<HubStatus> hub;
    private final Supplier<Journal> journal;
    private final LongSupplier uptimeMillis;
    private final Supplier<CommandService> commands;
    private final Duration commandWait;
    private volatile Supplier<ReadingSink> sink = () -> null;
    private volatile java.util.function.Predicate<String> postable = device -> true;
    private volatile Supplier<SiteService> sites = () -> null;

    HubEndpoints(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis,
                 Supplier<CommandService> commands, Duration commandWait) {
        this.hub = hub;
        this.journal = journal;
        this.uptimeMillis = uptimeMillis;
        this.commands = commands;
        this.commandWait = commandWait;
    }

    void readingSink(Supplier<ReadingSink> readingSink) {
        this.sink = readingSink;
    }

    void postable(java.util.function.Predicate<String> devices) {
        this.postable = devices;
    }

    /** Core's site owner, for the applied version and the file's problems in {@code /api/status}. */
    void sites(Supplier<SiteService> siteService) {
        this.sites = siteService;
    }

    /**
     * {@code GET /api/health}, for anyone: only UP, DEGRADED (config errors, nothing running, no or
     * failing journal) or DOWN without core, and the uptime — no device data.
     */
    RestResponse health(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, POST_ONLY_HERE);
        }
        HubStatus status = hub.get();
        return status == null ? unavailableHealth() : health(status, false);
    }

    /**
     * {@code GET /api/status} (viewer): health with device counts per state, config errors, the
     * applied site version with the file's problems, and journal figures.
     */
    RestResponse status(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, POST_ONLY_HERE);
        }
        HubStatus status = hub.get();
        return status == null ? unavailableHealth() : health(status, true);
    }

    RestResponse devices(RestRequest request) {
        return read(request, status -> devices(status.devices()));
    }

    RestResponse buses(RestRequest request) {
        return read(request, status -> buses(status.buses()));
    }

    /** {@code GET /api/readings/latest[?device=ID]}. */
    RestResponse latest(RestRequest request) {
        return read(request, status -> latest(status.latest(), request.param("device")));
    }

    private RestResponse read(RestRequest request, java.util.function.Function<HubStatus, RestResponse> answer) {
        if (!request.isRead()) {
            return RestResponse.error(405, POST_ONLY_HERE);
        }
        HubStatus status = hub.get();
        return status == null ? RestResponse.error(503, HUB_UNAVAILABLE) : answer.apply(status);
    }

    /**
     * {@code POST /api/commands} with a command as in {@link CommandJson}: answers 200 with the
     * result when the device executed it, 202 when it is still queued after the wait, 422 when it
     * was refused, 502 when the device failed it, 400 when the request is malformed.
     */
    RestResponse command(RestRequest request) {
        if (request.isRead()) {
            return RestResponse.error(405, "POST a command to /api/commands: {\"requestId\",\"device\",\"point\",\"value\"}");
        }
        CommandService service = commands.get();
        if (service == null) {
            return RestResponse.error(503, HUB_UNAVAILABLE);
        }
        Command command;
        try {
            command = commandJson.read(request.body(), null, request.caller());
        } catch (WireFormatException e) {
            return RestResponse.error(400, e.getMessage());
        }
        CompletableFuture<CommandResult> result = service.submit(command).toCompletableFuture();
        try {
            CommandResult done = result.get(commandWait.toMillis(), TimeUnit.MILLISECONDS);
            int code = switch (done.status()) {
                case DONE -> 200;
                case ACCEPTED -> 202;
                case REFUSED -> 422;
                case FAILED -> 502;
            };
            return json(code, commandJson.write(command, done, Instant.now()));
        } catch (TimeoutException e) {
            CommandResult queued = new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED,
                    "queued on the device's bus; GET /api/commands/" + command.requestId() + " for the outcome",
                    Optional.empty());
            return json(202, commandJson.write(command, queued, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RestResponse.error(503, "interrupted while waiting for the device");
        } catch (ExecutionException e) {
            return RestResponse.error(500, "command failed inside the hub: " + e.getCause());
        }
    }

    /**
     * {@code POST /api/readings}: readings from a backend (e.g. a 48–72 h outdoor forecast as
     * readings of device {@code forecast} time-stamped ahead), a JSON array as on every wire.
     * They are validated and journaled like polled readings: 202 with the count when accepted.
     */
    RestResponse postReadings(RestRequest request) {
        if (request.isRead()) {
            return RestResponse.error(405, "POST a JSON array of readings to /api/readings; read them at /api/readings/latest");
        }
        ReadingSink target = sink.get();
        if (target == null) {
            return RestResponse.error(503, HUB_UNAVAILABLE);
        }
        List<Reading> readings;
        try {
            readings = readingInput.readJson(request.body());
        } catch (WireFormatException e) {
            return RestResponse.error(400, e.getMessage());
        }
        List<String> refused = readings.stream().map(Reading::device).filter(d -> !postable.test(d)).distinct().toList();
        if (!refused.isEmpty()) {
            return RestResponse.error(403, "readings of " + refused + " may not be posted: site.yaml lists the"
                    + " devices a backend may post under readings.postable (default: [forecast]); an admin may add"
                    + " more with postableDevices in etc/io.heathub.web.cfg");
        }
        try {
            List<Reading> accepted = target.accept(readings);
            return json(202, readingJson.render(gen -> {
                gen.writeStartObject();
                gen.writeNumberField("accepted", accepted.size());
                gen.writeNumberField("suspect", accepted.stream().filter(r -> r.quality() != Quality.GOOD).count());
                gen.writeEndObject();
            }));
        } catch (JournalException e) {
            return RestResponse.error(503, "readings not accepted, the journal refused them: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, e.getMessage());
        }
    }

    private static RestResponse json(int status, byte[] written) {
        return RestResponse.json(status, new JsonText(new String(written, StandardCharsets.UTF_8)));
    }

    private RestResponse health(HubStatus status, boolean detail) {
        List<DeviceStatus> devices = status.devices();
        List<String> configErrors = status.configErrors();
        Map<DeviceStatus.State, Integer> counts = new EnumMap<>(DeviceStatus.State.class);
        for (DeviceStatus.State s : DeviceStatus.State.values()) {
            counts.put(s, 0);
        }
        devices.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
        Journal store = journal.get();
        Optional<JournalHealth> journalHealth = store == null ? Optional.empty() : store.health();
        boolean journalOk = journalHealth.map(h -> h.writable() && h.alarms().isEmpty()).orElse(true);
        boolean up = configErrors.isEmpty() && counts.get(DeviceStatus.State.RUNNING) > 0 && store != null && journalOk;
        return json(200, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("status", up ? "UP" : "DEGRADED");
            gen.writeNumberField("uptimeSeconds", uptimeMillis.getAsLong() / 1000);
            if (!detail) {
                gen.writeEndObject();
                return;
            }
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
            writeSite(gen, sites.get());
            gen.writeFieldName("journal");
            if (store == null) {
                gen.writeNull(); // no durable store: readings cannot be accepted
            } else {
                gen.writeStartObject();
                gen.writeNumberField("head", store.head());
                if (journalHealth.isPresent()) {
                    JournalHealth h = journalHealth.get();
                    gen.writeBooleanField("writable", h.writable());
                    gen.writeNumberField("fileBytes", h.fileBytes());
                    gen.writeObjectFieldStart("backlogs");
                    for (var b : new TreeMap<>(h.backlogs()).entrySet()) {
                        gen.writeNumberField(b.getKey(), b.getValue());
                    }
                    gen.writeEndObject();
                    gen.writeArrayFieldStart("alarms");
                    for (String a : h.alarms()) {
                        gen.writeString(a);
                    }
                    gen.writeEndArray();
                    gen.writeNumberField("droppedUnforwarded", h.droppedUnforwarded());
                    gen.writeNumberField("writeFailures", h.writeFailures());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }));
    }

    /**
     * {@code "site": {"version","id","appliedAt","problems":[…],"warnings":[…]}}: the version every
     * part of the hub runs (null before the first valid file) and why the file as it is now is not
     * applied; null without core's site owner.
     */
    private static void writeSite(com.fasterxml.jackson.core.JsonGenerator gen, SiteService service)
            throws java.io.IOException {
        gen.writeFieldName("site");
        if (service == null) {
            gen.writeNull();
            return;
        }
        Optional<Site> site = service.current();
        gen.writeStartObject();
        gen.writeFieldName("version");
        if (site.isPresent()) {
            gen.writeNumber(site.get().version());
            gen.writeStringField("id", site.get().id());
            gen.writeStringField("appliedAt", site.get().appliedAt().toString());
        } else {
            gen.writeNull();
        }
        if (site.isPresent()) {
            writeCommandPolicy(gen, site.get().commands());
        }
        writeMessages(gen, "problems", service.problems());
        writeMessages(gen, "warnings", site.map(Site::warnings).orElse(List.of()));
        gen.writeEndObject();
    }

    /** {@code "commands":{"maxPerDevicePerMinute":n,"bounds":{POINT:{"min","max"}}}}: what the console's command form shows. */
    private static void writeCommandPolicy(com.fasterxml.jackson.core.JsonGenerator gen,
                                           io.heathub.config.site.CommandPolicy policy) throws java.io.IOException {
        gen.writeObjectFieldStart("commands");
        gen.writeNumberField("maxPerDevicePerMinute", policy.maxPerDevicePerMinute());
        gen.writeObjectFieldStart("bounds");
        for (var bound : new TreeMap<>(policy.bounds()).entrySet()) {
            gen.writeObjectFieldStart(bound.getKey());
            gen.writeNumberField("min", bound.getValue().min());
            gen.writeNumberField("max", bound.getValue().max());
            gen.writeEndObject();
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writeMessages(com.fasterxml.jackson.core.JsonGenerator gen, String field,
                                      List<ConfigException> messages) throws java.io.IOException {
        gen.writeArrayFieldStart(field);
        for (ConfigException e : messages) {
            gen.writeString(e.getMessage());
        }
        gen.writeEndArray();
    }

    private RestResponse unavailableHealth() {
        return json(503, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("status", "DOWN");
            gen.writeNumberField("uptimeSeconds", uptimeMillis.getAsLong() / 1000);
            gen.writeStringField("error", HUB_UNAVAILABLE);
            gen.writeEndObject();
        }));
    }

    private RestResponse devices(List<DeviceStatus> devices) {
        return json(200, readingJson.render(gen -> {
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

    private RestResponse buses(List<BusStatus> buses) {
        return json(200, readingJson.render(gen -> {
            gen.writeStartArray();
            for (BusStatus b : buses) {
                gen.writeStartObject();
                gen.writeStringField("id", b.id());
                gen.writeStringField("uri", b.uri());
                gen.writeNumberField("requests", b.requests());
                gen.writeNumberField("timeouts", b.timeouts());
                gen.writeNumberField("checksumErrors", b.checksumErrors());
                gen.writeNumberField("otherErrors", b.otherErrors());
                gen.writeNumberField("bytesSent", b.bytesSent());
                gen.writeNumberField("bytesReceived", b.bytesReceived());
                gen.writeNumberField("utilisationPercent", Math.round(b.utilisationPercent() * 10) / 10.0);
                gen.writeNumberField("pollLatenessMeanMillis", Math.round(b.pollLatenessMeanMillis() * 10) / 10.0);
                gen.writeNumberField("pollLatenessMaxMillis", Math.round(b.pollLatenessMaxMillis() * 10) / 10.0);
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }));
    }

    private RestResponse latest(List<Reading> readings, String device) {
        return json(200, readingJson.render(gen -> {
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
