package io.heathub.complaints;

import io.heathub.api.Reading;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.billing.Household;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.ReadingExport;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.input.Problems;
import io.heathub.billing.records.Complaint;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.records.OperationsRecords;
import io.heathub.config.DidYouMean;
import io.heathub.config.site.SiteService;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code POST /api/complaints} (operator) records a resident's complaint, due by its category's
 * response time ({@code alarms:} classes: {@code kindClasses} may class a category, else
 * {@code defaultClass}); {@code GET /api/complaints[?from=&to=&household=]} (viewer) lists them by time,
 * each with the household's room temperatures around it ({@link RoomTemperatures}, from the reading
 * export when heathub-billing-export runs). Also the hub's {@link Complaints}, which the supervision
 * feed counts. Complaints are kept in {@code ${heathub.data}/records/complaints.jsonl}.
 */
@Component(service = {RestResource.class, Complaints.class}, property = {
        RestResource.PATH + "=" + ComplaintResource.PATH,
        RestResource.USAGE + "=/api/complaints?from=&to=&household=", RestResource.USAGE + "=POST /api/complaints"})
public final class ComplaintResource implements RestResource, Complaints {
    private static final System.Logger LOG = System.getLogger(ComplaintResource.class.getName());
    static final String PATH = "/complaints";
    /** Longest range one GET lists. */
    static final Duration MAX_RANGE = Duration.ofDays(400);
    /** Most complaints one GET answers. */
    static final int MAX_ANSWER = 1000;
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ReadingExport export;

    private final AppliedSite site;
    private final ComplaintBook book;
    private final Supplier<Optional<ExportStore>> readings;
    private final Clock clock;

    @Activate
    public ComplaintResource(@Reference(name = "sites") SiteService sites, BundleContext context) throws IOException {
        this(sites, OperationsRecords.folder(HubFolders.data(context)), null, Clock.systemUTC());
    }

    /**
     * @param exportFolder where the reading export's day files are; null: the {@link ReadingExport} service's, when bound
     */
    ComplaintResource(SiteService sites, Path recordsFolder, Path exportFolder, Clock clock) throws IOException {
        this.book = ComplaintBook.open(recordsFolder, ComplaintBook.MAX_RECORDS);
        book.problems().forEach(p -> LOG.log(Level.WARNING, "complaints: " + p));
        this.readings = exportFolder != null ? () -> Optional.of(new ExportStore(exportFolder))
                : () -> Optional.ofNullable(export).map(e -> new ExportStore(e.directory()));
        this.clock = clock;
        this.site = new AppliedSite(sites);
    }

    @Deactivate
    void deactivate() throws IOException {
        site.close();
        book.close();
    }

    /** A complaint as listed: with its deadline state and the room temperatures around it. */
    public record Linked(Complaint complaint, boolean overdue, RoomTemperatures room) {
    }

