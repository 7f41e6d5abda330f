package io.heathub.billing.alarm.runtime;

import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingSink;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.config.Durations;
import io.heathub.config.site.SiteService;
import io.heathub.billing.hub.HubFolders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs the live alarms in the hub: meter health ({@link LiveAlarms}) every {@code checkInterval}, the
 * equipment rules ({@link EquipmentAlarms}) every {@code ruleInterval}, both on one alarm book whose
 * transitions go into core's ReadingSink; holds other features' conditions ({@link #hold}).
 */
@Component(configurationPid = LiveAlarmsComponent.PID, service = AlarmStatus.class)
@Designate(ocd = LiveAlarmsComponent.Config.class)
public final class LiveAlarmsComponent implements AlarmStatus {
    public static final String PID = "io.heathub.billing.alarms";
    private static final System.Logger LOG = System.getLogger(LiveAlarmsComponent.class.getName());

    @ObjectClassDefinition(name = "heathub live alarms", description = "Meter health checks turned into alarms")
    public @interface Config {
        @AttributeDefinition(description = "How often meter health is checked: 5m, 1h…")
        String checkInterval() default "5m";

        @AttributeDefinition(description = "How far back the checks look: 24h…")
        String window() default "24h";

        @AttributeDefinition(description = "Most readings of the watched meters kept in the window (the oldest go"
                + " first): about 180 bytes of heap each, so the default takes about 55 MB of the hub's 256 MB")
        int maxReadings() default 300_000;

        @AttributeDefinition(description = "How often the equipment rules (alarms.rules) are evaluated: 5s…")
        String ruleInterval() default "5s";

        @AttributeDefinition(description = "File keeping the open alarms and acknowledgements across restarts;"
                + " empty means ${heathub.data}/alarms/alarm-book.jsonl")
        String bookFile() default "";
    }

    private final LiveAlarms alarms;
    private final EquipmentAlarms equipment;
    private final ScheduledExecutorService scheduler;
    private final AutoCloseable feedSubscription;
    private final AutoCloseable equipmentSubscription;

    /** Follows core's feed and site, sends alarm readings into core's sink: every edge points to core. */
    @Activate
    public LiveAlarmsComponent(Config config, BundleContext context, @Reference(name = "feed") ReadingFeed feed,
                               @Reference(name = "sink") ReadingSink sink, @Reference(name = "sites") SiteService sites) {
        Duration interval = duration("checkInterval", config.checkInterval(), Duration.ofMinutes(5));
        Duration window = duration("window", config.window(), Duration.ofHours(24));
        Duration ruleInterval = duration("ruleInterval", config.ruleInterval(), Duration.ofSeconds(5));
        Path bookFile = Path.of(HubFolders.withData(config.bookFile(), HubFolders.DATA_PLACEHOLDER + "/alarms/alarm-book.jsonl",
                HubFolders.data(context)));
        alarms = new LiveAlarms(sites, sink, Clock.systemUTC(), interval, window, Math.max(1, config.maxReadings()),
                openRecords(bookFile));
        equipment = new EquipmentAlarms(sites, alarms.desk(), Clock.systemUTC());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heathub-live-alarms");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::evaluateSafely, ruleInterval.toMillis(), ruleInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        feedSubscription = feed.subscribe(alarms::accepted);
        equipmentSubscription = feed.subscribe(equipment::accepted);
        LOG.log(Level.INFO, "Live alarms: meter health every " + interval + " over " + window + ", equipment rules every "
                + ruleInterval);
    }

    /** An unreadable book is logged and the alarms run in memory: a disk problem must not switch them off. */
    private static AlarmRecords openRecords(Path file) {
        try {
            return AlarmRecords.open(file);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Alarm book " + file + " cannot be opened (" + e.getMessage() + "); alarms run in memory"
                    + " and open alarms and acknowledgements will not survive a restart");
            return null;
        }
    }

    /** A bad value falls back to its default with an ERROR: a typo must not switch the alarms off. */
    static Duration duration(String key, String text, Duration fallback) {
        Duration value = Durations.parse(text == null ? "" : text).orElse(null);
        if (value == null || value.isZero() || value.isNegative()) {
            LOG.log(Level.ERROR, "Configuration " + PID + ": " + key + " = '" + text + "' is not a positive duration; using "
                    + fallback);
            return fallback;
        }
        return value;
    }

    private void checkSafely() {
        try {
            alarms.check();
        } catch (RuntimeException e) {
            // a failing check must not end the schedule
            LOG.log(Level.ERROR, "meter health check failed", e);
        }
    }

    private void evaluateSafely() {
        try {
            equipment.evaluate();
        } catch (RuntimeException e) {
            // a failing evaluation must not end the schedule
            LOG.log(Level.ERROR, "equipment alarm rules failed", e);
        }
    }

    @Override
    public List<Alarm> open() {
        return alarms.open();
    }

    @Override
    public Alarm acknowledge(String alarmId, String operator) {
        return alarms.acknowledge(alarmId, operator);
    }

    @Override
    public Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
        return alarms.openCountByClass(filter);
    }

    @Override
    public void hold(String source, Collection<Condition> conditions) {
        alarms.hold(source, conditions);
    }

    @Deactivate
    void deactivate() throws Exception {
        feedSubscription.close();
        equipmentSubscription.close();
        scheduler.shutdownNow();
        equipment.close();
        alarms.close();
    }
}
