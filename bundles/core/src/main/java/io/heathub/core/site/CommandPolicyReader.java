package io.heathub.core.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.CommandPolicy.Range;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Reads the {@code commands:} section of {@code site.yaml}:
 *
 * <pre>
 * commands:
 *   maxPerDevicePerMinute: 12        # more are refused (a runaway backend must not hammer a valve)
 *   bounds:                          # canonical units; the driver's own limits apply as well
 *     setpoint.room: { min: 16, max: 24 }
 * </pre>
 */
final class CommandPolicyReader {

    private CommandPolicyReader() {
    }

    /** Every problem of the section, each bound on its own. */
    static CommandPolicy read(ConfigNode node) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> node.rejectUnknownKeys(List.of("maxPerDevicePerMinute", "bounds")));
        int rate = problems.read(() -> {
            int value = node.integer("maxPerDevicePerMinute", CommandPolicy.DEFAULT.maxPerDevicePerMinute());
            if (value < 1) {
                throw node.get("maxPerDevicePerMinute").error("must be at least 1");
            }
            return value;
        }).orElse(CommandPolicy.DEFAULT.maxPerDevicePerMinute());
        Map<String, Range> bounds = new LinkedHashMap<>();
        var boundsNode = problems.read(() -> node.opt("bounds")).flatMap(b -> b);
        if (boundsNode.isPresent()) {
            for (var e : problems.read(boundsNode.get()::asMap).orElse(Map.of()).entrySet()) {
                problems.read(() -> range(e.getValue())).ifPresent(r -> bounds.put(e.getKey(), r));
            }
        }
        problems.throwIfAny();
        return new CommandPolicy(rate, bounds);
    }

    private static Range range(ConfigNode b) throws ConfigException {
        b.rejectUnknownKeys(List.of("min", "max"));
        BigDecimal min = b.get("min").asDecimal();
        BigDecimal max = b.get("max").asDecimal();
        if (min.compareTo(max) > 0) {
            throw b.get("min").error("min " + min.toPlainString() + " is above max " + max.toPlainString());
        }
        return new Range(min, max);
    }
}
