package io.heathub.web;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.ReadingSink;
import io.heathub.control.runtime.api.ControlStatus;
import io.heathub.api.journal.JournalHealth;
import io.heathub.api.hub.CommandService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.heathub.api.Reading;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.wire.ReadingJson;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.runtime.api.AlarmStatus;
import io.heathub.billing.runtime.api.KpiService;
import io.heathub.billing.runtime.api.ReadingExport;
import io.heathub.billing.runtime.api.SettlementService;
import io.heathub.billing.runtime.api.SupervisionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.format.DateTimeParseException;

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
    private final Supplier<CommandService> commands;
    private final CommandJson commandJson = new CommandJson();
    private final Duration commandWait;
    private final Supplier<ControlStatus> control;
    private volatile Supplier<ReadingSink> sink = () -> null;
    private volatile Billing billing = new Billing(() -> null, () -> null, () -> null, () -> null, () -> null);
    private final JsonFactory jsonFactory = new JsonFactory();

    /**
     * The billing bundle's services; each supplier gives null while its service is not registered.
     */
    record Billing(Supplier<SettlementService> settlement, Supplier<ReadingExport> export,
                   Supplier<AlarmStatus> alarms, Supplier<SupervisionStatus> supervision, Supplier<KpiService> kpi) {
        /** Without the energy figures. */
        Billing(Supplier<SettlementService> settlement, Supplier<ReadingExport> export, Supplier<AlarmStatus> alarms,
                Supplier<SupervisionStatus> supervision) {
            this(settlement, export, alarms, supervision, () -> null);
        }
    }

    /** Where the billing routes go (the billing bundle's services). */
    void billing(Billing services) {
        this.billing = services;
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A streamed answer: either {@code error} (a JSON response) or a body of {@code contentType}.
     *
     * @param fileName suggested file name (Content-Disposition)
     */
    public record Download(Response error, String contentType, String fileName, Body body) {
    }

    /** Where POST /api/readings goes (core's ReadingSink), or null while core is not there. */
    void readingSink(Supplier<ReadingSink> readingSink) {
        this.sink = readingSink;
    }

    /**
     * @param hub          the current HubStatus, or null while core is not there
     * @param journal      the current Journal, or null while the store is not there
     * @param uptimeMillis how long the hub process has been running
     */
    public ApiHandler(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis) {
        this(hub, journal, uptimeMillis, () -> null, Duration.ofSeconds(10), () -> null);
    }

    /**
     * @param commands    the current CommandService, or null while core is not there
     * @param commandWait how long a POST waits for the device before answering 202 Accepted
     */
    public ApiHandler(Supplier<HubStatus> hub, Supplier<Journal> journal, LongSupplier uptimeMillis,
                      Supplier<CommandService> commands, Duration commandWait, Supplier<ControlStatus> control) {
        this.control = control;
        this.hub = hub;
        this.journal = journal;
        this.uptimeMillis = uptimeMillis;
        this.commands = commands;
        this.commandWait = commandWait;
    }

    /**
     * {@code POST /api/commands} with a command as in {@link CommandJson}: answers 200 with the
     * result when the device executed it, 202 when it is still queued after the wait, 422 when it
     * was refused, 502 when the device failed it, 400 when the request is malformed.
     *
     * @param asker who is asking, for the audit log (e.g. {@code rest:10.0.0.7})
     */
    public Response post(String path, byte[] body, String asker) {
        String route = path == null || path.isEmpty() ? "/" : path;
        if (route.equals("/readings")) {
            return postReadings(body);
        }
        if (route.equals("/alarms/ack")) {
            return acknowledge(body);
        }
        if (!route.equals("/commands")) {
            return error(route.equals("/") ? 404 : 405,
                    "POST is only accepted on /api/commands and /api/readings (and /api/alarms/ack)");
        }
        CommandService service = commands.get();
        if (service == null) {
            return error(503, HUB_UNAVAILABLE);
        }
        Command command;
        try {
            command = commandJson.read(body, null, asker);
        } catch (WireFormatException e) {
            return error(400, e.getMessage());
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
            return new Response(code, commandJson.write(command, done, Instant.now()));
        } catch (TimeoutException e) {
            CommandResult queued = new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED,
                    "queued on the device's bus; the audit log will hold the outcome", Optional.empty());
            return new Response(202, commandJson.write(command, queued, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted while waiting for the device");
        } catch (ExecutionException e) {
            return error(500, "command failed inside the hub: " + e.getCause());
        }
    }

    /**
     * @param path   the path below {@code /api}, e.g. {@code /health}
     * @param device the {@code device} query parameter, or null
     */
    public Response get(String path, String device) {
        return getWithQuery(path, name -> "device".equals(name) ? device : null);
    }

    /**
     * @param path  the path below {@code /api}
     * @param query the query parameter of a name, or null
     */
    public Response getWithQuery(String path, Function<String, String> query) {
        String route = path == null || path.isEmpty() ? "/" : path;
        String device = query.apply("device");
        HubStatus status = hub.get();
        return switch (route) {
            case "/health" -> status == null ? unavailableHealth() : health(status);
            case "/devices" -> status == null ? error(503, HUB_UNAVAILABLE) : devices(status.devices());
            case "/readings/latest" -> status == null ? error(503, HUB_UNAVAILABLE) : latest(status.latest(), device);
            case "/buses" -> status == null ? error(503, HUB_UNAVAILABLE) : buses(status.buses());
            case "/control" -> control();
            case "/settlement" -> settlement(query.apply("season"));
            case "/cuts" -> cuts(query.apply("from"), query.apply("to"));
            case "/alarms" -> alarms();
            case "/supervision" -> supervision();
            case "/kpi" -> kpi(query);
            default -> error(404, "no such resource: /api" + route
                    + " (try /api/health, /api/devices, /api/buses, /api/readings/latest, /api/control,"
                    + " /api/settlement?season=, /api/cuts?from=&to=, /api/alarms, /api/supervision, /api/export/readings.csv,"
                    + " /api/kpi?week=|month=|season=)");
        };
    }

    /**
     * {@code GET /api/export/readings.csv?from=DATE&to=DATE}: the export's day files (UTC days,
     * inclusive) as one CSV; {@code from} defaults to the first exported day, {@code to} to the last.
     */
    public Download exportReadings(String from, String to) {
        ReadingExport export = billing.export().get();
        if (export == null) {
            return failed(error(503, BILLING_UNAVAILABLE));
        }
        LocalDate first;
        LocalDate last;
        try {
            List<LocalDate> days = from == null || to == null ? export.days() : List.of();
            first = from == null ? (days.isEmpty() ? LocalDate.now() : days.get(0)) : LocalDate.parse(from.trim());
            last = to == null ? (days.isEmpty() ? first : days.get(days.size() - 1)) : LocalDate.parse(to.trim());
        } catch (DateTimeParseException e) {
            return failed(error(400, "from and to are ISO dates (UTC days), e.g. from=2024-11-15&to=2024-11-16: "
                    + e.getMessage()));
        }
        if (last.isBefore(first)) {
            return failed(error(400, "to (" + last + ") is before from (" + first + ")"));
        }
        return new Download(null, "text/csv; charset=utf-8", "readings-" + first + "_" + last + ".csv",
                out -> export.writeCsv(first, last, out));
    }

    private static Download failed(Response error) {
        return new Download(error, null, null, null);
    }

    static final String BILLING_UNAVAILABLE = "the billing bundle is not running (heathub-billing)";

    /** {@code GET /api/cuts?from=DATE&to=DATE}: every household meter's daily cut (frozen reading), days in the site zone. */
    private Response cuts(String from, String to) {
        SettlementService service = billing.settlement().get();
        if (service == null) {
            return error(503, BILLING_UNAVAILABLE + " or has no reading export");
        }
        if (from == null || from.isBlank()) {
            return error(400, "from=DATE is required (to=DATE defaults to it), e.g. from=2024-11-15&to=2024-11-30");
        }
        try {
            LocalDate first = LocalDate.parse(from.trim());
            LocalDate last = to == null || to.isBlank() ? first : LocalDate.parse(to.trim());
            List<String> lines = service.dailyCuts(first, last);
            return new Response(200, ("[" + String.join(",", lines) + "]").getBytes(StandardCharsets.UTF_8));
        } catch (DateTimeParseException e) {
            return error(400, "from and to are ISO dates, e.g. from=2024-11-15&to=2024-11-30: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (SettlementService.SettlementException e) {
            return problems(e.getMessage(), e.problems());
        }
    }

    /** {@code GET /api/settlement?season=START/END}: the lines of {@code heathub settle} as one JSON array. */
    private Response settlement(String season) {
        SettlementService service = billing.settlement().get();
        if (service == null) {
            return error(503, BILLING_UNAVAILABLE + " or has no reading export");
        }
        if (season == null || season.isBlank()) {
            return error(400, "season=START/END is required, e.g. season=2024-11-15/2025-03-15");
        }
        try {
            SettlementService.Answer answer = service.settle(season.trim());
            return new Response(200, ("[" + String.join(",", answer.lines()) + "]").getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(400, "season: " + e.getMessage());
        } catch (SettlementService.SettlementException e) {
            return problems(e.getMessage(), e.problems());
        }
    }

    /** 422 {@code {"status":422,"error":"…","problems":[…]}}: the request is fine, the site's configuration or data are not. */
    private Response problems(String summary, List<String> problems) {
        return new Response(422, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("status", 422);
            gen.writeStringField("error", summary);
            gen.writeArrayFieldStart("problems");
            for (String p : problems) {
                gen.writeString(p);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }));
    }

    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final String KPI_PERIODS = "week=YYYY-Www (e.g. 2025-W02), month=YYYY-MM (e.g. 2025-01)"
            + " or season=START/END (e.g. 2024-11-15/2025-03-15)";

    /**
     * {@code GET /api/kpi?week=2025-W02|month=2025-01|season=2024-11-15/2025-03-15[&site=ID]}: the
     * energy figures of one site or all, as the billing bundle's {@link KpiService} writes them.
     */
    private Response kpi(Function<String, String> query) {
        KpiService service = billing.kpi().get();
        if (service == null) {
            return error(503, BILLING_UNAVAILABLE + " or has no reading export");
        }
        Map<String, String> given = new java.util.LinkedHashMap<>();
        for (String name : List.of("week", "month", "season")) {
            String value = query.apply(name);
            if (value != null && !value.isBlank()) {
                given.put(name, value.trim());
            }
        }
        if (given.size() != 1) {
            return error(400, (given.isEmpty() ? "one of " : "only one of ") + KPI_PERIODS + " is expected"
                    + (given.isEmpty() ? "" : ", got " + String.join(" and ", given.keySet())));
        }
        String site = query.apply("site");
        Optional<String> oneSite = site == null || site.isBlank() ? Optional.empty() : Optional.of(site.trim());
        String name = given.keySet().iterator().next();
        String value = given.get(name);
        try {
            String json = switch (name) {
                case "week" -> {
                    Matcher m = ISO_WEEK.matcher(value);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("expected an ISO week YYYY-Www, e.g. 2025-W02, got \""
                                + value + "\"");
                    }
                    yield service.week(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), oneSite);
                }
                case "month" -> service.month(yearMonth(value), oneSite);
                default -> {
                    String[] ends = value.split("/", -1);
                    if (ends.length != 2) {
                        throw new IllegalArgumentException(SEASON_FORM + ", got \"" + value + "\"");
                    }
                    yield service.season(date(ends[0], value), date(ends[1], value), oneSite);
                }
            };
            return new Response(200, json.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(400, name + ": " + e.getMessage());
        } catch (KpiService.UnknownSiteException e) {
            return error(404, "site: " + e.getMessage());
        } catch (KpiService.KpiException e) {
            return problems(e.getMessage(), e.problems());
        }
    }

    private static final String SEASON_FORM = "expected START/END with ISO dates, e.g. 2024-11-15/2025-03-15";

    private static YearMonth yearMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a month YYYY-MM, e.g. 2025-01, got \"" + text + "\"");
        }
    }

    private static LocalDate date(String text, String season) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(SEASON_FORM + ", got \"" + season + "\"");
        }
    }

    /** {@code GET /api/alarms}: the open alarms. */
    private Response alarms() {
        AlarmStatus status = billing.alarms().get();
        if (status == null) {
            return error(503, BILLING_UNAVAILABLE + " or its live alarms did not start (see the hub log)");
        }
        List<Alarm> open = status.open();
        return new Response(200, readingJson.render(gen -> RecordJson.write(gen, open)));
    }

    /** {@code POST /api/alarms/ack} with {@code {"id": "...", "by": "..."}}: 200 with the alarm, 404 when not open. */
    private Response acknowledge(byte[] body) {
        AlarmStatus status = billing.alarms().get();
        if (status == null) {
            return error(503, BILLING_UNAVAILABLE + " or its live alarms did not start (see the hub log)");
        }
        String id = null;
        String by = null;
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return error(400, "expected {\"id\": \"<alarm id>\", \"by\": \"<operator>\"}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    return error(400, field + ": expected a string");
                }
                switch (field) {
                    case "id" -> id = parser.getText();
                    case "by" -> by = parser.getText();
                    default -> {
                        return error(400, "unknown field '" + field + "'; expected id and by");
                    }
                }
            }
        } catch (IOException e) {
            return error(400, "malformed JSON: " + e.getMessage().replace('\n', ' '));
        }
        if (id == null || id.isBlank() || by == null || by.isBlank()) {
            return error(400, "both id (the alarm id, e.g. stuckCounter:heat-101) and by (who takes it on) are required");
        }
        try {
            Alarm alarm = status.acknowledge(id.trim(), by.trim());
            return new Response(200, readingJson.render(gen -> RecordJson.write(gen, alarm)));
        } catch (IllegalArgumentException e) {
            return error(404, e.getMessage());
        }
    }

    /** {@code GET /api/supervision}: the latest supervision feed as sent. */
    private Response supervision() {
        SupervisionStatus status = billing.supervision().get();
        if (status == null) {
            return error(503, BILLING_UNAVAILABLE + " or its supervision feed waits for the CamelContext");
        }
        return status.latest()
                .map(l -> new Response(200, l.json().getBytes(StandardCharsets.UTF_8)))
                .orElseGet(() -> error(404, "no supervision feed yet: the first one follows the first whole period"
                        + " after the hub started (supervision.interval + delay)"));
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
        Optional<JournalHealth> journalHealth = store == null ? Optional.empty() : store.health();
        boolean journalOk = journalHealth.map(h -> h.writable() && h.alarms().isEmpty()).orElse(true);
        boolean up = configErrors.isEmpty() && counts.get(DeviceStatus.State.RUNNING) > 0 && store != null && journalOk;
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
                if (journalHealth.isPresent()) {
                    JournalHealth h = journalHealth.get();
                    gen.writeBooleanField("writable", h.writable());
                    gen.writeNumberField("fileBytes", h.fileBytes());
                    gen.writeObjectFieldStart("backlogs");
                    for (var b : new java.util.TreeMap<>(h.backlogs()).entrySet()) {
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

    /**
     * {@code POST /api/readings}: readings from a backend (e.g. a 48–72 h outdoor forecast as
     * readings of device {@code forecast} time-stamped ahead), a JSON array as on every wire.
     * They are validated and journaled like polled readings: 202 with the count when accepted.
     */
    private Response postReadings(byte[] body) {
        ReadingSink target = sink.get();
        if (target == null) {
            return error(503, HUB_UNAVAILABLE);
        }
        List<Reading> readings;
        try {
            readings = readingJson.readArray(body);
        } catch (WireFormatException e) {
            return error(400, e.getMessage());
        }
        try {
            List<Reading> accepted = target.accept(readings);
            return new Response(202, readingJson.render(gen -> {
                gen.writeStartObject();
                gen.writeNumberField("accepted", accepted.size());
                gen.writeNumberField("suspect", accepted.stream().filter(r -> r.quality() != io.heathub.api.Quality.GOOD).count());
                gen.writeEndObject();
            }));
        } catch (io.heathub.api.journal.JournalException e) {
            return error(503, "readings not accepted, the journal refused them: " + e.getMessage());
        }
    }

    /** The control loop's last cycle: setpoints, why they were chosen, commands sent and their results. */
    private Response control() {
        ControlStatus loop = control.get();
        if (loop == null) {
            return error(503, "the control loop is not running (bundle heathub-control, PID io.heathub.control)");
        }
        return new Response(200, readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeFieldName("configProblems");
            RecordJson.write(gen, loop.configProblems());
            gen.writeFieldName("last");
            RecordJson.write(gen, loop.last().orElse(null));
            gen.writeEndObject();
        }));
    }

    private Response buses(List<BusStatus> buses) {
        return new Response(200, readingJson.render(gen -> {
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
