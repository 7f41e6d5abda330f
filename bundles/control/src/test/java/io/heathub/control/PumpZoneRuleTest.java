package io.heathub.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PumpZoneRuleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final ControlSettings DEFAULTS = ControlSettings.defaults();
    // P10 of ≥ 5 rooms, bands 18/22, hysteresis 0.5, +5/−3 Hz, 25–50 Hz, dwell 30 min
    private final PumpZoneRule rule = new PumpZoneRule(DEFAULTS.pump(), DEFAULTS.room());

    private static List<Sample> rooms(double value, Instant time) {
        return Collections.nCopies(10, Sample.good(value, time));
    }

    @Test
    void coldZoneRaisesByTheStep() {
        PumpZoneRule.Result result = rule.step("z1", rooms(17.2, T0), 35, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(result.frequency()).hasValue(40.0);
        assertThat(result.state()).isEqualTo(new PumpZoneRule.ZoneState(PumpZoneRule.Mode.COLD, Optional.of(T0)));
        assertThat(result.reason()).isEqualTo("pump z1 40.0 Hz: raise +5.0 Hz from 35.0 Hz, P10 17.2 °C < 18.0 °C");
    }

    @Test
    void hotZoneLowersByTheStep() {
        PumpZoneRule.Result result = rule.step("z1", rooms(23, T0), 35, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(result.frequency()).hasValue(32.0);
        assertThat(result.state().mode()).isEqualTo(PumpZoneRule.Mode.HOT);
    }

    @Test
    void withinTheBandsHolds() {
        PumpZoneRule.Result result = rule.step("z1", rooms(20, T0), 35, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(result.frequency()).isEmpty();
        assertThat(result.reason()).isEqualTo("pump z1 hold at 35.0 Hz: P10 20.0 °C within 18.0–22.0 °C");
    }

    @Test
    void dwellTimeSeparatesSteps() {
        PumpZoneRule.ZoneState stepped = new PumpZoneRule.ZoneState(PumpZoneRule.Mode.COLD, Optional.of(T0));
        Instant early = T0.plus(Duration.ofMinutes(29));
        PumpZoneRule.Result held = rule.step("z1", rooms(17, early), 40, stepped, early);
        assertThat(held.frequency()).isEmpty();
        assertThat(held.reason()).contains("dwell until 2026-12-01T00:30:00Z");
        assertThat(held.state()).isEqualTo(stepped);
        Instant due = T0.plus(Duration.ofMinutes(30));
        assertThat(rule.step("z1", rooms(17, due), 40, stepped, due).frequency()).hasValue(45.0);
    }

    @Test
    void hysteresisKeepsRaisingUntilTheLowBandPlusHysteresis() {
        Instant later = T0.plus(Duration.ofHours(1));
        PumpZoneRule.ZoneState cold = new PumpZoneRule.ZoneState(PumpZoneRule.Mode.COLD, Optional.of(T0));
        // 18.3 is inside the bands but below 18 + 0.5: still cold
        PumpZoneRule.Result stillCold = rule.step("z1", rooms(18.3, later), 40, cold, later);
        assertThat(stillCold.frequency()).hasValue(45.0);
        assertThat(stillCold.reason()).contains("P10 18.3 °C < 18.5 °C");
        // from normal, 18.3 does nothing
        assertThat(rule.step("z1", rooms(18.3, later), 40, PumpZoneRule.ZoneState.initial(), later).frequency()).isEmpty();
        // 18.5 leaves the cold state
        PumpZoneRule.Result recovered = rule.step("z1", rooms(18.5, later), 40, cold, later);
        assertThat(recovered.frequency()).isEmpty();
        assertThat(recovered.state().mode()).isEqualTo(PumpZoneRule.Mode.NORMAL);
        // same on the hot side: 21.7 > 22 − 0.5 stays hot
        PumpZoneRule.ZoneState hot = new PumpZoneRule.ZoneState(PumpZoneRule.Mode.HOT, Optional.of(T0));
        assertThat(rule.step("z1", rooms(21.7, later), 40, hot, later).frequency()).hasValue(37.0);
        assertThat(rule.step("z1", rooms(21.5, later), 40, hot, later).state().mode()).isEqualTo(PumpZoneRule.Mode.NORMAL);
    }

    @Test
    void stepsAreClampedToTheRangeAndHoldAtTheEnd() {
        PumpZoneRule.Result nearTop = rule.step("z1", rooms(16, T0), 48, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(nearTop.frequency()).hasValue(50.0);
        assertThat(nearTop.reason()).contains("(limited to 25.0–50.0 Hz)");
        PumpZoneRule.Result atTop = rule.step("z1", rooms(16, T0), 50, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(atTop.frequency()).isEmpty();
        assertThat(atTop.reason()).contains("but at maximum 50.0 Hz");
        PumpZoneRule.Result atBottom = rule.step("z1", rooms(24, T0), 26, PumpZoneRule.ZoneState.initial(), T0);
        assertThat(atBottom.frequency()).hasValue(25.0);
    }

    @Test
    void tooFewOrStaleRoomsHold() {
        PumpZoneRule.Result few = rule.step("z1", Collections.nCopies(4, Sample.good(10, T0)), 35,
                PumpZoneRule.ZoneState.initial(), T0);
        assertThat(few.frequency()).isEmpty();
        assertThat(few.reason()).isEqualTo("pump z1 hold at 35.0 Hz: 4 usable rooms < minimum 5");
        Instant late = T0.plus(Duration.ofHours(2));
        assertThat(rule.step("z1", rooms(10, T0), 35, PumpZoneRule.ZoneState.initial(), late).frequency()).isEmpty();
    }
}
