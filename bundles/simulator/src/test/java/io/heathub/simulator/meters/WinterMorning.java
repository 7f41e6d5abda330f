package io.heathub.simulator.meters;

import io.heathub.testkit.SettableClock;
import java.time.Instant;
import java.util.Optional;

/** The meter tests' time and place: the test kit's settable clock on a January morning, meters in China. */
final class WinterMorning {
    private WinterMorning() {
    }

    static SettableClock clock() {
        return new SettableClock(Instant.parse("2025-01-15T04:00:00Z"));
    }

    static MeterEnvironment environment(SettableClock clock) {
        return new MeterEnvironment(clock, MeterEnvironment.CHINA, Optional.empty());
    }
}
