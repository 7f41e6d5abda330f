package io.heathub.control;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import org.junit.jupiter.api.Test;
import org.threeten.extra.LocalDateRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeatingCalendarTest {

    private static final HeatingCalendar ZIBO = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15),
            Optional.of(new HeatingCalendar.YearlyPeriod(MonthDay.of(11, 8), MonthDay.of(11, 14))),
            List.of(new HeatingCalendar.Extension(LocalDateRange.ofClosed(LocalDate.of(2027, 3, 16),
                    LocalDate.of(2027, 3, 31)), "decree: cold spring")),
            List.of(new HeatingCalendar.ElasticRequest("h-7", LocalDateRange.ofClosed(LocalDate.of(2026, 10, 25),
                    LocalDate.of(2026, 11, 10)))));

    private static DayKind kind(int year, int month, int day) {
        return ZIBO.on(LocalDate.of(year, month, day)).kind();
    }

    @Test
    void seasonFirstAndLastDayAreIncludedAndCrossTheNewYear() {
        assertThat(kind(2026, 11, 14)).isEqualTo(DayKind.TEST);
        assertThat(kind(2026, 11, 15)).isEqualTo(DayKind.SEASON);
        assertThat(kind(2027, 1, 1)).isEqualTo(DayKind.SEASON);
        assertThat(kind(2027, 3, 15)).isEqualTo(DayKind.SEASON);
        assertThat(ZIBO.on(LocalDate.of(2027, 3, 15)).period()).isEqualTo("season 2026-11-15–2027-03-15");
    }

    @Test
    void testPeriodEdges() {
        assertThat(kind(2026, 11, 7)).isEqualTo(DayKind.OFF);
        assertThat(kind(2026, 11, 8)).isEqualTo(DayKind.TEST);
        assertThat(ZIBO.on(LocalDate.of(2026, 11, 8)).heats("anyone")).isTrue();
    }

    @Test
    void extensionByDecreeAddsDaysAfterTheSeasonOnlyInItsYear() {
        assertThat(kind(2027, 3, 16)).isEqualTo(DayKind.EXTENSION);
        assertThat(ZIBO.on(LocalDate.of(2027, 3, 31)).period()).contains("decree: cold spring");
        assertThat(kind(2027, 4, 1)).isEqualTo(DayKind.OFF);
        assertThat(kind(2028, 3, 16)).isEqualTo(DayKind.OFF); // a decree is for one year
    }

    @Test
    void elasticHouseholdIsHeatedAndMeteredOnlyOnOffDays() {
        CalendarDay before = ZIBO.on(LocalDate.of(2026, 10, 25));
        assertThat(before.kind()).isEqualTo(DayKind.OFF);
        assertThat(before.heats("h-7")).isTrue();
        assertThat(before.meteredBilling("h-7")).isTrue();
        assertThat(before.heats("h-8")).isFalse();
        assertThat(ZIBO.on(LocalDate.of(2026, 10, 24)).heats("h-7")).isFalse();
        // inside the test period the request changes nothing: everyone is heated, nobody metered for it
        CalendarDay test = ZIBO.on(LocalDate.of(2026, 11, 9));
        assertThat(test.kind()).isEqualTo(DayKind.TEST);
        assertThat(test.meteredBilling("h-7")).isFalse();
        assertThat(test.elastic()).isEmpty();
    }

    @Test
    void leapDaySeason() {
        HeatingCalendar toLeapDay = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(2, 29), Optional.empty(),
                List.of(), List.of());
        assertThat(toLeapDay.on(LocalDate.of(2028, 2, 29)).kind()).isEqualTo(DayKind.SEASON);
        assertThat(toLeapDay.on(LocalDate.of(2027, 2, 28)).kind()).isEqualTo(DayKind.SEASON);
        assertThat(toLeapDay.on(LocalDate.of(2027, 3, 1)).kind()).isEqualTo(DayKind.OFF);
    }

    @Test
    void testPeriodOverlappingTheSeasonIsRejected() {
        assertThatThrownBy(() -> new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15),
                Optional.of(new HeatingCalendar.YearlyPeriod(MonthDay.of(11, 10), MonthDay.of(11, 15))), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps the season");
    }

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

    private static ControlPlan read(String yaml) throws ConfigException {
        return ControlPlanReader.read(ConfigNode.parse("site.yaml", yaml));
    }

    @Test
    void calendarSectionIsRead() throws ConfigException {
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

    @Test
    void calendarErrorsNameFileLineAndField() {
        assertThatThrownBy(() -> read("calendar:\n  extensions:\n    - { from: 2027-04-31, to: 2027-05-01 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("site.yaml:3:")
                .hasMessageContaining("calendar.extensions[0].from").hasMessageContaining("expected a date");
        assertThatThrownBy(() -> read("calendar:\n  elastic:\n    - { household: h-1, from: 2026-10-05, to: 2026-10-01 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:3:")
                .hasMessageContaining("is before 'from'");
        assertThatThrownBy(() -> read("calendar:\n  season: { from: 11-15, to: 03-15 }\n  test: { from: 11-01, to: 11-20 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:2:")
                .hasMessageContaining("overlaps the season");
        assertThatThrownBy(() -> read("calendar:\n  seasons: {}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field 'seasons'");
    }
}
