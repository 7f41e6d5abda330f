package io.heathub.billing.kpi.runtime;

import io.heathub.billing.Season;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.kpi.KpiConfig;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The energy figures' part of one site version, as {@link KpiSection} read it from {@code kpi:}: the
 * figures' settings ({@link KpiConfig} keys), the season's calendar dates, the sources and
 * substations with their counters, and the weekly feed's endpoint and delay; plus
 * {@code site.zone}, the zone of the day cuts.
 *
 * @param zone     {@code site.zone}: days, weeks and cuts are local to it
 * @param config   targets and number formats
 * @param season   the season's first and last calendar day
 * @param sites    the sites, in file order (none without a {@code kpi:} section)
 * @param counters their counters
 * @param endpoint the feed's Camel URI as written; empty = {@code file:${heathub.data}/kpi}
 * @param delay    how long after a week closes it is sent, so the readings that close its cuts are in
 */
public record KpiSettings(ZoneId zone, KpiConfig config, SeasonDates season, List<KpiSite> sites,
                          List<KpiCounter> counters, String endpoint, Duration delay) {

    static final Duration DEFAULT_DELAY = Duration.ofHours(1);
    /** The feed's default endpoint, {@code ${heathub.data}} replaced at run time. */
    static final String DEFAULT_ENDPOINT = "file:" + HubFolders.DATA_PLACEHOLDER + "/kpi";

    public KpiSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(season, "season");
        sites = List.copyOf(sites);
        counters = List.copyOf(counters);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(delay, "delay");
    }

    /** No sites, every default, days in {@code zone}. */
    static KpiSettings defaults(ZoneId zone) {
        return new KpiSettings(zone, KpiConfig.defaults(), SeasonDates.DEFAULT, List.of(), List.of(), "", DEFAULT_DELAY);
    }

    /**
     * A season's calendar dates. When {@code end} falls before {@code start} in the year the season
     * spans the new year (11-15 … 03-15 of the next year).
     *
     * @param start first day of every season
     * @param end   last day
     */
    public record SeasonDates(MonthDay start, MonthDay end) {
        /** Northern China: 15 November to 15 March. */
        public static final SeasonDates DEFAULT = new SeasonDates(MonthDay.of(11, 15), MonthDay.of(3, 15));

        public SeasonDates {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        /** The season that begins in {@code year} (a 02-29 falls on 02-28 in other years). */
        public Season startingIn(int year, ZoneId zone) {
            LocalDate first = start.atYear(year);
            LocalDate last = end.atYear(end.isBefore(start) ? year + 1 : year);
            return Season.of(first, last, zone);
        }

        /**
         * The season containing {@code day}, or when it is off season the one that ended before it:
         * the targets of a summer week are those of the season behind it, pro-rated to zero days.
         */
        public Season containingOrBefore(LocalDate day, ZoneId zone) {
            int year = MonthDay.from(day).isBefore(start) ? day.getYear() - 1 : day.getYear();
            return startingIn(year, zone);
        }
    }

    /** The season a period ending on {@code lastDay} takes its targets from (a week across the season start counts in it). */
    public Season seasonOf(LocalDate lastDay) {
        return season.containingOrBefore(lastDay, zone);
    }

    /** The season before {@code season}. */
    public Season previous(Season season) {
        return this.season.startingIn(season.start().getYear() - 1, zone);
    }

    /** The site ids, in file order. */
    public List<String> siteIds() {
        return sites.stream().map(KpiSite::id).toList();
    }

    /** Every point a counter reads (what the export must keep). */
    public Set<String> counterPoints() {
        Set<String> points = new LinkedHashSet<>();
        counters.forEach(c -> points.add(c.point()));
        return points;
    }
}
