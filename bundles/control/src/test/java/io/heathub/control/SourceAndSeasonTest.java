package io.heathub.control;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceAndSeasonTest {

    private static final ControlSettings DEFAULTS = ControlSettings.defaults();

    @Test
    void loadFollowsTheOutdoorThresholds() {
        SourceLoadRule rule = new SourceLoadRule(DEFAULTS.source()); // base 70, ±10, thresholds −5/+5
        assertThat(rule.load(-5.1).load()).isEqualTo(80.0);
        assertThat(rule.load(-5).load()).isEqualTo(70.0);
        assertThat(rule.load(5).load()).isEqualTo(70.0);
        assertThat(rule.load(5.1).load()).isEqualTo(60.0);
        assertThat(rule.load(-8).reason()).isEqualTo("source load 80.0 %: base 70.0 +10.0 (-8.0 °C outdoor < -5.0 °C)");
    }

    @Test
    void loadIsClamped() {
        SourceLoadRule rule = new SourceLoadRule(new ControlSettings.Source(95, -5, 15, 5, 15, new Limits(85, 100),
                new RateLimit(5, 20)));
        assertThat(rule.load(-20).load()).isEqualTo(100.0);
        assertThat(rule.load(20).load()).isEqualTo(85.0);
    }

    @Test
    void seasonFlowByDateIncludingTheRangeAcrossTheNewYear() {
        SeasonFlow flow = DEFAULTS.flow();
        assertThat(flow.periodOn(LocalDate.of(2026, 10, 14))).isEmpty();
        assertThat(flow.periodOn(LocalDate.of(2026, 10, 15)).get().flow()).isEqualTo(4500.0);
        assertThat(flow.periodOn(LocalDate.of(2026, 11, 15)).get().flow()).isEqualTo(4500.0);
        assertThat(flow.periodOn(LocalDate.of(2026, 11, 16)).get().flow()).isEqualTo(4900.0);
        assertThat(flow.periodOn(LocalDate.of(2026, 12, 31)).get().flow()).isEqualTo(4900.0);
        assertThat(flow.periodOn(LocalDate.of(2027, 1, 1)).get().flow()).isEqualTo(4900.0);
        assertThat(flow.periodOn(LocalDate.of(2027, 2, 15)).get().flow()).isEqualTo(4900.0);
        assertThat(flow.periodOn(LocalDate.of(2027, 2, 16)).get().flow()).isEqualTo(4500.0);
        assertThat(flow.periodOn(LocalDate.of(2028, 2, 29)).get().flow()).isEqualTo(4500.0);
        assertThat(flow.periodOn(LocalDate.of(2027, 4, 15)).get().flow()).isEqualTo(4500.0);
        assertThat(flow.periodOn(LocalDate.of(2027, 4, 16))).isEmpty();
        assertThat(flow.periodOn(LocalDate.of(2027, 7, 1))).isEmpty();
    }

    @Test
    void overlappingOrOutOfLimitPeriodsAreRejected() {
        assertThatThrownBy(() -> new SeasonFlow(List.of(
                new SeasonFlow.Period(MonthDay.of(11, 1), MonthDay.of(1, 31), 4900),
                new SeasonFlow.Period(MonthDay.of(1, 31), MonthDay.of(3, 1), 4500)), new Limits(0, 6000), new RateLimit(100, 400)))
                .hasMessage("flow periods 0 and 1 overlap on --01-31");
        assertThatThrownBy(() -> new SeasonFlow(List.of(
                new SeasonFlow.Period(MonthDay.of(11, 1), MonthDay.of(1, 31), 7000)), new Limits(0, 6000), new RateLimit(100, 400)))
                .hasMessageContaining("flow 7000.0 outside");
    }
}
