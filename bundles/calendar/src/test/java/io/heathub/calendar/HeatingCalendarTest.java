package io.heathub.calendar;

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
    void seasonsAreNamedByTheYearTheyStartIn() {
        assertThat(ZIBO.seasonStartingIn(2026)).isEqualTo(range("2026-11-15", "2027-03-15"));
        assertThat(ZIBO.seasonHolding(LocalDate.of(2027, 2, 1))).contains(range("2026-11-15", "2027-03-15"));
        assertThat(ZIBO.seasonHolding(LocalDate.of(2027, 3, 16))).isEmpty();
        // settling on 2027-03-16 settles the season that ended the day before; on 03-15 the one before it
        assertThat(ZIBO.lastSeasonEndedBefore(LocalDate.of(2027, 3, 16))).isEqualTo(range("2026-11-15", "2027-03-15"));
        assertThat(ZIBO.lastSeasonEndedBefore(LocalDate.of(2027, 3, 15))).isEqualTo(range("2025-11-15", "2026-03-15"));
        assertThat(ZIBO.lastSeasonEndedBefore(LocalDate.of(2027, 8, 1))).isEqualTo(range("2026-11-15", "2027-03-15"));
    }

    @Test
    void datedEntriesBelongToTheNearestSeason() {
        // a late end by decree belongs to the season it extends, an early elastic request to the season after it
        assertThat(ZIBO.seasonYearOf(range("2027-03-16", "2027-03-31"))).isEqualTo(2026);
        assertThat(ZIBO.seasonYearOf(range("2026-10-25", "2026-11-10"))).isEqualTo(2026);
        assertThat(ZIBO.seasonYearOf(range("2027-09-01", "2027-09-10"))).isEqualTo(2027);
        assertThat(ZIBO.extensionsOf(2026)).hasSize(1);
        assertThat(ZIBO.extensionsOf(2027)).isEmpty();
        assertThat(ZIBO.elasticOf(2026)).extracting(HeatingCalendar.ElasticRequest::household).containsExactly("h-7");
        assertThat(ZIBO.elasticOf(2025)).isEmpty();
        assertThat(ZIBO.elasticHouseholds()).containsExactly("h-7");
    }

    @Test
    void aTouchingExtensionLengthensTheSeasonAndCountsAsHeatingDays() {
        assertThat(ZIBO.seasonWithExtensions(2026)).isEqualTo(range("2026-11-15", "2027-03-31"));
        assertThat(ZIBO.seasonWithExtensions(2027)).isEqualTo(range("2027-11-15", "2028-03-15"));
        // 2026-11-15..2027-03-15 is 121 days, the decree adds 16
        assertThat(ZIBO.heatingDays(range("2026-11-01", "2027-04-30"))).isEqualTo(121 + 16);
        // test and off days do not count
        assertThat(ZIBO.heatingDays(range("2026-11-08", "2026-11-15"))).isEqualTo(1);
        HeatingCalendar apart = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15), Optional.empty(),
                List.of(new HeatingCalendar.Extension(range("2027-03-20", "2027-03-25"), "")), List.of());
        assertThat(apart.seasonWithExtensions(2026)).isEqualTo(range("2026-11-15", "2027-03-15"));
        assertThat(apart.extensionsOf(2026)).hasSize(1);
    }

    @Test
    void theTestPeriodBeforeASeason() {
        assertThat(ZIBO.testBefore(2026)).contains(range("2026-11-08", "2026-11-14"));
        assertThat(HeatingCalendar.defaults().testBefore(2025)).contains(range("2025-11-08", "2025-11-14"));
        HeatingCalendar none = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15), Optional.empty(), List.of(),
                List.of());
        assertThat(none.testBefore(2026)).isEmpty();
        // a season starting 1 Jan: its test period lies in the December before
        HeatingCalendar january = new HeatingCalendar(MonthDay.of(1, 1), MonthDay.of(3, 31),
                Optional.of(new HeatingCalendar.YearlyPeriod(MonthDay.of(12, 20), MonthDay.of(12, 31))), List.of(), List.of());
        assertThat(january.testBefore(2027)).contains(range("2026-12-20", "2026-12-31"));
    }

    private static LocalDateRange range(String first, String last) {
        return LocalDateRange.ofClosed(LocalDate.parse(first), LocalDate.parse(last));
    }
}
