package io.heathub.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SafetyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Limits LIMITS = new Limits(20, 80);
    private static final RateLimit RATE = new RateLimit(2, 6);

    @Test
    void perCycleBoundApplies() {
        Safety.Limited limited = Safety.limit(70, OptionalDouble.of(60), Optional.of(T0), T0.plus(Duration.ofHours(1)),
                LIMITS, RATE);
        assertThat(limited.value()).isEqualTo(62.0);
        assertThat(limited.note()).isEqualTo(", rate-limited from 60.0 (±2.0)");
    }

    @Test
    void perHourBoundAppliesToShortCycles() {
        // 5 min at 6 °C/h → 0.5 °C
        Safety.Limited limited = Safety.limit(50, OptionalDouble.of(60), Optional.of(T0), T0.plus(Duration.ofMinutes(5)),
                LIMITS, RATE);
        assertThat(limited.value()).isCloseTo(59.5, within(1e-9));
    }

    @Test
    void unknownPreviousMeansNoRateLimitButStillClamped() {
        assertThat(Safety.limit(95, OptionalDouble.empty(), Optional.empty(), T0, LIMITS, RATE).value()).isEqualTo(80.0);
        assertThat(Safety.limit(95, OptionalDouble.empty(), Optional.empty(), T0, LIMITS, RATE).note())
                .isEqualTo(", clamped to 20.0–80.0");
        // no time of the previous: per-cycle bound only
        assertThat(Safety.limit(70, OptionalDouble.of(60), Optional.empty(), T0, LIMITS, RATE).value()).isEqualTo(62.0);
    }

    @Test
    void limitsWinOverTheRateWhenThePreviousIsOutside() {
        Safety.Limited limited = Safety.limit(70, OptionalDouble.of(120), Optional.of(T0), T0.plus(Duration.ofMinutes(5)),
                LIMITS, RATE);
        assertThat(limited.value()).isEqualTo(80.0);
    }

    @Test
    void clockGoingBackAllowsNoChange() {
        assertThat(Safety.limit(70, OptionalDouble.of(60), Optional.of(T0), T0.minusSeconds(60), LIMITS, RATE).value())
                .isEqualTo(60.0);
    }
}
