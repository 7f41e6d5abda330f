package io.heathub.billing.supervision.runtime;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.hub.ReadingWindow;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.supervision.HeatUseRule;
import io.heathub.billing.supervision.SupervisionBuilder;
import io.heathub.billing.supervision.SupervisionFeed;
import io.heathub.billing.supervision.SupervisionJson;
import io.heathub.billing.supervision.SupervisionStatus;
import io.heathub.billing.supervision.WarmRooms;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Builds the supervision feed ({@link SupervisionBuilder}, {@link SupervisionJson}) for each
 * period [T − interval, T), T on multiples of {@code supervision.interval} (UTC), once
 * {@code supervision.delay} has passed after T, and sends it as the body of one message to
 * {@code supervision.endpoint} (a Camel URI; header {@code CamelFileName} =
 * {@code supervision-<from>.json} for file-like endpoints). Takes its sections from the site
 * version core's {@link SiteService} applied last (followed from construction) and keeps only the
 * readings they name, for two periods plus the delay. The first period sent is the first that began
 * after construction. Thread-safe.
 */
public final class SupervisionPublisher implements ReadingListener, SupervisionStatus, AutoCloseable {
    /** The live alarms' source of the warm-rooms alarms. */
    static final String OBLIGATIONS = "obligations";
    private static final System.Logger LOG = System.getLogger(SupervisionPublisher.class.getName());
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ProducerTemplate producer;
    private final String dataDir;
    private final Supplier<AlarmStatus> alarms;
    private final Supplier<Complaints> complaints;
    /** Buildings whose rooms were not warm at the last judgement (guarded by lock). */
    private final Set<String> notWarm = new HashSet<>();
    private final Clock clock;
    private final ReadingWindow window;
    private final Instant startedAt;
    private final Object lock = new Object();
    private volatile Wanted wanted = new Wanted(Set.of(), Set.of(), Set.of());
    private volatile Latest latest;
    // guarded by lock
    private Instant lastPeriodEnd = Instant.MIN;
    private final AppliedSite site;

    /** Which readings the feed uses. */
    private record Wanted(Set<String> outdoor, Set<String> meters, Set<String> rooms) {
        boolean test(Reading r) {
            return switch (r.point()) {
                case Points.TEMP_OUTDOOR -> outdoor.contains(r.device());
                case Points.HEAT_ENERGY -> meters.contains(r.device());
                case Points.TEMP_ROOM -> rooms.contains(r.device());
                default -> false;
            };
        }
    }

    /**
     * @param sites    core's site service: the sections of each applied version
     * @param producer sends the feed (from the hub's CamelContext)
     * @param dataDir  replaces {@code ${heathub.data}} in the endpoint
     * @param alarms   the live alarms, or null when not running (open alarms then count 0)
     */
    public SupervisionPublisher(SiteService sites, ProducerTemplate producer, String dataDir,
                                Supplier<AlarmStatus> alarms, Clock clock, int maxReadings) {
        this(sites, producer, dataDir, alarms, () -> null, clock, maxReadings);
    }

    /**
     * @param complaints the recorded complaints (heathub-complaints), or null when not running (then only
     *                   complaint-kind alarms count as open complaints)
     */
    public SupervisionPublisher(SiteService sites, ProducerTemplate producer, String dataDir,
                                Supplier<AlarmStatus> alarms, Supplier<Complaints> complaints, Clock clock, int maxReadings) {
        this.complaints = complaints;
        this.producer = producer;
        this.dataDir = dataDir;
        this.alarms = alarms;
        this.clock = clock;
        this.window = new ReadingWindow(maxReadings, clock);
        this.startedAt = clock.instant();
        // last: the current version arrives at once
        this.site = new AppliedSite(sites, version -> FeedSite.of(version).ifPresent(this::watch));
    }

    /** From a new version on, the readings its sections name are kept. */
    private void watch(FeedSite sections) {
        SupervisionSettings settings = sections.supervision();
        Set<String> meters = new HashSet<>();
        settings.sources().forEach(m -> meters.add(m.meter()));
        settings.substations().forEach(m -> meters.add(m.meter()));
        wanted = new Wanted(Set.copyOf(settings.outdoorSensors()), Set.copyOf(meters),
                Set.copyOf(sections.devices().roomSensors()));
    }

    /** The feed's sections of the current version; empty until a version with {@code supervision:} read. */
    Optional<FeedSite> sections() {
        return site.current().flatMap(FeedSite::of);
    }

    @Override
    public void accepted(List<Reading> readings) {
        Wanted w = wanted;
        List<Reading> kept = new ArrayList<>();
        for (Reading r : readings) {
            if (w.test(r)) {
                kept.add(r);
            }
        }
        if (!kept.isEmpty()) {
            window.addAll(kept);
        }
    }

