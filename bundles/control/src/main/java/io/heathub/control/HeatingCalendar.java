package io.heathub.control;

import org.threeten.extra.LocalDateRange;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The heating calendar of a site (docs/domain.md §4): a yearly season between two month-days (it may cross
 * the new year), an optional yearly test period before it, extensions by decree (dated ranges that
 * heat like the season, e.g. a cold spring), and elastic heating requests (a household heated on
 * dated off days on request, billed by its meter). Dates are read in the site's zone by the caller.
 *
 * <p>Precedence for a date: season, then extension, then test, then off. The season cannot be
 * shortened by an extension (a decree only adds days). An elastic request only matters on off
 * days: on heating days the household is heated anyway and billed as usual.
 *
 * @param seasonFirst first day of the season, included (11-15)
 * @param seasonLast  last day of the season, included (03-15)
 * @param test        yearly test period, if the site has one (11-08–11-14)
 * @param extensions  heating days added by decree
 * @param elastic     elastic heating requests
 */
public record HeatingCalendar(MonthDay seasonFirst, MonthDay seasonLast, Optional<YearlyPeriod> test,
                              List<Extension> extensions, List<ElasticRequest> elastic) {

    /**
     * A yearly period between two month-days, both included; {@code first} after {@code last}
     * crosses the new year. 29 Feb in a common year is read as 28 Feb.
     *
     * @param first first day
     * @param last  last day
     */
    public record YearlyPeriod(MonthDay first, MonthDay last) {
        public YearlyPeriod {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
        }

        /** The occurrence of this period that holds {@code date}, if any. */
        public Optional<LocalDateRange> occurrenceHolding(LocalDate date) {
            // the occurrence starting this year or the one starting last year (crossing into this one)
            for (int startYear = date.getYear(); startYear >= date.getYear() - 1; startYear--) {
                LocalDate start = first.atYear(startYear);
                LocalDate end = last.atYear(first.isAfter(last) ? startYear + 1 : startYear);
                LocalDateRange range = LocalDateRange.ofClosed(start, end);
                if (range.contains(date)) {
                    return Optional.of(range);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Heating days added by decree.
     *
     * @param days   the dated range
     * @param reason e.g. "decree 2027-03: cold spring"
     */
    public record Extension(LocalDateRange days, String reason) {
        public Extension {
            Objects.requireNonNull(days, "days");
            Objects.requireNonNull(reason, "reason");
            if (days.isEmpty() || days.isUnboundedStart() || days.isUnboundedEnd()) {
                throw new IllegalArgumentException("an extension needs a bounded, non-empty date range, got " + days);
            }
        }
    }

    /**
     * A household's request for heat outside the season (弹性供热).
     *
     * @param household household id
     * @param days      the dated range requested
     */
    public record ElasticRequest(String household, LocalDateRange days) {
        public ElasticRequest {
            Objects.requireNonNull(household, "household");
            Objects.requireNonNull(days, "days");
            if (household.isBlank() || days.isEmpty() || days.isUnboundedStart() || days.isUnboundedEnd()) {
                throw new IllegalArgumentException("an elastic request needs a household and a bounded, non-empty"
                        + " date range, got " + household + " " + days);
            }
        }
    }

    public HeatingCalendar {
        Objects.requireNonNull(seasonFirst, "seasonFirst");
        Objects.requireNonNull(seasonLast, "seasonLast");
        Objects.requireNonNull(test, "test");
        extensions = List.copyOf(extensions);
        elastic = List.copyOf(elastic);
        if (test.isPresent()) {
            // a test period inside the season would never apply: reject it instead of ignoring it
            YearlyPeriod season = new YearlyPeriod(seasonFirst, seasonLast);
            LocalDate day = LocalDate.of(2024, 1, 1); // a leap year: every month-day once
            for (int d = 0; d < 366; d++, day = day.plusDays(1)) {
                if (test.get().occurrenceHolding(day).isPresent() && season.occurrenceHolding(day).isPresent()) {
                    throw new IllegalArgumentException("calendar.test " + test.get().first() + "–" + test.get().last()
                            + " overlaps the season " + seasonFirst + "–" + seasonLast + " on " + MonthDay.from(day));
                }
            }
        }
    }

    /**
     * Zibo's calendar (docs/domain.md §4.1, §4.2): season 15 Nov–15 Mar, test period 8–14 Nov, no
     * extension, no elastic request.
     */
    public static HeatingCalendar defaults() {
        return new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15),
                Optional.of(new YearlyPeriod(MonthDay.of(11, 8), MonthDay.of(11, 14))), List.of(), List.of());
    }

    /** The yearly season as a period. */
    public YearlyPeriod season() {
        return new YearlyPeriod(seasonFirst, seasonLast);
    }

    /** What {@code date} (in the site's zone) is. */
    public CalendarDay on(LocalDate date) {
        Optional<LocalDateRange> season = season().occurrenceHolding(date);
        if (season.isPresent()) {
            return new CalendarDay(date, DayKind.SEASON, "season " + describe(season.get()), Set.of());
        }
        for (Extension extension : extensions) {
            if (extension.days().contains(date)) {
                return new CalendarDay(date, DayKind.EXTENSION, "extension " + describe(extension.days())
                        + (extension.reason().isBlank() ? "" : ", " + extension.reason()), Set.of());
            }
        }
        if (test.isPresent()) {
            Optional<LocalDateRange> testDays = test.get().occurrenceHolding(date);
            if (testDays.isPresent()) {
                return new CalendarDay(date, DayKind.TEST, "test " + describe(testDays.get()), Set.of());
            }
        }
        Set<String> elasticHouseholds = new TreeSet<>();
        for (ElasticRequest request : elastic) {
            if (request.days().contains(date)) {
                elasticHouseholds.add(request.household());
            }
        }
        return new CalendarDay(date, DayKind.OFF, "outside the season " + seasonFirst.toString().substring(2) + "–"
                + seasonLast.toString().substring(2), elasticHouseholds);
    }

    private static String describe(LocalDateRange range) {
        return range.getStart() + "–" + range.getEndInclusive();
    }
}
