package io.heathub.billing.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.billing.DayRange;
import io.heathub.calendar.HeatingCalendar;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.LocalDateRange;

/** Which days a settlement settles: a named season, a year, the season so far, or the latest that ended. */
class SettlementSeasonTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Zibo's 15 Nov – 15 Mar, extended by decree before the 2026 season's start and after its end. */
    private static final HeatingCalendar CALENDAR = new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15),
            Optional.empty(), List.of(
                    new HeatingCalendar.Extension(range("2026-11-10", "2026-11-14"), "early cold"),
                    new HeatingCalendar.Extension(range("2027-03-16", "2027-03-20"), "cold spring")), List.of());

    private static LocalDateRange range(String first, String last) {
        return LocalDateRange.ofClosed(LocalDate.parse(first), LocalDate.parse(last));
    }

    private static String days(SettlementSeason s) {
        return s.season().start() + "/" + s.season().end();
    }

    @Test
    void currentIsTheSeasonSoFarUpToYesterdayWithTheExtensionsThatEndedByToday() {
        SettlementSeason s = SettlementSeason.of("current", CALENDAR, ZONE, LocalDate.parse("2026-12-07"));
        assertThat(days(s)).isEqualTo("2026-11-15/2026-12-06");
        assertThat(s.year()).isEqualTo(2026);
        assertThat(s.extensions()).containsExactly(new DayRange(LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-14")));
        assertThat(s.notes()).isEmpty();
        // the day after the last: the whole season, and its spring extension still to come
        SettlementSeason last = SettlementSeason.of(" current ", CALENDAR, ZONE, LocalDate.parse("2027-03-16"));
        assertThat(days(last)).isEqualTo("2026-11-15/2027-03-15");
        assertThat(last.extensions()).hasSize(1);
    }

    @Test
    void currentWithoutAWholeSeasonDayIsTheLatestSeasonThatEndedAsWithoutASeason() {
        for (String today : List.of("2026-11-15", "2026-07-01", "2027-03-17")) {
            LocalDate day = LocalDate.parse(today);
            assertThat(days(SettlementSeason.of("current", CALENDAR, ZONE, day)))
                    .as(today).isEqualTo(days(SettlementSeason.of("", CALENDAR, ZONE, day)));
        }
        assertThat(days(SettlementSeason.of("current", CALENDAR, ZONE, LocalDate.parse("2026-11-15"))))
                .isEqualTo("2025-11-15/2026-03-15");
        assertThat(days(SettlementSeason.of("current", CALENDAR, ZONE, LocalDate.parse("2027-03-17"))))
                .isEqualTo("2026-11-15/2027-03-15");
    }

    @Test
    void aYearAndDatesAreAsBeforeAndAnythingElseSaysWhatIsTakenIncludingCurrent() {
        assertThat(days(SettlementSeason.of("2026", CALENDAR, ZONE, LocalDate.parse("2026-12-07"))))
                .isEqualTo("2026-11-15/2027-03-15");
        assertThat(SettlementSeason.of("2026", CALENDAR, ZONE, LocalDate.parse("2026-12-07")).extensions()).hasSize(2);
        assertThatThrownBy(() -> SettlementSeason.of("now", CALENDAR, ZONE, LocalDate.parse("2026-12-07")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current for the season so far");
        // dates spanning more than a season are a typo that would read every export day: refused up front
        assertThatThrownBy(() -> SettlementSeason.of("0001-01-01/9999-12-31", CALENDAR, ZONE, LocalDate.parse("2026-12-07")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the 400 days allowed");
        assertThat(days(SettlementSeason.of("2026-10-01/2027-11-04", CALENDAR, ZONE, LocalDate.parse("2026-12-07"))))
                .as("400 days are still a season").isEqualTo("2026-10-01/2027-11-04");
    }
}
