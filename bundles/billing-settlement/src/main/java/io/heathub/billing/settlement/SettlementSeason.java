package io.heathub.billing.settlement;

import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.DidYouMean;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.threeten.extra.LocalDateRange;

/**
 * The season a settlement settles, taken from the site's heating calendar (domain §4, §5): its
 * official days (what the prepaid area fee covers), the decree extensions that belong to it (heat
 * reported, not billed to the households) and each household's elastic days (billed by meter).
 *
 * @param season     the official season days in the site zone
 * @param year       the year the season starts in (how the calendar names it)
 * @param extensions the season's decree extensions, in date order
 * @param elastic    elastic days by household id (the calendar's requests of this season)
 * @param notes      what the caller should hear about (dates asked for that are not the calendar's,
 *                   elastic requests of households the site does not have)
 */
public record SettlementSeason(Season season, int year, List<DayRange> extensions, Map<String, List<DayRange>> elastic,
                               List<String> notes) {

    /** The season so far ({@link #of}). */
    public static final String CURRENT = "current";

    public SettlementSeason {
        Objects.requireNonNull(season, "season");
        extensions = List.copyOf(extensions);
        elastic = Map.copyOf(elastic);
        notes = List.copyOf(notes);
    }

    /**
     * The season {@code text} names in {@code calendar}: {@code START/END} (ISO dates, as asked), a year
     * ({@code 2024}: the calendar's season starting then), {@code current} (the season so far: the
     * calendar's season holding yesterday, the last whole day, from its first day to yesterday, with the
     * extensions that ended by then; outside a season as nothing), or nothing (null or blank: the latest
     * season that ended before {@code today}).
     *
     * @throws IllegalArgumentException when {@code text} is neither, saying what was expected
     */
    public static SettlementSeason of(String text, HeatingCalendar calendar, ZoneId zone, LocalDate today) {
        Objects.requireNonNull(calendar, "calendar");
        List<String> notes = new ArrayList<>();
        Season season;
        int year;
        String given = text == null ? "" : text.trim();
        LocalDate yesterday = today.minusDays(1);
        Optional<LocalDateRange> current = given.equals(CURRENT) ? calendar.seasonHolding(yesterday) : Optional.empty();
        if (current.isPresent()) {
            // a preview while the season runs: the close cut is 00:00 today, which exists; later days do not
            LocalDateRange days = current.get();
            season = Season.of(days.getStart(), yesterday, zone);
            year = days.getStart().getYear();
            return new SettlementSeason(season, year, extensionsOf(calendar, year).stream()
                    .filter(e -> e.last().isBefore(today)).toList(), elasticOf(calendar, year), notes);
        } else if (given.isEmpty() || given.equals(CURRENT)) {
            LocalDateRange days = calendar.lastSeasonEndedBefore(today);
            season = Season.of(days.getStart(), days.getEndInclusive(), zone);
            year = days.getStart().getYear();
        } else if (given.matches("\\d{4}")) {
            year = Integer.parseInt(given);
            LocalDateRange days = calendar.seasonStartingIn(year);
            season = Season.of(days.getStart(), days.getEndInclusive(), zone);
        } else {
            try {
                season = Season.parse(given, zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (or the year the season starts in, e.g. 2024,"
                        + " current for the season so far, or nothing for the latest season that ended)");
            }
            year = calendar.seasonYearOf(LocalDateRange.ofClosed(season.start(), season.end()));
            LocalDateRange official = calendar.seasonStartingIn(year);
            if (!official.getStart().equals(season.start()) || !official.getEndInclusive().equals(season.end())) {
                notes.add("season " + season.days() + " is not the calendar's season " + HeatingCalendar.describe(official)
                        + " (calendar.season " + calendar.season() + "): settled as asked");
            }
        }
        return new SettlementSeason(season, year, extensionsOf(calendar, year), elasticOf(calendar, year), notes);
    }

    private static List<DayRange> extensionsOf(HeatingCalendar calendar, int year) {
        return calendar.extensionsOf(year).stream()
                .map(e -> new DayRange(e.days().getStart(), e.days().getEndInclusive())).toList();
    }

    private static Map<String, List<DayRange>> elasticOf(HeatingCalendar calendar, int year) {
        Map<String, List<DayRange>> elastic = new LinkedHashMap<>();
        for (HeatingCalendar.ElasticRequest r : calendar.elasticOf(year)) {
            elastic.computeIfAbsent(r.household(), h -> new ArrayList<>())
                    .add(new DayRange(r.days().getStart(), r.days().getEndInclusive()));
        }
        return elastic;
    }

    /**
     * The households with their elastic days of this season; a request naming a household that is not
     * among them is noted (with the nearest id), not billed.
     */
    public List<Household> withElastic(List<Household> households, List<String> warnings) {
        Set<String> ids = new LinkedHashSet<>();
        households.forEach(h -> ids.add(h.id()));
        elastic.keySet().stream().filter(h -> !ids.contains(h)).sorted().forEach(h -> warnings.add("calendar.elastic: household "
                + h + " is not in households:" + DidYouMean.hint(h, ids) + "; its elastic heating is not billed"));
        return households.stream().map(h -> h.withElasticPeriods(elastic.getOrDefault(h.id(), List.of()))).toList();
    }
}
