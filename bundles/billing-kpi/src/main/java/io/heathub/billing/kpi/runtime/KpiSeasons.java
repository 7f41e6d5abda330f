package io.heathub.billing.kpi.runtime;

import io.heathub.billing.DayRange;
import io.heathub.billing.Season;
import io.heathub.calendar.HeatingCalendar;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Objects;
import org.threeten.extra.LocalDateRange;

/**
 * The seasons the energy figures take their targets from, from the site's heating calendar: a
 * season is its official days with the decree extensions that touch them (heated like the season,
 * so the season target is spread over them too).
 *
 * @param calendar the site's calendar ({@code calendar:})
 * @param zone     {@code site.zone}
 */
record KpiSeasons(HeatingCalendar calendar, ZoneId zone) {

    KpiSeasons {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(zone, "zone");
    }

    /** The season that starts in {@code year}, with its touching extensions. */
    Season startingIn(int year) {
        LocalDateRange days = calendar.seasonWithExtensions(year);
        return new Season(new DayRange(days.getStart(), days.getEndInclusive()), zone);
    }

    /**
     * The season a period ending on {@code lastDay} takes its targets from: the one containing it, or
     * when it is off season the one that ended before it (a summer week's target is 0: no season day
     * in it); a week across the season start counts in it.
     */
    Season of(LocalDate lastDay) {
        MonthDay first = calendar.seasonFirst();
        int year = MonthDay.from(lastDay).isBefore(first) ? lastDay.getYear() - 1 : lastDay.getYear();
        Season season = startingIn(year);
        // an early start by decree reaches back before the month-day
        Season next = startingIn(year + 1);
        return next.start().isAfter(lastDay) ? season : next;
    }

    /** The season before {@code season}. */
    Season previous(Season season) {
        return startingIn(calendar.seasonYearOf(LocalDateRange.ofClosed(season.start(), season.end())) - 1);
    }
}
