package io.heathub.control;

import io.heathub.calendar.CalendarDay;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.calendar.DayKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the site sets for households and plant beyond the rules: schedules (with the calendar's kinds
 * of day), household programs, the time-of-day pump ranges (Minle's 分时调频) and the forecast horizon.
 */
class PlantProgramsTest {

    private static ControlPlan read(String yaml) throws ConfigException {
        return ControlPlanReader.read(ConfigNode.parse("site.yaml", yaml));
    }

    private static String problem(String yaml) {
        try {
            read(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a problem in\n" + yaml);
    }

    @Test
    void schedulesAndProgramsAreRead() throws ConfigException {
        ControlPlan plan = read("""
                control:
                  schedules:
                    office:
                      - { days: weekdays, from: "06:30", setpoint: 21 }
                      - { days: [sat, sun], from: "8:00", setpoint: 20 }
                      - { days: all, from: "22:00", setpoint: 17 }
                      - { days: all, from: "00:00", setpoint: 18, kinds: [test] }
                    default:
                      - { days: all, from: "00:00", setpoint: 19 }
                  programs:
                    panel-001: { mode: schedule, schedule: office }
                    panel-002: { mode: flow, opening: 35 }
                    panel-003: { opening: 60 }
                """);
        assertThat(plan.schedules()).containsOnlyKeys("default", "office");
        ThermostatProgram.WeeklySchedule office = plan.schedules().get("office");
        assertThat(office.entries().get(0).days()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(office.entries().get(1).from()).isEqualTo(LocalTime.of(8, 0));
        assertThat(office.entries().get(3).kinds()).containsExactly(DayKind.TEST);
        assertThat(plan.program("panel-001").mode()).contains(ThermostatMode.SCHEDULE);
        assertThat(plan.schedule("panel-001")).contains(office);
        assertThat(plan.program("panel-002").opening()).hasValue(35);
        assertThat(plan.program("panel-003").mode()).isEmpty();
        // a household without its own schedule takes the default one
        assertThat(plan.schedule("panel-003")).contains(plan.schedules().get("default"));
        assertThat(plan.program("panel-099")).isEqualTo(HouseholdProgram.NONE);
    }

    @Test
    void badProgramsAreLocatedAndNamed() {
        assertThat(problem("""
                control:
                  schedules: { office: [ { days: all, from: "06:00", setpoint: 21 } ] }
                  programs: { panel-001: { mode: schedule, schedule: ofice } }
                """)).contains("site.yaml:3:").contains("no schedule 'ofice' in control.schedules (did you mean 'office'?)");
        assertThat(problem("""
                control:
                  programs: { panel-001: { mode: flow } }
                """)).contains("mode flow needs an opening");
        assertThat(problem("""
                control:
                  programs: { panel-001: { mode: schedule } }
                """)).contains("mode schedule needs a schedule");
        assertThat(problem("""
                control:
                  programs: { panel-001: { mode: temprature } }
                """)).contains("unknown mode \"temprature\"").contains("did you mean 'temperature'?");
        assertThat(problem("""
                control:
                  programs: { panel-001: { mode: flow, opening: 120 } }
                """)).contains("a fixed opening must be 0..100 %, got 120");
        assertThat(problem("""
                control:
                  schedules: { office: [ { days: mondays, from: "06:00", setpoint: 21 } ] }
                """)).contains("unknown day \"mondays\"");
        assertThat(problem("""
                control:
                  schedules: { office: [ { days: all, from: "6 o'clock", setpoint: 21 } ] }
                """)).contains("expected a time of day like 06:30, got \"6 o'clock\"");
        assertThat(problem("""
                control:
                  schedules: { office: [ { days: all, from: "06:00", setpoint: 21, kinds: [seasn] } ] }
                """)).contains("unknown kind of day \"seasn\"").contains("did you mean 'season'?");
        assertThat(problem("""
                control:
                  schedules: { office: [] }
                """)).contains("a schedule needs at least one entry");
    }

    @Test
    void aScheduleEntryLimitedToKindsOfDayAppliesOnlyOnThem() {
        ThermostatProgram.WeeklySchedule schedule = new ThermostatProgram.WeeklySchedule(List.of(
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class), LocalTime.of(6, 0), 21,
                        Set.of(DayKind.SEASON)),
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class), LocalTime.of(0, 0), 18,
                        Set.of(DayKind.TEST))));
        LocalDateTime tenOClock = LocalDateTime.of(2026, 11, 10, 10, 0);
        assertThat(schedule.setpointAt(tenOClock, date -> DayKind.TEST)).hasValue(18);
        assertThat(schedule.setpointAt(tenOClock, date -> DayKind.SEASON)).hasValue(21);
        // the first season day at 05:00: the previous day's (test) program still holds
        LocalDate first = LocalDate.of(2026, 11, 15);
        assertThat(schedule.setpointAt(first.atTime(5, 0), d -> d.isBefore(first) ? DayKind.TEST : DayKind.SEASON))
                .hasValue(18);
        assertThat(schedule.setpointAt(tenOClock, date -> DayKind.OFF)).isEmpty();

        // in the rule, with the default calendar (test period 11-08–11-14): 10 Nov is a test day
        ThermostatRule rule = new ThermostatRule(ThermostatSettings.defaults(), HeatingCalendar.defaults());
        Instant now = Instant.parse("2026-11-10T02:00:00Z");
        CalendarDay test = HeatingCalendar.defaults().on(LocalDate.of(2026, 11, 10));
        Household household = new Household("h", "z", Optional.of(Sample.good(19, now)),
                new ThermostatProgram.BySchedule(schedule), OptionalDouble.of(0));
        assertThat(rule.decide(household, test, tenOClock, now).get(0).value()).hasValue(18);
        Household offSeason = new Household("h", "z", Optional.of(Sample.good(19, now)), new ThermostatProgram.BySchedule(
                new ThermostatProgram.WeeklySchedule(List.of(schedule.entries().get(0)))), OptionalDouble.of(0));
        List<Decision> none = rule.decide(offSeason, test, tenOClock, now);
        assertThat(none.get(0).action()).isEqualTo(Decision.Action.HOLD);
        assertThat(none.get(0).reason()).contains("no schedule entry applies");
        assertThat(none.get(1).action()).isEqualTo(Decision.Action.HOLD);
    }

    @Test
    void theAntiFreezeFloorHoldsInEveryMode() {
        ThermostatRule rule = new ThermostatRule(ThermostatSettings.defaults());
        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        CalendarDay season = HeatingCalendar.defaults().on(LocalDate.of(2026, 12, 7));
        CalendarDay off = HeatingCalendar.defaults().on(LocalDate.of(2026, 7, 7));
        LocalDateTime local = LocalDateTime.of(2026, 12, 7, 10, 0);
        ThermostatProgram.WeeklySchedule cool = new ThermostatProgram.WeeklySchedule(List.of(
                new ThermostatProgram.WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, 5)));
        for (ThermostatProgram program : List.of(new ThermostatProgram.ByTemperature(5),
                new ThermostatProgram.BySchedule(cool), new ThermostatProgram.ByFlow(0))) {
            for (CalendarDay day : List.of(season, off)) {
                Household freezing = new Household("h", "z", Optional.of(Sample.good(7.0, now)), program,
                        OptionalDouble.of(0));
                Decision valve = rule.decide(freezing, day, local, now).get(1);
                assertThat(valve.value()).as("%s on %s", program.mode(), day.kind()).hasValue(100);
                assertThat(valve.reason()).contains("anti-freeze");
            }
        }
    }

    @Test
    void pumpRangesByTimeOfDayNarrowTheDrivesAndSayWhy() throws ConfigException {
        ControlPlan plan = read("""
                control:
                  pump:
                    minHz: 25
                    maxHz: 50
                    minimumRooms: 1
                    timeOfDay:
                      - { from: "22:00", to: "05:00", minHz: 25, maxHz: 40 }
                      - { from: "05:00", to: "08:00", minHz: 35, maxHz: 50, zones: [west] }
                """);
        ControlSettings.Pump pump = plan.base().pump();
        assertThat(pump.limitsAt("east", LocalTime.of(23, 0))).isEqualTo(new Limits(25, 40));
        assertThat(pump.limitsAt("east", LocalTime.of(4, 59))).isEqualTo(new Limits(25, 40));
        assertThat(pump.limitsAt("east", LocalTime.of(6, 0))).isEqualTo(new Limits(25, 50));
        assertThat(pump.limitsAt("west", LocalTime.of(5, 0))).isEqualTo(new Limits(35, 50));
        assertThat(pump.limitsAt("west", LocalTime.of(12, 0))).isEqualTo(new Limits(25, 50));

        ControlEngine engine = new ControlEngine(plan);
        // 23:00 in Shanghai: east at 45 Hz is above the night's 40 Hz and brought down, with the period named
        Instant night = Instant.parse("2026-12-07T15:00:00Z");
        Snapshot snapshot = new Snapshot(List.of(Sample.good(-5, night)), List.of(),
                Map.of("east", List.of(Sample.good(20, night)), "west", List.of(Sample.good(17, night))),
                Map.of("east", 45.0, "west", 48.0), OptionalDouble.of(60), OptionalDouble.empty());
        ControlEngine.Result result = engine.cycle(snapshot, ControlState.initial(), night);
        Decision east = result.decision("pump/east").orElseThrow();
        assertThat(east.action()).isEqualTo(Decision.Action.SET);
        assertThat(east.value()).hasValue(40);
        assertThat(east.reason()).contains("outside 25.0–40.0 Hz [time of day 22:00–05:00 25–40 Hz]");
        // west is cold: a raise is capped at the night's maximum
        assertThat(result.decision("pump/west").orElseThrow().value()).hasValue(40);
        // 06:00: west's morning range lifts a slow drive to 35 Hz
        Instant morning = Instant.parse("2026-12-07T22:00:00Z");
        Snapshot slow = new Snapshot(List.of(Sample.good(-5, morning)), List.of(),
                Map.of("west", List.of(Sample.good(20, morning))), Map.of("west", 30.0), OptionalDouble.of(60),
                OptionalDouble.empty());
        assertThat(engine.cycle(slow, ControlState.initial(), morning).decision("pump/west").orElseThrow().value())
                .hasValue(35);
    }

    @Test
    void badTimeOfDayPeriodsAreNamed() {
        assertThat(problem("""
                control:
                  pump: { timeOfDay: [ { from: "22:00", to: "05:00", maxHz: 60 } ] }
                """)).contains("pump.timeOfDay[0]: 25.0–60.0 Hz must lie within the pump's 25.0–50.0 Hz");
        assertThat(problem("""
                control:
                  pump:
                    timeOfDay:
                      - { from: "22:00", to: "05:00", maxHz: 40 }
                      - { from: "04:00", to: "06:00", minHz: 30 }
                """)).contains("pump.timeOfDay[1] (04:00–06:00 30–50 Hz) overlaps pump.timeOfDay[0] (22:00–05:00 25–40 Hz)");
        // periods of different zones may overlap
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> read("""
                control:
                  pump:
                    timeOfDay:
                      - { from: "22:00", to: "05:00", maxHz: 40, zones: [east] }
                      - { from: "04:00", to: "06:00", minHz: 30, zones: [west] }
                """))).isNull();
        assertThat(problem("""
                control:
                  pump: { timeOfDay: [ { from: "22:00", to: "22:00" } ] }
                """)).contains("needs from != to");
    }

    @Test
    void theForecastIsAveragedOver48HoursByDefaultAndAtMost72() throws ConfigException {
        assertThat(ControlSettings.defaults().outdoor().forecastLookAhead()).isEqualTo(Duration.ofHours(48));
        assertThat(read("control: { outdoor: { forecastLookAhead: 72h } }").base().outdoor().forecastLookAhead())
                .isEqualTo(Duration.ofHours(72));
        assertThat(problem("control: { outdoor: { forecastLookAhead: 96h } }"))
                .contains("site.yaml:1:").contains("forecastLookAhead must be at most 72h");
        // the mean runs over (now, now + 48 h]: a point at 47 h counts, one at 49 h does not
        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        OutdoorFilter filter = new OutdoorFilter(ControlSettings.defaults().outdoor());
        OutdoorFilter.State state = filter.update(Optional.empty(), List.of(Sample.good(0, now)), now).orElseThrow();
        OutdoorFilter.Effective effective = filter.effective(state, List.of(new ForecastPoint(now.plus(Duration.ofHours(47)), -20),
                new ForecastPoint(now.plus(Duration.ofHours(49)), 30)), now);
        assertThat(effective.forecastMean()).hasValue(-20.0);
        assertThat(effective.value()).isEqualTo(0.7 * 0 + 0.3 * -20);
    }
}
