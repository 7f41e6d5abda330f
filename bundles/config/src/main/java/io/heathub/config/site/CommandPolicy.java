package io.heathub.config.site;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The utility's checks on commands, from the {@code commands:} section: core's command path
 * applies them to every command; a feature may read them to stay inside (e.g. not decide a
 * setpoint the path would refuse).
 *
 * @param maxPerDevicePerMinute commands accepted per device in any 60 s window
 * @param bounds                allowed value range per point, in canonical units
 */
public record CommandPolicy(int maxPerDevicePerMinute, Map<String, Range> bounds) {
    /** No bounds beyond the drivers' own, 12 commands per device per minute. */
    public static final CommandPolicy DEFAULT = new CommandPolicy(12, Map.of());

    public CommandPolicy {
        bounds = Map.copyOf(bounds);
    }

    /** An inclusive range. */
    public record Range(BigDecimal min, BigDecimal max) {
        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }

        public boolean contains(BigDecimal v) {
            return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
        }
    }

    public Optional<Range> bound(String point) {
        return Optional.ofNullable(bounds.get(point));
    }
}
