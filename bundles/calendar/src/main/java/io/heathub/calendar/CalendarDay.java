package io.heathub.calendar;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The calendar's answer for one date.
 *
 * @param date     the date in the site's zone
 * @param kind     off, test, season or extension
 * @param period   what made the day that kind, e.g. "season 2026-11-15–2027-03-15" or
 *                 "extension 2027-03-16–2027-03-31 (decree 2027-03)"
 * @param elastic  households heated on request on an off day (elastic heating); empty on other days
 */
public record CalendarDay(LocalDate date, DayKind kind, String period, Set<String> elastic) {

    public CalendarDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(period, "period");
        elastic = Collections.unmodifiableSet(new TreeSet<>(elastic));
        if (kind != DayKind.OFF && !elastic.isEmpty()) {
            throw new IllegalArgumentException("elastic households only on off days, got " + kind + " " + elastic);
        }
    }

    /** Whether {@code household} gets heat on this day: every household on a heating day, elastic ones on an off day. */
    public boolean heats(String household) {
        return kind != DayKind.OFF || elastic.contains(household);
    }

    /** Whether {@code household}'s heat of this day is billed by its meter (elastic heating outside the season). */
    public boolean meteredBilling(String household) {
        return kind == DayKind.OFF && elastic.contains(household);
    }

    /** "2026-11-14 test (test 2026-11-08–2026-11-14)". */
    public String describe() {
        return date + " " + kind.configName() + " (" + period + ")";
    }
}
