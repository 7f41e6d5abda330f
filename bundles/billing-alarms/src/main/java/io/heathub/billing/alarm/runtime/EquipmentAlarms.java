package io.heathub.billing.alarm.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmRule;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Equipment alarms from any point ({@code alarms.rules}, {@link AlarmRule}): follows the readings the
 * hub accepts and, on each {@link #evaluate()}, holds the conditions of the rules that are on in the
 * {@link AlarmDesk} (source {@value #SOURCE}), which raises their alarms, keeps them open while they
 * hold and clears them as soon as they stop. Times are the hub's: when a reading arrived, so a device
 * whose clock is off is judged like any other. Status bits and values count when measured (GOOD or
 * SUSPECT: a status word with an undocumented value still shows its bits), thresholds and staleness
 * only on GOOD values; our own {@code alarm.*} readings are not the device speaking. Thread-safe.
 */
final class EquipmentAlarms implements ReadingListener, AutoCloseable {
    static final String SOURCE = "rules";

    private final AlarmDesk desk;
    private final Clock clock;
    private final AppliedSite site;
    /** kind:device → what the rule has seen of the device. */
    private Map<String, Watch> watches = Map.of();
    /** The rules' devices. */
    private Set<String> devices = Set.of();
    /** device → when it was last heard from (the rules' devices only: posted ids are not bounded). */
    private final Map<String, Instant> heard = new HashMap<>();

    /** One rule on one device. */
    private static final class Watch {
        final AlarmRule rule;
        final String device;
        final Instant started;
        Instant since;          // the trigger on since (value rules)
        boolean on;             // above/below: the Schmitt trigger's state
        BigDecimal value;
        Instant valueAt;
        Instant lastGood;

        Watch(AlarmRule rule, String device, Instant started) {
            this.rule = rule;
            this.device = device;
            this.started = started;
        }
    }

    EquipmentAlarms(SiteService sites, AlarmDesk desk, Clock clock) {
        this.desk = Objects.requireNonNull(desk, "desk");
        this.clock = Objects.requireNonNull(clock, "clock");
        // last: the current version arrives at once
        this.site = new AppliedSite(sites, this::use);
    }

    /** A new version's rules are watched from now on; a rule unchanged keeps what it saw. */
    private void use(Site version) {
        version.section(AlarmConfig.SECTION, AlarmConfig.class).ifPresent(config -> {
            desk.reconfigure(config);
            Instant now = clock.instant();
            synchronized (this) {
                Map<String, Watch> next = new LinkedHashMap<>();
                for (AlarmRule rule : config.rules()) {
                    for (String device : rule.devices()) {
                        String id = rule.kind() + ":" + device;
                        Watch old = watches.get(id);
                        next.put(id, old != null && old.rule.equals(rule) ? old : new Watch(rule, device, now));
                    }
                }
                watches = next;
                devices = next.values().stream().map(w -> w.device).collect(Collectors.toUnmodifiableSet());
                heard.keySet().retainAll(devices);
            }
        });
    }

    @Override
    public void accepted(List<Reading> readings) {
        Instant now = clock.instant();
        synchronized (this) {
            for (Reading r : readings) {
                if (r.point().startsWith(AlarmReadings.POINT_PREFIX)) {
                    continue; // our own alarm readings are not the device speaking
                }
                if (!devices.contains(r.device())) {
                    continue;
                }
                heard.put(r.device(), now);
                for (Watch w : watches.values()) {
                    if (w.device.equals(r.device()) && w.rule.point().equals(r.point())) {
                        see(w, r, now);
                    }
                }
            }
        }
    }

    private static void see(Watch w, Reading r, Instant now) {
        boolean good = r.quality() == Quality.GOOD;
        boolean measured = good || r.quality() == Quality.SUSPECT;
        if (good) {
            w.lastGood = now;
        }
        AlarmRule.Trigger trigger = w.rule.trigger();
        Boolean raw = null;
        if (trigger instanceof AlarmRule.Bit bit && measured) {
            raw = bitSet(r.value(), bit.bit());
        } else if (trigger instanceof AlarmRule.Equals equals && measured) {
            raw = equals.matches(r.value());
        } else if (trigger instanceof AlarmRule.Above above && good) {
            raw = schmitt(w, r.value().compareTo(above.limit()) > 0,
                    r.value().compareTo(above.limit().subtract(above.hysteresis())) <= 0);
        } else if (trigger instanceof AlarmRule.Below below && good) {
            raw = schmitt(w, r.value().compareTo(below.limit()) < 0,
                    r.value().compareTo(below.limit().add(below.hysteresis())) >= 0);
        }
        if (raw == null) {
            return;
        }
        w.value = r.value();
        w.valueAt = now;
        if (raw && w.since == null) {
            w.since = now;
        } else if (!raw) {
            w.since = null;
        }
    }

    /** A bit of a whole, non-negative value; null (not judged) for anything else. */
    private static Boolean bitSet(BigDecimal value, int bit) {
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0) {
            return null;
        }
        BigInteger word = value.toBigIntegerExact();
        return word.testBit(bit);
    }

    /** On past the limit, off again past the hysteresis band, unchanged in between. */
    private static boolean schmitt(Watch w, boolean beyond, boolean back) {
        if (!w.on && beyond) {
            w.on = true;
        } else if (w.on && back) {
            w.on = false;
        }
        return w.on;
    }

    /** Holds the conditions of the rules that are on now (and releases the others). */
    void evaluate() {
        Instant now = clock.instant();
        List<Condition> on = new ArrayList<>();
        synchronized (this) {
            for (Watch w : watches.values()) {
                String evidence = evidence(w, now);
                if (evidence != null) {
                    String text = w.rule.text().isEmpty() ? "" : w.rule.text() + ": ";
                    on.add(new Condition(w.rule.kind(), w.device, text + evidence));
                }
            }
        }
        // outside the lock: the desk's readings come back to accepted() on this thread
        desk.hold(SOURCE, on);
    }

    /** Why the rule is on now, or null when it is not. */
    private String evidence(Watch w, Instant now) {
        AlarmRule rule = w.rule;
        if (rule.trigger() instanceof AlarmRule.Stale stale) {
            Instant last = w.lastGood == null ? w.started : w.lastGood;
            return Duration.between(last, now).compareTo(stale.after()) > 0
                    ? "no good " + rule.point() + " reading " + (w.lastGood == null ? "since watching began at " : "since ")
                    + last + " (stale after " + AlarmReadings.duration(stale.after()) + ")" : null;
        }
        if (rule.trigger() instanceof AlarmRule.Silent silent) {
            Instant last = heard.getOrDefault(w.device, w.started);
            return Duration.between(last, now).compareTo(silent.after()) > 0
                    ? "nothing heard from " + w.device + (heard.containsKey(w.device) ? " since " : " since watching began at ")
                    + last + " (communication lost after " + AlarmReadings.duration(silent.after()) + ")" : null;
        }
        return w.since == null || Duration.between(w.since, now).compareTo(rule.hold()) < 0 ? null
                : rule.point() + " = " + w.value.toPlainString() + " (" + describe(rule.trigger()) + ") since " + w.since;
    }

    private static String describe(AlarmRule.Trigger trigger) {
        if (trigger instanceof AlarmRule.Bit bit) {
            return "bit " + bit.bit() + " set";
        }
        if (trigger instanceof AlarmRule.Equals equals) {
            return "one of " + equals.values().stream().map(BigDecimal::toPlainString).sorted().toList();
        }
        if (trigger instanceof AlarmRule.Above above) {
            return "above " + above.limit().toPlainString() + (above.hysteresis().signum() > 0
                    ? ", off at " + above.limit().subtract(above.hysteresis()).toPlainString() : "");
        }
        AlarmRule.Below below = (AlarmRule.Below) trigger;
        return "below " + below.limit().toPlainString() + (below.hysteresis().signum() > 0
                ? ", off at " + below.limit().add(below.hysteresis()).toPlainString() : "");
    }

    /** Stops following the site. */
    @Override
    public void close() {
        site.close();
    }
}
