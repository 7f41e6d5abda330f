package io.heathub.simulator.meters;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What all meters of a line share: the time their counters and clocks follow, the zone their
 * clocks show, and optionally the network temperatures (for example from the
 * {@link io.heathub.simulator.ThermalModel}); without them each meter uses plausible defaults.
 *
 * @param clock        the time source; counters integrate between its readings
 * @param zone         the zone of the meters' clocks (CJ/T 188 meters send local time)
 * @param temperatures network temperatures, or empty for per-meter defaults around 62/45 °C
 */
public record MeterEnvironment(InstantSource clock, ZoneId zone, Optional<Supplier<Temperatures>> temperatures) {
    /** Zone of Chinese meters' clocks, and the hub's default. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** Checks for nulls. */
    public MeterEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(temperatures, "temperatures");
    }

    /** Real time, Asia/Shanghai, default temperatures. */
    public static MeterEnvironment realTime() {
        return new MeterEnvironment(InstantSource.system(), CHINA, Optional.empty());
    }
}