    /** The end of the latest period whose feed is due at {@code now}. */
    static Instant periodEndDue(Instant now, Duration interval, Duration delay) {
        long step = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.minus(delay).toEpochMilli(), step) * step);
    }

    /**
     * Publishes the latest due period if it has not been published yet and began after this
     * started (a period not fully listened to is not sent); returns whether it did.
     */
    public boolean publishDue() {
        Optional<FeedSite> current = sections();
        if (current.isEmpty()) {
            return false;
        }
        SupervisionSettings settings = current.get().supervision();
        synchronized (lock) {
            Instant end = periodEndDue(clock.instant(), settings.interval(), settings.delay());
            Instant from = end.minus(settings.interval());
            if (!end.isAfter(lastPeriodEnd) || from.isBefore(startedAt)) {
                return false;
            }
            publish(from, end, current.get());
            return true;
        }
    }

    /**
     * The warm-rooms obligation (Zibo: every room ≥ the indoor minimum by 24:00 of the test period's last
     * day): judged per building in the period holding the deadline, from each room's last good reading in
     * the period before it; a building not met raises a {@value WarmRooms#ALARM_KIND} alarm (held in the live
     * alarms under {@value #OBLIGATIONS}) and is judged again at the end of each later period until its
     * rooms are warm, which clears the alarm.
     */
    private List<WarmRooms> warmRooms(Instant from, Instant to, FeedSite s, List<Reading> readings, AlarmStatus live) {
        BigDecimal statutory = s.supervision().config().indoorMinimumC();
        HeatUseRule heatUse = s.supervision().heatUse();
        // each building's minimum by its heat-use rate (用热率); one with no obligation the hub can judge is left out
        Function<String, Optional<BigDecimal>> minimumOf = building -> heatUse.obligation(building, statutory).minimumC();
        Optional<Instant> deadline = s.warmRoomsDeadline(from, to);
        List<WarmRooms> judged;
        if (deadline.isPresent()) {
            Set<String> unknown = new java.util.TreeSet<>(heatUse.buildingPercent().keySet());
            s.households().forEach(h -> unknown.remove(h.building()));
            if (!unknown.isEmpty()) {
                LOG.log(Level.WARNING, "supervision.heatUseRate.buildings: no household is in " + unknown
                        + " (households[].building): those rates are not used");
            }
            judged = WarmRooms.check(s.households(), readings, deadline.get().minus(s.supervision().interval()),
                    deadline.get(), minimumOf);
        } else if (!notWarm.isEmpty()) {
            judged = WarmRooms.check(s.households(), readings, from, to, minimumOf).stream()
                    .filter(w -> notWarm.contains(w.building())).toList();
        } else {
            return List.of();
        }
        notWarm.clear();
        List<Condition> conditions = new ArrayList<>();
        for (WarmRooms w : judged) {
            if (!w.met()) {
                HeatUseRule.Obligation obligation = heatUse.obligation(w.building(), statutory);
                String evidence = w.evidence(obligation.minimumC().orElse(statutory))
                        + (heatUse.communityPercent().isPresent() ? " (" + obligation.reason() + ")" : "");
                notWarm.add(w.building());
                conditions.add(new Condition(WarmRooms.ALARM_KIND, w.subject(s.siteId()), evidence));
                LOG.log(Level.WARNING, "rooms of " + w.subject(s.siteId()) + " not warm: " + evidence);
            }
        }
        if (live != null) {
            try {
                live.hold(OBLIGATIONS, conditions);
            } catch (UnsupportedOperationException e) {
                LOG.log(Level.DEBUG, "the alarm service holds no conditions: the warm-rooms finding is only in the feed");
            }
        }
        return judged;
    }

    /** Builds and sends the feed of [from, to) now, whatever the schedule; returns its JSON. */
    public String publish(Instant from, Instant to) {
        FeedSite current = sections().orElseThrow(() -> new IllegalStateException(
                "no site version with the supervision: section applied yet"));
        synchronized (lock) {
            return publish(from, to, current);
        }
    }

    private String publish(Instant from, Instant to, FeedSite s) {
        SupervisionSettings settings = s.supervision();
        // readings older than the period less one more period are no longer needed for its opening cut
        List<Reading> readings = window.since(to.minus(settings.interval().multipliedBy(2)).minus(settings.delay()));
        AlarmStatus live = alarms.get();
        AlarmBook none = new AlarmBook(s.alarms());
        Complaints recorded = complaints.get();
        SupervisionFeed feed = new SupervisionBuilder(settings.config()).build(s.devices(), from, to, readings,
                live != null ? live::openCountByClass : none::openCountByClass,
                recorded != null ? recorded.openAt(to) : List.of(), s.alarms()::classOf);
        feed = feed.withWarmRooms(warmRooms(from, to, s, readings, live));
        String json = new SupervisionJson().write(feed);
        String endpoint = endpoint(settings);
        String error = null;
        try {
            producer.sendBodyAndHeader(endpoint, json, Exchange.FILE_NAME, "supervision-" + FILE_TIME.format(from) + ".json");
            LOG.log(Level.DEBUG, () -> "supervision feed " + from + "–" + to + " sent to " + endpoint);
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(Level.ERROR, "supervision feed " + from + "–" + to + " not sent to " + endpoint + ": " + error);
        }
        lastPeriodEnd = to.isAfter(lastPeriodEnd) ? to : lastPeriodEnd;
        latest = new Latest(clock.instant(), json, endpoint, error);
        return json;
    }

    String endpoint(SupervisionSettings settings) {
        return HubFolders.withData(settings.endpoint(), "file:" + HubFolders.DATA_PLACEHOLDER + "/supervision", dataDir);
    }

    @Override
    public Optional<Latest> latest() {
        return Optional.ofNullable(latest);
    }

    /** Stops following the site. */
    @Override
    public void close() {
        site.close();
    }
}
