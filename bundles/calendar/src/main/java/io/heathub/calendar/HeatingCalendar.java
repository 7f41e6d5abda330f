package io.heathub.calendar;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.threeten.extra.LocalDateRange;

/**
 * The heating calendar of a site (docs/domain.md §4): a yearly season between two month-days (it may cross
 * the new year), an optional yearly test period before it, extensions by decree (dated ranges that
 * heat like the season, e.g. a cold spring), and elastic heating requests (a household heated on
 * dated off days on request, billed by its meter). Dates are read in the site's zone by the caller.
 * The one model of these dates: control picks its day's rules with it, settlement its season and
 * elastic days, the energy figures their season targets, the quality obligations their deadline.
 *
 * <p>Precedence for a date: season, then extension, then test, then off. The season cannot be
 * shortened by an extension (a decree only adds days). An elastic request only matters on off
 * days: on heating days the household is heated anyway and billed as usual.
 *
 * <p>A season is named by the year it starts in ({@code 2026}: 2026-11-15–2027-03-15). Dated
 * entries (extensions, elastic requests) belong to the season nearest to them ({@link #seasonYearOf}).
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
     * The top-level key of site.yaml whose reader (in heathub-calendar) gives a site version's
     * calendar: {@code site.section(HeatingCalendar.SECTION, HeatingCalendar.class)}.
     */
    public static final String SECTION = "calendar";

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
                LocalDateRange range = startingIn(startYear);
                if (range.contains(date)) {
                    return Optional.of(range);
                }
            }
            return Optional.empty();
        }

        /** The occurrence that starts in {@code year}. */
        public LocalDateRange startingIn(int year) {
            LocalDate start = first.atYear(year);
            LocalDate end = last.atYear(first.isAfter(last) ? year + 1 : year);
            return LocalDateRange.ofClosed(start, end);
        }

        /** {@code 11-15–03-15}. */
        @Override
        public String toString() {
            return first.toString().substring(2) + "–" + last.toString().substring(2);
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
     * @param origin    where it is written ({@code site.yaml:41}), for messages; empty when built in code
     */
    public record ElasticRequest(String household, LocalDateRange days, String origin) {
        public ElasticRequest {
            Objects.requireNonNull(household, "household");
            Objects.requireNonNull(days, "days");
            origin = origin == null ? "" : origin;
            if (household.isBlank() || days.isEmpty() || days.isUnboundedStart() || days.isUnboundedEnd()) {
                throw new IllegalArgumentException("an elastic request needs a household and a bounded, non-empty"
                        + " date range, got " + household + " " + days);
            }
        }

        /** A request written nowhere in particular. */
        public ElasticRequest(String household, LocalDateRange days) {
            this(household, days, "");
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

    /** The season that starts in {@code year}, its official days (without extensions). */
    public LocalDateRange seasonStartingIn(int year) {
        return season().startingIn(year);
    }

    /** The season holding {@code date}, if it is a season day. */
    public Optional<LocalDateRange> seasonHolding(LocalDate date) {
        return season().occurrenceHolding(date);
    }

    /** The latest season whose last day is before {@code day}: what a settlement run on {@code day} settles. */
    public LocalDateRange lastSeasonEndedBefore(LocalDate day) {
        for (int year = day.getYear(); ; year--) {
            LocalDateRange season = seasonStartingIn(year);
            if (season.getEndInclusive().isBefore(day)) {
                return season;
            }
        }
    }

    /**
     * The season a dated range belongs to: the year of the season nearest to it (0 days when they
     * touch or overlap; on a tie the later season, so a request before a start belongs to that start).
     */
    public int seasonYearOf(LocalDateRange days) {
        int best = days.getStart().getYear();
        long bestGap = Long.MAX_VALUE;
        for (int year = days.getStart().getYear() - 1; year <= days.getStart().getYear() + 1; year++) {
            long gap = gap(seasonStartingIn(year), days);
            if (gap <= bestGap) {
                best = year;
                bestGap = gap;
            }
        }
        return best;
    }

    /** The decree extensions of the season starting in {@code year}, in date order. */
    public List<Extension> extensionsOf(int year) {
        return extensions.stream().filter(e -> seasonYearOf(e.days()) == year)
                .sorted(Comparator.comparing(e -> e.days().getStart())).toList();
    }

    /** The elastic requests of the season starting in {@code year} (before its start or after its end), in file order. */
    public List<ElasticRequest> elasticOf(int year) {
        return elastic.stream().filter(e -> seasonYearOf(e.days()) == year).toList();
    }

    /**
     * The season starting in {@code year} with the extensions that touch or overlap it (an early
     * start or a late end by decree): the days heated as season days, as one range.
     */
    public LocalDateRange seasonWithExtensions(int year) {
        LocalDateRange range = seasonStartingIn(year);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Extension e : extensionsOf(year)) {
                if (gap(range, e.days()) == 0 && !range.encloses(e.days())) {
                    range = range.union(e.days());
                    grew = true;
                }
            }
        }
        return range;
    }

    /** The test period right before the season starting in {@code year}, if the site has one. */
    public Optional<LocalDateRange> testBefore(int year) {
        if (test.isEmpty()) {
            return Optional.empty();
        }
        LocalDate start = seasonStartingIn(year).getStart();
        for (int y = year; y >= year - 1; y--) {
            LocalDateRange range = test.get().startingIn(y);
            if (range.getEndInclusive().isBefore(start) && ChronoUnit.DAYS.between(range.getEndInclusive(), start) < 200) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    /** Days of {@code period} heated for everyone as season or extension days. */
    public int heatingDays(LocalDateRange period) {
        int days = 0;
        for (LocalDate d = period.getStart(); d.isBefore(period.getEnd()); d = d.plusDays(1)) {
            DayKind kind = on(d).kind();
            if (kind == DayKind.SEASON || kind == DayKind.EXTENSION) {
                days++;
            }
        }
        return days;
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
        return new CalendarDay(date, DayKind.OFF, "outside the season " + season(), elasticHouseholds);
    }

    /** Every household named in an elastic request, in file order. */
    public List<String> elasticHouseholds() {
        List<String> out = new ArrayList<>();
        elastic.forEach(e -> {
            if (!out.contains(e.household())) {
                out.add(e.household());
            }
        });
        return out;
    }

    /** {@code 2026-11-15–2027-03-15}. */
    public static String describe(LocalDateRange range) {
        return range.getStart() + "–" + range.getEndInclusive();
    }

    /** Days between two ranges: 0 when they touch or overlap. */
    private static long gap(LocalDateRange a, LocalDateRange b) {
        if (a.getEnd().isBefore(b.getStart())) {
            return ChronoUnit.DAYS.between(a.getEnd(), b.getStart());
        }
        if (b.getEnd().isBefore(a.getStart())) {
            return ChronoUnit.DAYS.between(b.getEnd(), a.getStart());
        }
        return 0;
    }
}
