package io.heathub.billing.alarm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An equipment alarm from any point of any device (site.yaml {@code alarms.rules}): a status bit or
 * value, a threshold with hysteresis and a duration, stale data, or a device gone silent. One alarm
 * per device, of the rule's kind ({@code alarm.<kind>} readings of the device, id {@code kind:device});
 * its fault class is the kind's ({@code alarms.kindClasses}, which a rule's {@code class} fills in).
 *
 * @param kind    what is wrong, e.g. {@code driveTrip}; the alarm kind and reading point {@code alarm.<kind>}
 * @param devices the devices watched, one alarm each
 * @param point   the point read ({@code pump.status}); empty for {@link Silent}
 * @param trigger when the alarm is on
 * @param hold    how long the trigger must hold before the alarm is raised (0: at once)
 * @param text    what it means, first in the evidence ("drive tripped"); may be empty
 */
public record AlarmRule(String kind, List<String> devices, String point, Trigger trigger, Duration hold, String text) {

    public AlarmRule {
        Objects.requireNonNull(kind, "kind");
        devices = List.copyOf(devices);
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(hold, "hold");
        text = text == null ? "" : text;
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a rule watches at least one device");
        }
        if (point.isEmpty() != (trigger instanceof Silent)) {
            throw new IllegalArgumentException(trigger instanceof Silent ? "a silent-device rule names no point"
                    : "a rule on values names its point");
        }
        if (hold.isNegative()) {
            throw new IllegalArgumentException("the hold time must not be negative");
        }
    }

    /** When a rule's alarm is on. */
    public sealed interface Trigger permits Bit, Equals, Above, Below, Stale, Silent {
    }

    /** Bit {@code bit} (0 = least significant) of an integer value is set: a fault bit of a status word. */
    public record Bit(int bit) implements Trigger {
        public Bit {
            if (bit < 0 || bit > 63) {
                throw new IllegalArgumentException("a bit is 0–63, got " + bit);
            }
        }
    }

    /** The value is one of {@code values} (a status code, a 0/1 bit point). */
    public record Equals(Set<BigDecimal> values) implements Trigger {
        public Equals {
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("equals needs at least one value");
            }
        }

        /** Exact comparison whatever the scale ({@code 1} = {@code 1.0}). */
        public boolean matches(BigDecimal value) {
            return values.stream().anyMatch(v -> v.compareTo(value) == 0);
        }
    }

    /** A good value above {@code limit}; off again at or below {@code limit − hysteresis}. */
    public record Above(BigDecimal limit, BigDecimal hysteresis) implements Trigger {
        public Above {
            checkBand(limit, hysteresis);
        }
    }

    /** A good value below {@code limit}; off again at or above {@code limit + hysteresis}. */
    public record Below(BigDecimal limit, BigDecimal hysteresis) implements Trigger {
        public Below {
            checkBand(limit, hysteresis);
        }
    }

    private static void checkBand(BigDecimal limit, BigDecimal hysteresis) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(hysteresis, "hysteresis");
        if (hysteresis.signum() < 0) {
            throw new IllegalArgumentException("hysteresis must not be negative");
        }
    }

    /** No good reading of the point for {@code after} (a sensor gone bad, a register no longer updated). */
    public record Stale(Duration after) implements Trigger {
        public Stale {
            if (after.isZero() || after.isNegative()) {
                throw new IllegalArgumentException("stale after must be positive");
            }
        }
    }

    /** No reading at all from the device for {@code after}: communication lost. */
    public record Silent(Duration after) implements Trigger {
        public Silent {
            if (after.isZero() || after.isNegative()) {
                throw new IllegalArgumentException("silent for must be positive");
            }
        }
    }
}
