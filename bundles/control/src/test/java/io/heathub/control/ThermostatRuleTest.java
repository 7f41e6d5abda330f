package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.CalendarDay;
import io.heathub.api.Quality;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ThermostatRuleTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z"); // a Monday, 10:00 in Shanghai
    private static final LocalDateTime LOCAL = LocalDateTime.of(2026, 12, 7, 10, 0);
    private static final ThermostatRule RULE = new ThermostatRule(ThermostatSettings.defaults());
    private static final CalendarDay SEASON = new CalendarDay(LocalDate.of(2026, 12, 7), DayKind.SEASON, "season", Set.of());
    private static final CalendarDay OFF = new CalendarDay(LocalDate.of(2026, 10, 7), DayKind.OFF, "off", Set.of("elastic"));

    private static Household household(String id, double room, ThermostatProgram program, OptionalDouble valve) {
        return new Household(id, "z", Optional.of(Sample.good(room, NOW.minusSeconds(60))), program, valve);
    }

    private static Decision setpoint(Household household, CalendarDay day) {
        return RULE.decide(household, day, LOCAL, NOW).get(0);
    }

    private static Decision valve(Household household, CalendarDay day) {
        return RULE.decide(household, day, LOCAL, NOW).get(1);
    }

    @Test
    void temperatureModeOpensBelowAndClosesAboveTheBandAndHoldsInside() {
        ThermostatProgram twenty = new ThermostatProgram.ByTemperature(20);
        assertThat(valve(household("a", 19.4, twenty, OptionalDouble.of(0)), SEASON).value()).hasValue(100);
        assertThat(valve(household("a", 20.6, twenty, OptionalDouble.of(100)), SEASON).value()).hasValue(0);
        Decision inside = valve(household("a", 19.6, twenty, OptionalDouble.of(0)), SEASON);
        assertThat(inside.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(inside.value()).hasValue(0);
        // band edges belong to the hold zone
        assertThat(valve(household("a", 19.5, twenty, OptionalDouble.of(100)), SEASON).action()).isEqualTo(Decision.Action.HOLD);
        assertThat(valve(household("a", 20.5, twenty, OptionalDouble.of(100)), SEASON).action()).isEqualTo(Decision.Action.HOLD);
        Decision sp = setpoint(household("a", 19.6, twenty, OptionalDouble.of(0)), SEASON);
        assertThat(sp.action()).isEqualTo(Decision.Action.SET);
        assertThat(sp.value()).hasValue(20);
    }

    @Test
    void userSetpointsAreClampedToTheUtilityBoundsWithTheReason() {
        Decision high = setpoint(household("a", 20, new ThermostatProgram.ByTemperature(28), OptionalDouble.empty()), SEASON);
        assertThat(high.value()).hasValue(24);
        assertThat(high.reason()).contains("user setpoint 28.0 °C clamped to the utility's bounds 16.0–24.0 °C");
        assertThat(setpoint(household("a", 20, new ThermostatProgram.ByTemperature(12), OptionalDouble.empty()), SEASON)
                .value()).hasValue(16);
        assertThat(setpoint(household("a", 20, new ThermostatProgram.ByTemperature(24), OptionalDouble.empty()), SEASON)
                .reason()).doesNotContain("clamped");
    }

    @Test
    void scheduleModeFollowsTheWeekAndWrapsToThePreviousDay() {
        ThermostatProgram.WeeklySchedule schedule = new ThermostatProgram.WeeklySchedule(List.of(
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(6, 0), 21),
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0), 17),
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(8, 0), 22)));
        assertThat(schedule.setpointAt(LocalDateTime.of(2026, 12, 7, 6, 0))).isEqualTo(21);   // Monday 06:00
        assertThat(schedule.setpointAt(LocalDateTime.of(2026, 12, 7, 5, 59))).isEqualTo(22);  // Sunday 08:00 still
        assertThat(schedule.setpointAt(LocalDateTime.of(2026, 12, 5, 7, 0))).isEqualTo(17);   // Saturday before 08:00: Friday 22:00
        assertThat(schedule.setpointAt(LocalDateTime.of(2026, 12, 9, 23, 0))).isEqualTo(17);
        Decision sp = setpoint(household("s", 20, new ThermostatProgram.BySchedule(schedule), OptionalDouble.of(0)), SEASON);
        assertThat(sp.value()).hasValue(21);
        assertThat(sp.reason()).contains("schedule setpoint at 10:00");
    }

    @Test
    void flowModeHoldsTheFixedOpeningClampedAndWritesNoSetpoint() {
        ThermostatRule bounded = new ThermostatRule(new ThermostatSettings(new Limits(16, 24), 0.5, 8, 100,
                new Limits(10, 80), Duration.ofHours(1), new Limits(-30, 60)));
        Household flow = household("f", 25, new ThermostatProgram.ByFlow(95), OptionalDouble.of(40));
        List<Decision> decisions = bounded.decide(flow, SEASON, LOCAL, NOW);
        assertThat(decisions.get(0).value()).isEmpty();
        assertThat(decisions.get(1).value()).hasValue(80);
        assertThat(decisions.get(1).reason()).contains("clamped to 10–80 %");
    }

    @Test
    void antiFreezeOpensTheValveWhateverTheModeAndTheDay() {
        Decision off = valve(household("a", 7.9, new ThermostatProgram.ByFlow(0), OptionalDouble.of(0)), OFF);
        assertThat(off.value()).hasValue(100);
        assertThat(off.reason()).contains("anti-freeze");
        // released only at 8.5 °C: at 8.2 °C a valve opened by anti-freeze stays open, a closed one stays closed
        assertThat(valve(household("a", 8.2, new ThermostatProgram.ByFlow(0), OptionalDouble.of(100)), OFF).value()).hasValue(100);
        assertThat(valve(household("a", 8.2, new ThermostatProgram.ByFlow(0), OptionalDouble.of(0)), OFF).value()).hasValue(0);
        assertThat(valve(household("a", 8.5, new ThermostatProgram.ByFlow(0), OptionalDouble.of(100)), OFF).value()).hasValue(0);
        assertThat(valve(household("a", 8.0, new ThermostatProgram.ByFlow(0), OptionalDouble.of(0)), OFF).value()).hasValue(0);
    }

    @Test
    void offSeasonClosesValvesExceptElasticHouseholdsWhichAreMetered() {
        ThermostatProgram twenty = new ThermostatProgram.ByTemperature(20);
        Decision closed = valve(household("a", 15, twenty, OptionalDouble.of(100)), OFF);
        assertThat(closed.value()).hasValue(0);
        assertThat(closed.reason()).contains("no heat on 2026-10-07 off");
        assertThat(setpoint(household("a", 15, twenty, OptionalDouble.of(100)), OFF).action()).isEqualTo(Decision.Action.HOLD);
        Decision elastic = valve(household("elastic", 15, twenty, OptionalDouble.of(0)), OFF);
        assertThat(elastic.value()).hasValue(100);
        assertThat(elastic.reason()).endsWith("elastic heating (metered billing)");
        assertThat(elastic.inputs()).containsEntry("meteredBilling", 1.0);
    }

    @Test
    void staleOrSuspectRoomHoldsTheValve() {
        Household stale = new Household("a", "z", Optional.of(Sample.good(5, NOW.minus(Duration.ofHours(2)))),
                new ThermostatProgram.ByTemperature(20), OptionalDouble.of(100));
        Decision held = valve(stale, SEASON);
        assertThat(held.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(held.value()).hasValue(100);
        assertThat(held.reason()).contains("stale or suspect");
        Household suspect = new Household("a", "z", Optional.of(new Sample(5, NOW, Quality.SUSPECT)),
                new ThermostatProgram.ByTemperature(20), OptionalDouble.empty());
        assertThat(valve(suspect, SEASON).value()).isEmpty(); // nothing known: nothing claimed
    }

    @Property(tries = 300)
    void outputsStayWithinTheirLimitsForAnyInput(@ForAll("households") Household household, @ForAll boolean heatingDay) {
        ThermostatSettings settings = ThermostatSettings.defaults();
        List<Decision> decisions = RULE.decide(household, heatingDay ? SEASON : OFF, LOCAL, NOW);
        assertThat(decisions).hasSize(2);
        decisions.get(0).value().ifPresent(v -> assertThat(settings.setpointBounds().contains(v)).as("setpoint %s", v).isTrue());
        decisions.get(1).value().ifPresent(v -> assertThat(v).isBetween(0.0, 100.0));
        assertThat(decisions).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
        boolean freezing = household.room().isPresent() && household.room().get().quality() == Quality.GOOD
                && household.room().get().value() < settings.antiFreezeBelow() && settings.plausible().contains(household.room().get().value())
                && !household.room().get().time().isBefore(NOW.minus(settings.roomMaxAge()));
        if (freezing) {
            assertThat(decisions.get(1).value().getAsDouble()).isGreaterThanOrEqualTo(settings.antiFreezeOpening());
        }
    }

    @Provide
    Arbitrary<Household> households() {
        Arbitrary<Double> any = Arbitraries.oneOf(Arbitraries.doubles().between(-40, 60),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE, Double.MAX_VALUE, 7.99, 8.0, 8.5));
        Arbitrary<ThermostatProgram> programs = Arbitraries.oneOf(
                any.map(ThermostatProgram.ByTemperature::new),
                any.map(ThermostatProgram.ByFlow::new),
                any.map(v -> new ThermostatProgram.BySchedule(new ThermostatProgram.WeeklySchedule(List.of(
                        new ThermostatProgram.WeeklySchedule.Entry(EnumSet.of(DayOfWeek.WEDNESDAY), LocalTime.NOON, v))))));
        Arbitrary<Optional<Sample>> rooms = Combinators.combine(any, Arbitraries.longs().between(-7200, 600),
                        Arbitraries.of(Quality.class))
                .as((v, offset, q) -> new Sample(v, NOW.plusSeconds(offset), q)).optional();
        Arbitrary<OptionalDouble> valves = any.injectNull(0.2).map(v -> v == null ? OptionalDouble.empty() : OptionalDouble.of(v));
        return Combinators.combine(Arbitraries.of("elastic", "other"), rooms, programs, valves)
                .as((id, room, program, valve) -> new Household(id, "z", room, program, valve));
    }
}
