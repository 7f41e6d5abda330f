package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import org.junit.jupiter.api.Test;
import java.time.MonthDay;
import java.time.LocalDate;
import org.threeten.extra.LocalDateRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Control sets by kind of day, the thermostat section, and the households in a cycle. */
class ControlPlanTest {

    private static ControlPlan read(String yaml) throws ConfigException {
        return ControlPlanReader.read(ConfigNode.parse("site.yaml", yaml));
    }

    @Test
    void aSetOverridesOnlyWhatItNamesAndIsChosenByTheDay() throws ConfigException {
        ControlPlan plan = read("""
                control:
                  supply: { min: 25, max: 85 }
                  curve: { designOutdoor: -20 }
                  sets:
                    test: { supply: { max: 60 }, curve: { designSupply: 60 } }
                  thermostat: { minSetpoint: 17, maxSetpoint: 22, antiFreezeBelow: 6 }
                """);
        ControlSettings test = plan.settingsFor(DayKind.TEST);
        assertThat(test.supply().limits()).isEqualTo(new Limits(25, 60));
        assertThat(test.curve()).isEqualTo(new QualityRegulationCurve(18, -20, 60, 50, 0.3, 18, false));
        assertThat(plan.settingsFor(DayKind.SEASON)).isSameAs(plan.base());
        assertThat(plan.thermostat().setpointBounds()).isEqualTo(new Limits(17, 22));
        assertThat(plan.thermostat().antiFreezeBelow()).isEqualTo(6.0);

        ControlEngine engine = new ControlEngine(plan);
        Instant testDay = Instant.parse("2026-11-10T04:00:00Z");
        Snapshot cold = new Snapshot(List.of(Sample.good(-20, testDay)), List.of(), Map.of(), Map.of(),
                OptionalDouble.empty(), OptionalDouble.empty());
        ControlEngine.Result result = engine.cycle(cold, ControlState.initial(), testDay);
        assertThat(result.decision(ControlEngine.SUPPLY).orElseThrow().value().getAsDouble()).isEqualTo(60.0);
        assertThat(result.decision(ControlEngine.CALENDAR).orElseThrow().reason()).contains("control set test");
        Instant seasonDay = Instant.parse("2026-12-10T04:00:00Z");
        Snapshot coldInSeason = new Snapshot(List.of(Sample.good(-20, seasonDay)), List.of(), Map.of(), Map.of(),
                OptionalDouble.empty(), OptionalDouble.empty());
        ControlEngine.Result season = engine.cycle(coldInSeason, ControlState.initial(), seasonDay);
        assertThat(season.decision(ControlEngine.SUPPLY).orElseThrow().value().getAsDouble()).isEqualTo(75.0);
    }

