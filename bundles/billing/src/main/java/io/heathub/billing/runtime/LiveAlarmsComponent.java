package io.heathub.billing.runtime;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.JournalException;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.runtime.api.AlarmStatus;
import io.heathub.config.Durations;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Runs {@link LiveAlarms} in the hub: a check every {@code checkInterval}, alarm readings into core's ReadingSink. */
@Component(configurationPid = LiveAlarmsComponent.PID, service = {ReadingListener.class, AlarmStatus.class},
        reference = @Reference(name = LiveAlarmsComponent.CORE, service = ReadingSink.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
@Designate(ocd = LiveAlarmsComponent.Config.class)
public final class LiveAlarmsComponent implements ReadingListener, AlarmStatus {
    public static final String PID = "io.heathub.billing.alarms";
    /** Name of the lookup reference to core's ReadingSink. */
    static final String CORE = "core";
    private static final System.Logger LOG = System.getLogger(LiveAlarmsComponent.class.getName());

    @ObjectClassDefinition(name = "heathub live alarms", description = "Meter health checks turned into alarms")
    public @interface Config {
        @AttributeDefinition(description = "How often meter health is checked: 5m, 1h…")
        String checkInterval() default "5m";

        @AttributeDefinition(description = "How far back the checks look: 24h…")
        String window() default "24h";

        @AttributeDefinition(description = "Most readings kept in the window (the oldest go first)")
        int maxReadings() default 2_000_000;
    }

    private final LiveAlarms alarms;
    private final ScheduledExecutorService scheduler;

    /**
     * Core's sink is looked up when alarm readings are sent, not bound at activation: core binds this
     * component as a ReadingListener while it activates, so any reference bound back to core during
     * activation is circular (SCR then fails or never binds it).
     */
    @Activate
    public LiveAlarmsComponent(Config config, BundleContext context, ComponentContext component) {
        // alarm readings wait in LiveAlarms (retried at the next check) while core is not there
        ReadingSink sink = readings -> {
            ReadingSink target = (ReadingSink) component.locateService(CORE);
            if (target == null) {
                throw new JournalException("core's ReadingSink is not available (heathub-core not active)");
            }
            return target.accept(readings);
        };
        Duration interval = duration("checkInterval", config.checkInterval(), Duration.ofMinutes(5));
        Duration window = duration("window", config.window(), Duration.ofHours(24));
        Path siteFile = HubFolders.siteFile(context);
        alarms = new LiveAlarms(() -> SiteSections.read(siteFile), sink, Clock.systemUTC(), interval, window,
                Math.max(1, config.maxReadings()));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heathub-live-alarms");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Live alarms: meter health every " + interval + " over " + window + " from " + siteFile);
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

    @Override
    public void accepted(List<Reading> readings) {
        alarms.accepted(readings);
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

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }
}
