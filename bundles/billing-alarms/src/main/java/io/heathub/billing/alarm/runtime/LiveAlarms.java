package io.heathub.billing.alarm.runtime;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.hub.ReadingSink;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.Building;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.health.ClockSample;
import io.heathub.billing.health.FindingKind;
import io.heathub.billing.health.HealthReport;
import io.heathub.billing.health.MeterFinding;
import io.heathub.billing.health.MeterHealth;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.ReadingWindow;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Meter health on line: keeps a rolling window of the watched meters' readings (every point but
 * our own alarms, so also their {@code .dueDay} values), runs
 * {@link MeterHealth#check} over it on each {@link #check()} and feeds the findings to the hub's
 * {@link AlarmDesk}, which journals every transition as a reading through {@link ReadingSink}. Watched meters are the households' meters and the buildings' meters
 * of the site version core's {@link SiteService} applied last, followed from construction; a new
 * version's {@code alarms:} classes apply to the alarms raised after it. No check runs before a
 * version with the households', {@code health:} and {@code alarms:} readers' values arrives.
 * Thread-safe.
 */
public final class LiveAlarms implements ReadingListener, AlarmStatus, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveAlarms.class.getName());
    /** How long the hub listens before a share of missed polls is judged (meter clocks run minutes off). */
    static final Duration COMMUNICATION_WARM_UP = Duration.ofHours(1);
    /** Polls without any reading after which a meter counts as silent even during the warm-up. */
    static final int SILENT_POLLS = 10;
    private final AlarmDesk desk;
    private final AlarmRecords records;
    private final Clock clock;
    private final Duration checkInterval;
    private final Duration window;
    private final ReadingWindow readings;
    private final Instant startedAt;
    private final Object lock = new Object();
    private volatile Set<String> watched = Set.of();
    private final AppliedSite site;

    /**
     * @param sites         core's site service: the sections of each applied version
     * @param sink          where alarm readings go (core's pipeline)
     * @param checkInterval how often {@link #check()} runs (judges which findings are current)
     * @param window        how far back a check looks
     * @param maxReadings   most readings kept in the window
     */
    public LiveAlarms(SiteService sites, ReadingSink sink, Clock clock, Duration checkInterval, Duration window,
                      int maxReadings) {
        this(sites, sink, clock, checkInterval, window, maxReadings, null);
    }

    /**
     * @param records the alarm book kept across restarts (closed with this); null: in memory only
     */
    public LiveAlarms(SiteService sites, ReadingSink sink, Clock clock, Duration checkInterval, Duration window,
                      int maxReadings, AlarmRecords records) {
        this.records = records;
        this.desk = new AlarmDesk(Objects.requireNonNull(sink, "sink"), clock, records);
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.window = window;
        this.readings = new ReadingWindow(maxReadings, clock);
        this.startedAt = clock.instant();
        // last: the current version arrives at once
        this.site = new AppliedSite(sites, version -> HealthSite.of(version).ifPresent(this::use));
    }

    /** A new version's meters are watched from now on; its alarm classes apply to alarms raised after it. */
    private void use(HealthSite sections) {
        watched = watchedMeters(sections);
        AlarmConfig alarms = sections.alarms();
        if (!alarms.equals(desk.config())) {
            desk.reconfigure(alarms);
            if (alarms.clearAfter().compareTo(checkInterval) <= 0) {
                LOG.log(Level.WARNING, "alarms.clearAfter " + alarms.clearAfter() + " is not above the check interval "
                        + checkInterval + ": alarms would clear between two checks that both see the condition");
            }
        }
    }

    static Set<String> watchedMeters(HealthSite sections) {
        Set<String> meters = new LinkedHashSet<>(sections.householdMeters());
        for (Building b : sections.buildings()) {
            meters.add(b.meter());
            meters.addAll(b.householdMeters());
        }
        return Set.copyOf(meters);
    }

    @Override
    public void accepted(List<Reading> batch) {
        Set<String> meters = watched;
        List<Reading> kept = new ArrayList<>();
        for (Reading r : batch) {
            // our own alarm readings come back through the pipeline: they are not meter data
            if (meters.contains(r.device()) && !r.point().startsWith(AlarmReadings.POINT_PREFIX)) {
                kept.add(r);
            }
        }
        if (!kept.isEmpty()) {
            readings.addAll(kept);
        }
    }

    /**
     * One health check as of now: findings with evidence newer than the previous check (less a
     * poll interval of slack), measured on the meter's own clock (its newest reading), are observed; the rest let their alarms clear after
     * {@code alarms.clearAfter}. The window starts at the later of now − window and the start of
     * this component, so meters are not called silent for the time before the hub listened.
     */
    public void check() {
        Optional<HealthSite> current = site.current().flatMap(HealthSite::of);
        if (current.isEmpty()) {
            LOG.log(Level.DEBUG, "meter health: no site version with the households, health: and alarms: sections yet");
            return;
        }
        HealthSite sections = current.get();
        List<Condition> conditions = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            Instant from = later(now.minus(window), startedAt);
            List<Reading> recent = readings.since(now.minus(window));
            List<String> meters = List.copyOf(watched);
            MeterHealth health = new MeterHealth(sections.health());
            HealthReport checked = health.check(recent, List.of(), meters, from, now, sections.zone());
            for (Building building : sections.buildings()) {
                checked = checked.plus(buildingImbalance(health, sections.health().driftMinEnergyKWh(), building, recent, from, now));
            }
            HealthReport report = checked;
            // "still happening" is judged on each meter's own clock: meters stamp their readings and
            // run minutes off, so a meter behind the hub would otherwise never look current
            // (meter.clock readings carry the hub's time, not the meter's: they are left out)
            Map<String, Instant> newest = new HashMap<>();
            recent.stream().filter(r -> !r.point().equals(ClockSample.POINT))
                    .forEach(r -> newest.merge(r.device(), r.time(), LiveAlarms::later));
            for (MeterFinding f : report.findings()) {
                Duration poll = sections.health().limitsOf(f.meter()).pollInterval();
                if (f.kind() == FindingKind.COMMUNICATION_FAILURE && !communicationJudgeable(from, now, poll, newest.get(f.meter()))) {
                    continue;
                }
                Duration slack = checkInterval.plus(poll);
                Instant reference = newest.getOrDefault(f.meter(), now);
                if (!f.lastSeen().isBefore(reference.minus(slack))) {
                    conditions.add(f.condition());
                }
            }
            LOG.log(Level.DEBUG, () -> "health check at " + now + ": " + recent.size() + " readings, "
                    + report.findings().size() + " findings, " + conditions.size() + " current; skipped "
                    + report.skipped());
        }
        // outside the lock: the sink hands the alarm readings back to accepted() on this thread
        desk.observe(conditions);
    }

    /**
     * A building against its households over the span all its meters have read in [from, now): a live
     * window has no reading after now, nor before the hub started listening, so cuts at its own ends
     * would never exist and the check would never run. Below {@code minKWh} counted by the building meter
     * over that span (health.driftMinEnergyKWh) the counters' last digits would decide: not judged yet.
     */
    private static HealthReport buildingImbalance(MeterHealth health, BigDecimal minKWh, Building building,
                                                  List<Reading> recent, Instant from, Instant now) {
        Instant first = from;
        Instant last = now;
        List<String> meters = new ArrayList<>(building.householdMeters());
        meters.add(building.meter());
        for (String meter : meters) {
            MeterCuts cuts = MeterCuts.of(meter, recent);
            Optional<Instant> start = cuts.firstGoodAtOrAfter(from);
            Optional<Instant> end = cuts.lastGoodAtOrBefore(now);
            if (start.isEmpty() || end.isEmpty()) {
                return new HealthReport(List.of(), List.of("building " + building.id() + ": imbalance not checked yet, meter "
                        + meter + " has no heat.energy reading since " + from));
            }
            first = later(first, start.get());
            last = end.get().isBefore(last) ? end.get() : last;
        }
        if (!first.isBefore(last)) {
            return new HealthReport(List.of(), List.of("building " + building.id() + ": imbalance not checked yet, its meters"
                    + " have no common span of readings since " + from));
        }
        MeterCuts cuts = MeterCuts.of(building.meter(), recent);
        BigDecimal counted = cuts.at(last).orElseThrow().kWh().subtract(cuts.at(first).orElseThrow().kWh());
        if (counted.compareTo(minKWh) < 0) {
            return new HealthReport(List.of(), List.of("building " + building.id() + ": imbalance not checked yet, "
                    + building.meter() + " counted " + counted.stripTrailingZeros().toPlainString() + " kWh since " + first
                    + ", below health.driftMinEnergyKWh " + minKWh.toPlainString()));
        }
        return health.buildingImbalance(building, first, last, recent);
    }

    /**
     * Whether a communication failure over [from, now) means something yet. Meters stamp readings
     * with their own clock, often minutes behind the hub, so a short window after the hub started
     * misses their last readings and would call every meter failing. Until the window spans
     * {@link #COMMUNICATION_WARM_UP} only a meter silent for {@link #SILENT_POLLS} polls counts.
     */
    private static boolean communicationJudgeable(Instant from, Instant now, Duration poll, Instant newestReading) {
        Duration listened = Duration.between(from, now);
        if (listened.compareTo(COMMUNICATION_WARM_UP) >= 0) {
            return true;
        }
        boolean silent = newestReading == null || newestReading.isBefore(from);
        return silent && listened.compareTo(poll.multipliedBy(SILENT_POLLS)) >= 0;
    }

    @Override
    public List<Alarm> open() {
        return desk.open();
    }

    @Override
    public Alarm acknowledge(String alarmId, String operator) {
        return desk.acknowledge(alarmId, operator);
    }

    @Override
    public Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
        return desk.openCountByClass(filter);
    }

    @Override
    public void hold(String source, Collection<Condition> conditions) {
        desk.hold(source, conditions);
    }

    /** Where every alarm source observes (the equipment rules too). */
    AlarmDesk desk() {
        return desk;
    }

    /** Readings in the window now. */
    int watchedReadings() {
        return readings.size();
    }

    /** Readings dropped from the window because it was full. */
    public long droppedReadings() {
        return readings.dropped();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Stops following the site. */
    @Override
    public void close() {
        site.close();
        if (records != null) {
            try {
                records.close();
            } catch (java.io.IOException e) {
                LOG.log(Level.WARNING, "Closing the alarm book " + records.file() + " failed: " + e.getMessage());
            }
        }
    }
}