    @Override
    public Role role(RestRequest request) {
        return request.isRead() ? Role.VIEWER : Role.OPERATOR;
    }

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead() && !request.method().equals("POST")) {
            return RestResponse.error(405, "GET /api/complaints lists complaints; POST /api/complaints records one");
        }
        Optional<List<Household>> households = site.households().map(h -> h.households());
        Map<String, Household> byId = new LinkedHashMap<>();
        households.ifPresent(all -> all.forEach(h -> byId.put(h.id(), h)));
        if (request.isRead()) {
            // the recorded complaints are listed whatever the site; households name their room sensors
            return list(request, byId, households.isPresent());
        }
        if (households.isEmpty()) {
            return RestResponse.error(503, "no site version with households: applied yet: a complaint's household"
                    + " cannot be checked");
        }
        return record(request, byId);
    }

    private RestResponse record(RestRequest request, Map<String, Household> households) {
        Instant now = clock.instant();
        ComplaintInput input;
        try {
            input = ComplaintInput.parse(request.body(), households.keySet(), now);
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, e.getMessage());
        }
        AlarmConfig classes = site.section(AlarmConfig.SECTION, AlarmConfig.class).orElse(AlarmConfig.defaults());
        Duration respondWithin = Optional.ofNullable(classes.responseTime(classes.classOf(input.category())))
                .orElse(Duration.ofHours(1));
        Complaint c;
        try {
            c = book.record(input, respondWithin, request.caller() == null ? "rest" : request.caller(), now);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "complaint not recorded: " + e.getMessage());
            return RestResponse.error(503, "the complaint could not be stored: " + e.getMessage());
        }
        LOG.log(Level.INFO, "complaint " + c.id() + " of " + c.household() + " (" + c.category() + ") due by " + c.dueBy());
        return new RestResponse.Value(201, linked(List.of(c), households, now).get(0));
    }

    private RestResponse list(RestRequest request, Map<String, Household> households, boolean known) {
        Instant now = clock.instant();
        ZoneId zone = site.current().map(s -> s.zone()).orElse(ZoneId.of("UTC"));
        Instant to;
        Instant from;
        try {
            to = request.param("to") == null ? now : time("to", request.param("to"), zone, true);
            from = request.param("from") == null ? to.minus(DEFAULT_RANGE) : time("from", request.param("from"), zone, false);
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, e.getMessage());
        }
        if (!to.isAfter(from)) {
            return RestResponse.error(400, "to (" + to + ") must be after from (" + from + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            return RestResponse.error(400, "at most " + MAX_RANGE.toDays() + " days at once, asked " + from + " to " + to);
        }
        String household = request.param("household");
        if (household != null && known && !households.containsKey(household)) {
            return RestResponse.error(400, "household: no household '" + household + "' in households:"
                    + DidYouMean.hint(household, households.keySet()));
        }
        List<Complaint> found = book.between(from, to, Optional.ofNullable(household));
        if (found.size() > MAX_ANSWER) {
            return RestResponse.error(400, found.size() + " complaints from " + from + " to " + to + ", at most "
                    + MAX_ANSWER + " at once: narrow from/to or name the household");
        }
        return RestResponse.ok(linked(found, households, now));
    }

    /** {@code 2025-11-20} (00:00 in the site zone; as {@code to}: the whole day) or an ISO time with offset. */
    private static Instant time(String name, String text, ZoneId zone, boolean end) {
        if (text.length() > 40) {
            throw new IllegalArgumentException(name + ": expected a date like 2025-11-20 or a time like 2025-11-20T08:30:00+08:00");
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + ": expected a date like 2025-11-20 or a time like"
                    + " 2025-11-20T08:30:00+08:00, got \"" + text + "\"");
        }
    }

    /** Each complaint with the room temperatures around it; each export day file is read once. */
    private List<Linked> linked(List<Complaint> complaints, Map<String, Household> households, Instant now) {
        Optional<ExportStore> store = readings.get();
        Set<String> sensors = complaints.stream().map(c -> households.get(c.household()))
                .filter(h -> h != null && !h.roomSensor().isEmpty()).map(Household::roomSensor)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<LocalDate, List<Reading>> days = new HashMap<>();
        return complaints.stream().map(c -> {
            Household h = households.get(c.household());
            RoomTemperatures room = null;
            if (store.isPresent() && h != null && !h.roomSensor().isEmpty()) {
                List<Reading> around = new ArrayList<>();
                for (LocalDate d = ExportStore.dayOf(c.time().minus(RoomTemperatures.BEFORE));
                     !d.isAfter(ExportStore.dayOf(c.time().plus(RoomTemperatures.AFTER))); d = d.plusDays(1)) {
                    around.addAll(days.computeIfAbsent(d, day -> roomReadings(store.get(), day, sensors)));
                }
                room = RoomTemperatures.around(h.roomSensor(), c.time(), around);
            }
            return new Linked(c, c.overdue(now), room);
        }).toList();
    }

    private static List<Reading> roomReadings(ExportStore store, LocalDate day, Set<String> sensors) {
        Problems problems = new Problems(5);
        try {
            List<Reading> out = store.readCounters(day, day,
                    (device, point) -> point.equals(RoomTemperatures.POINT) && sensors.contains(device), problems);
            if (!problems.isEmpty()) {
                LOG.log(Level.DEBUG, () -> "room temperatures of " + day + ": rows left out: " + problems.lines());
            }
            return out;
        } catch (IOException e) {
            // a complaint is listed even when its room temperatures cannot be read
            LOG.log(Level.WARNING, "room temperatures of " + day + " not read from the export: " + e.getMessage());
            return List.of();
        }
    }

    @Override
    public List<Complaint> between(Instant from, Instant to, Optional<String> household) {
        return book.between(from, to, household);
    }

    @Override
    public List<Complaint> openAt(Instant at) {
        return book.openAt(at);
    }
}