    @Test
    void setAndThermostatErrorsNameTheField() {
        assertThatThrownBy(() -> read("control:\n  sets:\n    spring: {}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:3")
                .hasMessageContaining("unknown field 'spring'");
        assertThatThrownBy(() -> read("control:\n  sets:\n    test: { siteZone: UTC }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field 'siteZone'");
        assertThatThrownBy(() -> read("control:\n  thermostat: { minSetpoint: 7 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("site.yaml:2:")
                .hasMessageContaining("control.thermostat").hasMessageContaining("antiFreezeBelow");
    }

    @Test
    void offSeasonRoomsOfUnheatedHouseholdsDoNotDriveTheTrimButElasticOnesDo() {
        Instant offDay = Instant.parse("2026-10-20T04:00:00Z");
        List<Household> households = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            households.add(new Household("h-" + i, "z", Optional.of(Sample.good(12, offDay)),
                    new ThermostatProgram.ByTemperature(20), OptionalDouble.of(0)));
        }
        Snapshot snapshot = new Snapshot(List.of(Sample.good(5, offDay)), List.of(), Map.of(), Map.of("z", 40.0),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), households);
        ControlEngine.Result result = new ControlEngine(ControlSettings.defaults()).cycle(snapshot, ControlState.initial(), offDay);
        assertThat(result.decision(ControlEngine.SUPPLY).orElseThrow().inputs().get("room.count")).isEqualTo(0.0);
        assertThat(result.decision("pump/z").orElseThrow().reason()).contains("0 usable rooms");
        assertThat(result.decision(ThermostatRule.valveOutput("h-3")).orElseThrow().value().getAsDouble()).isZero();

        HeatingCalendar elastic = new HeatingCalendar(HeatingCalendar.defaults().seasonFirst(),
                HeatingCalendar.defaults().seasonLast(), HeatingCalendar.defaults().test(), List.of(),
                List.of(new HeatingCalendar.ElasticRequest("h-3", org.threeten.extra.LocalDateRange.ofClosed(
                        java.time.LocalDate.of(2026, 10, 1), java.time.LocalDate.of(2026, 10, 31)))));
        ControlEngine.Result withElastic = new ControlEngine(new ControlPlan(ControlSettings.defaults(), Map.of(), elastic,
                ThermostatSettings.defaults())).cycle(snapshot, ControlState.initial(), offDay);
        assertThat(withElastic.decision(ControlEngine.SUPPLY).orElseThrow().inputs().get("room.count")).isEqualTo(1.0);
        Decision valve = withElastic.decision(ThermostatRule.valveOutput("h-3")).orElseThrow();
        assertThat(valve.value().getAsDouble()).isEqualTo(100.0);
        assertThat(valve.reason()).contains("metered billing");
        assertThat(withElastic.decision(ControlEngine.CALENDAR).orElseThrow().reason()).contains("elastic heating for h-3");
    }

    @Test
    void seasonFlowRampsIntoANewPeriodInsteadOfJumping() {
        ControlEngine engine = new ControlEngine(ControlSettings.defaults());
        Instant now = Instant.parse("2026-11-16T04:00:00Z"); // first day of the 4900 m³/h period
        Snapshot snapshot = new Snapshot(List.of(Sample.good(-5, now)), List.of(), Map.of(), Map.of(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(4500), List.of());
        ControlEngine.Result first = engine.cycle(snapshot, ControlState.initial(), now);
        assertThat(first.decision(ControlEngine.SOURCE_FLOW).orElseThrow().value().getAsDouble()).isEqualTo(4600.0);
        Instant later = now.plus(Duration.ofMinutes(5));
        Snapshot next = new Snapshot(List.of(Sample.good(-5, later)), List.of(), Map.of(), Map.of(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(4600), List.of());
        // 5 minutes allow 400 m³/h × 1/12 h ≈ 33 m³/h
        assertThat(engine.cycle(next, first.state(), later).decision(ControlEngine.SOURCE_FLOW).orElseThrow()
                .value().getAsDouble()).isCloseTo(4633.3, org.assertj.core.data.Offset.offset(0.1));
    }

    // the site's calendar (heathub-calendar's model) as the engine and the offline plan reader use it
    private static final HeatingCalendar ZIBO = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15),
            Optional.of(new HeatingCalendar.YearlyPeriod(MonthDay.of(11, 8), MonthDay.of(11, 14))),
            List.of(new HeatingCalendar.Extension(LocalDateRange.ofClosed(LocalDate.of(2027, 3, 16),
                    LocalDate.of(2027, 3, 31)), "decree: cold spring")),
            List.of(new HeatingCalendar.ElasticRequest("h-7", LocalDateRange.ofClosed(LocalDate.of(2026, 10, 25),
                    LocalDate.of(2026, 11, 10)))));

    @Test
    void engineReadsTheDayInTheSiteZone() {
        ControlEngine engine = new ControlEngine(new ControlPlan(ControlSettings.defaults(), java.util.Map.of(), ZIBO,
                ThermostatSettings.defaults()));
        Snapshot empty = new Snapshot(List.of(), List.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty());
        // Shanghai is UTC+8: the season's first day starts at 16:00 UTC the day before
        assertThat(engine.cycle(empty, ControlState.initial(), Instant.parse("2026-11-14T15:59:59Z")).day().kind())
                .isEqualTo(DayKind.TEST);
        ControlEngine.Result first = engine.cycle(empty, ControlState.initial(), Instant.parse("2026-11-14T16:00:00Z"));
        assertThat(first.day().kind()).isEqualTo(DayKind.SEASON);
        assertThat(first.decision(ControlEngine.CALENDAR).orElseThrow().reason())
                .isEqualTo("2026-11-15 season (season 2026-11-15–2027-03-15): control set base");
        assertThat(engine.cycle(empty, ControlState.initial(), Instant.parse("2027-03-15T15:59:59Z")).day().kind())
                .isEqualTo(DayKind.SEASON);
        assertThat(engine.cycle(empty, ControlState.initial(), Instant.parse("2027-03-15T16:00:00Z")).day().kind())
                .isEqualTo(DayKind.EXTENSION);
    }

    /** Offline (a whole site file) the plan reader reads calendar: with the calendar's one reader. */
    @Test
    void theWholeFilesCalendarIsReadWithTheCalendarsReader() throws ConfigException {
        ControlPlan plan = read("""
                site: { id: s, zone: Asia/Harbin }
                calendar:
                  season: { from: 10-20, to: 04-20 }
                  test: { from: 10-13, to: 10-19 }
                  extensions:
                    - { from: 2027-04-21, to: 2027-04-30, reason: decree 7 }
                  elastic:
                    - { household: h-1, from: 2026-10-01, to: 2026-10-12 }
                """);
        HeatingCalendar calendar = plan.calendar();
        assertThat(plan.base().siteZone()).hasToString("Asia/Harbin");
        assertThat(calendar.on(LocalDate.of(2026, 10, 20)).kind()).isEqualTo(DayKind.SEASON);
        assertThat(calendar.on(LocalDate.of(2026, 10, 13)).kind()).isEqualTo(DayKind.TEST);
        assertThat(calendar.on(LocalDate.of(2027, 4, 30)).kind()).isEqualTo(DayKind.EXTENSION);
        assertThat(calendar.on(LocalDate.of(2026, 10, 12)).meteredBilling("h-1")).isTrue();
        assertThat(read("calendar: { test: none }\n").calendar().test()).isEmpty();
        assertThat(read("site: { id: s }\n").calendar()).isEqualTo(HeatingCalendar.defaults());
    }
}
