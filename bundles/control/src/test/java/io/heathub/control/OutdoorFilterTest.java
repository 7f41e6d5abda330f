package io.heathub.control;

import io.heathub.api.Quality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OutdoorFilterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final ControlSettings.Outdoor SETTINGS = new ControlSettings.Outdoor(Duration.ofHours(1),
            Duration.ofMinutes(30), new Limits(-60, 60), 0.25, Duration.ofHours(12));
    private final OutdoorFilter filter = new OutdoorFilter(SETTINGS);

    @Test
    void firstSampleIsTakenAsIs() {
        Optional<OutdoorFilter.State> state = filter.update(Optional.empty(), List.of(Sample.good(-3, T0)), T0);
        assertThat(state).contains(new OutdoorFilter.State(-3, T0));
    }

    @Test
    void stepIsSmoothedExponentiallyOnTimestamps() {
        Optional<OutdoorFilter.State> state = Optional.of(new OutdoorFilter.State(0, T0));
        Instant now = T0.plus(Duration.ofMinutes(20));
        // two samples 10 min apart equal one step of 20 min: 1 − e^(−1/3)
        Optional<OutdoorFilter.State> twoSteps = filter.update(state,
                List.of(Sample.good(-10, T0.plus(Duration.ofMinutes(20))), Sample.good(-10, T0.plus(Duration.ofMinutes(10)))), now);
        assertThat(twoSteps.get().smoothed()).isCloseTo(-10 * (1 - Math.exp(-1.0 / 3)), within(1e-9));
        assertThat(twoSteps.get().time()).isEqualTo(now);
    }

    @Test
    void badStaleImplausibleAndOldSamplesAreIgnored() {
        Optional<OutdoorFilter.State> state = Optional.of(new OutdoorFilter.State(-2, T0));
        Instant now = T0.plus(Duration.ofMinutes(10));
        Optional<OutdoorFilter.State> after = filter.update(state, List.of(
                new Sample(-30, now, Quality.SUSPECT),
                Sample.good(-999, now),
                Sample.good(Double.NaN, now),
                Sample.good(-30, T0.minus(Duration.ofMinutes(5))),     // older than the filter
                Sample.good(-30, now.plus(Duration.ofMinutes(31))),    // clock far ahead
                Sample.good(-30, now.minus(Duration.ofMinutes(31)))), now); // stale
        assertThat(after).isEqualTo(state);
        assertThat(filter.isFresh(after, now)).isTrue();
        assertThat(filter.isFresh(after, T0.plus(Duration.ofMinutes(31)))).isFalse();
        assertThat(filter.isFresh(Optional.empty(), now)).isFalse();
    }

    @Test
    void afterAnOutageTheFilterRestartsFromTheNewSample() {
        Optional<OutdoorFilter.State> state = Optional.of(new OutdoorFilter.State(5, T0));
        Instant later = T0.plus(Duration.ofHours(3));
        assertThat(filter.update(state, List.of(Sample.good(-12, later)), later).get().smoothed()).isEqualTo(-12.0);
    }

    @Test
    void forecastMeanInsideTheLookAheadIsBlendedWithTheConfiguredWeight() {
        OutdoorFilter.State state = new OutdoorFilter.State(0, T0);
        List<ForecastPoint> forecast = List.of(
                new ForecastPoint(T0.minus(Duration.ofHours(1)), 50),  // past: ignored
                new ForecastPoint(T0.plus(Duration.ofHours(3)), -8),
                new ForecastPoint(T0.plus(Duration.ofHours(12)), -12), // on the horizon: included
                new ForecastPoint(T0.plus(Duration.ofHours(13)), 40),  // beyond: ignored
                new ForecastPoint(T0.plus(Duration.ofHours(6)), 500)); // implausible: ignored
        OutdoorFilter.Effective effective = filter.effective(state, forecast, T0);
        assertThat(effective.forecastMean()).contains(-10.0);
        assertThat(effective.forecastPoints()).isEqualTo(2);
        assertThat(effective.value()).isCloseTo(0.75 * 0 + 0.25 * -10, within(1e-12));
    }

    @Test
    void withoutForecastTheEffectiveIsTheSmoothedValue() {
        OutdoorFilter.Effective effective = filter.effective(new OutdoorFilter.State(-4, T0), List.of(), T0);
        assertThat(effective.value()).isEqualTo(-4.0);
        assertThat(effective.forecastMean()).isEmpty();
    }
}
