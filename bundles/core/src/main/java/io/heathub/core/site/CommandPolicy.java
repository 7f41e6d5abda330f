package io.heathub.core.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The utility's checks on commands, from the {@code commands:} section of {@code site.yaml}:
 *
 * <pre>
 * commands:
 *   maxPerDevicePerMinute: 12        # more are refused (a runaway backend must not hammer a valve)
 *   bounds:                          # canonical units; the driver's own limits apply as well
 *     setpoint.room: { min: 16, max: 24 }
 * </pre>
 *
 * @param maxPerDevicePerMinute commands accepted per device in any 60 s window
 * @param bounds                allowed value range per point
 */
public record CommandPolicy(int maxPerDevicePerMinute, Map<String, Range> bounds) {
    /** No bounds beyond the drivers' own, 12 commands per device per minute. */
    public static final CommandPolicy DEFAULT = new CommandPolicy(12, Map.of());

    public CommandPolicy {
        bounds = Map.copyOf(bounds);
    }

    /** An inclusive range. */
    public record Range(BigDecimal min, BigDecimal max) {
        public boolean contains(BigDecimal v) {
            return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
        }
    }

    public Optional<Range> bound(String point) {
        return Optional.ofNullable(bounds.get(point));
    }

    static CommandPolicy read(ConfigNode node) throws ConfigException {
        node.rejectUnknownKeys(Set.of("maxPerDevicePerMinute", "bounds"));
        int rate = node.integer("maxPerDevicePerMinute", DEFAULT.maxPerDevicePerMinute());
        if (rate < 1) {
            throw node.get("maxPerDevicePerMinute").error("must be at least 1");
        }
        Map<String, Range> bounds = new LinkedHashMap<>();
        var boundsNode = node.opt("bounds");
        if (boundsNode.isPresent()) {
            for (var e : boundsNode.get().asMap().entrySet()) {
                ConfigNode b = e.getValue();
                b.rejectUnknownKeys(Set.of("min", "max"));
                BigDecimal min = b.get("min").asDecimal();
                BigDecimal max = b.get("max").asDecimal();
                if (min.compareTo(max) > 0) {
                    throw b.get("min").error("min " + min.toPlainString() + " is above max " + max.toPlainString());
                }
                bounds.put(e.getKey(), new Range(min, max));
            }
        }
        return new CommandPolicy(rate, bounds);
    }
}
