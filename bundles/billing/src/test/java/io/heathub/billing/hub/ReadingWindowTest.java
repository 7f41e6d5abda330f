package io.heathub.billing.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingWindowTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private final SettableClock clock = new SettableClock(T0);

    private static Reading energy(Instant measured, int kWh) {
        return Reading.good("heat-101", Points.HEAT_ENERGY, BigDecimal.valueOf(kWh), Unit.KWH, measured);
    }

    @Test
    void keepsWhatWasMeasuredAndArrivedWithinTheWindow() {
        ReadingWindow window = new ReadingWindow(100, clock);
        window.addAll(List.of(energy(T0.minusSeconds(30), 1), energy(T0, 2)));
        clock.advance(Duration.ofMinutes(5));
        window.addAll(List.of(energy(clock.instant(), 3)));

        assertThat(window.since(clock.instant().minus(WINDOW))).extracting(r -> r.value().intValue())
                .containsExactly(1, 2, 3);
        clock.advance(Duration.ofMinutes(6));
        assertThat(window.since(clock.instant().minus(WINDOW))).extracting(r -> r.value().intValue())
                .containsExactly(3);
    }

    @Test
    void readingsOfAMeterWhoseClockRunsAheadAgeOutByTheirArrival() {
        ReadingWindow window = new ReadingWindow(100_000, clock);
        // a meter stamping its readings a year ahead, polled every minute for an hour
        for (int minute = 0; minute < 60; minute++) {
            window.addAll(List.of(energy(clock.instant().plus(Duration.ofDays(365)), minute)));
            clock.advance(Duration.ofMinutes(1));
        }

        List<Reading> recent = window.since(clock.instant().minus(WINDOW));

        assertThat(recent).hasSize(10).extracting(r -> r.value().intValue()).startsWith(50).endsWith(59);
        assertThat(window.size()).isEqualTo(10);
        assertThat(window.dropped()).isZero();
    }

    @Test
    void backfilledReadingsMeasuredBeforeTheWindowAreDroppedWhenRead() {
        ReadingWindow window = new ReadingWindow(100, clock);
        window.addAll(List.of(energy(T0.minus(Duration.ofHours(3)), 1), energy(T0, 2)));

        assertThat(window.since(T0.minus(WINDOW))).extracting(r -> r.value().intValue()).containsExactly(2);
    }

    @Test
    void beyondTheCountBoundTheOldestGoAndAreCounted() {
        ReadingWindow window = new ReadingWindow(3, clock);
        for (int i = 0; i < 5; i++) {
            window.addAll(List.of(energy(T0, i)));
        }

        assertThat(window.since(T0.minus(WINDOW))).extracting(r -> r.value().intValue()).containsExactly(2, 3, 4);
        assertThat(window.dropped()).isEqualTo(2);
    }

    @Test
    void refusesANonPositiveBound() {
        assertThatThrownBy(() -> new ReadingWindow(0, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxReadings");
    }
}
