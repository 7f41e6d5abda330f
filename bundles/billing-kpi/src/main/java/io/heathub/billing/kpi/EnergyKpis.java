package io.heathub.billing.kpi;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.CounterProblem;
import io.heathub.billing.Cut;
import io.heathub.billing.DayRange;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.Season;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Energy figures per source and substation (Minle: weekly, against last season's same week and
 * the season targets). A quantity over a period is the sum over the site's counters of the cut at
 * its end minus the cut at its start, cut exactly like billing cuts ({@link MeterCuts}: 00:00 in
 * the season's zone, the good reading at the instant or else interpolated and marked estimated;
 * with no good reading on one side the figure is unknown, never guessed). Thread-safe.
 */
public final class EnergyKpis {
    private final KpiConfig config;
    private final Map<String, KpiSite> sites = new LinkedHashMap<>();
    private final List<KpiCounter> counters;

    public EnergyKpis(KpiConfig config, Collection<KpiSite> sites, Collection<KpiCounter> counters) {
        this.config = Objects.requireNonNull(config, "config");
        for (KpiSite s : sites) {
            if (this.sites.put(s.id(), s) != null) {
                throw new IllegalArgumentException("site " + s.id() + " listed twice");
            }
        }
        for (KpiCounter c : counters) {
            if (!this.sites.containsKey(c.site())) {
                throw new IllegalArgumentException("counter " + c.device() + "/" + c.point() + ": unknown site " + c.site());
            }
        }
        this.counters = List.copyOf(counters);
    }

    /**
     * ISO week {@code week} of {@code weekBasedYear} and the same week one year earlier.
     *
     * @param season         the season the week belongs to (zone and targets)
     * @param previousSeason the season before (for last season's week)
     */
    public WeeklyKpi week(String siteId, int weekBasedYear, int week, Season season, Season previousSeason,
                          Collection<Reading> readings) {
        DayRange days = isoWeek(weekBasedYear, week)
                .orElseThrow(() -> new IllegalArgumentException(weekBasedYear + " has no ISO week " + week));
        PeriodKpi current = period(siteId, days, season, weekLabel(weekBasedYear, week), readings);
        Optional<PeriodKpi> before = isoWeek(weekBasedYear - 1, week)
                .map(d -> period(siteId, d, previousSeason, weekLabel(weekBasedYear - 1, week), readings));
        return new WeeklyKpi(current, before);
    }

    /** A calendar month in the season's zone. */
    public PeriodKpi month(String siteId, YearMonth month, Season season, Collection<Reading> readings) {
        return period(siteId, new DayRange(month.atDay(1), month.atEndOfMonth()), season, month.toString(), readings);
    }

    /** The whole season: the target is the full season target. */
    public PeriodKpi season(String siteId, Season season, Collection<Reading> readings) {
        return period(siteId, season.days(), season, season.days().toString(), readings);
    }

    /**
     * Any days (00:00 of the first to 24:00 of the last, in the season's zone). Targets are the
     * season targets × (days of the period inside the season / season days).
     */
    public PeriodKpi period(String siteId, DayRange days, Season season, String label, Collection<Reading> readings) {
        KpiSite site = sites.get(siteId);
        if (site == null) {
            throw new IllegalArgumentException("unknown site " + siteId);
        }
        Instant from = season.startOf(days.first());
        Instant to = season.startOf(days.last().plusDays(1));
        Map<Quantity, QuantityTotal> totals = new EnumMap<>(Quantity.class);
        for (Quantity q : Quantity.values()) {
            List<KpiCounter> feeding = counters.stream().filter(c -> c.site().equals(siteId) && c.quantity() == q).toList();
            if (!feeding.isEmpty()) {
                totals.put(q, total(site, q, feeding, from, to, readings));
            }
        }
        Map<Quantity, BigDecimal> targets = new EnumMap<>(Quantity.class);
        int inSeason = overlapDays(days, season.days());
        for (Quantity q : totals.keySet()) {
            config.seasonTarget(q).ifPresent(t -> targets.put(q, t.multiply(BigDecimal.valueOf(inSeason))
                    .divide(BigDecimal.valueOf(season.dayCount()), config.perM2Scale(), RoundingMode.HALF_UP)));
        }
        return new PeriodKpi(site, label, from, to, totals, targets);
    }

    private QuantityTotal total(KpiSite site, Quantity quantity, List<KpiCounter> feeding, Instant from, Instant to,
                                Collection<Reading> readings) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean estimated = false;
        boolean missing = false;
        List<String> problems = new ArrayList<>();
        for (KpiCounter c : feeding) {
            List<Reading> usable = new ArrayList<>();
            MeterCuts cuts = cutsOf(c, readings, usable, problems);
            Optional<Cut> start = cut(cuts, usable, from);
            Optional<Cut> end = cut(cuts, usable, to);
            if (start.isEmpty() || end.isEmpty()) {
                missing = true;
                problems.add(c.device() + "/" + c.point() + ": no cut at " + (start.isEmpty() ? from : to)
                        + ": no good reading on each side within " + days(config.maxInterpolationGap()));
                continue;
            }
            estimated |= start.get().estimated() || end.get().estimated();
            sum = sum.add(end.get().kWh().subtract(start.get().kWh()));
        }
        if (missing) {
            return new QuantityTotal(quantity, null, null, estimated, problems);
        }
        BigDecimal perM2 = sum.divide(site.heatedAreaM2(), config.perM2Scale(), RoundingMode.HALF_UP);
        return new QuantityTotal(quantity, sum, perM2, estimated, problems);
    }

    /** The cut, unless it would be interpolated across more than the configured gap. */
    private Optional<Cut> cut(MeterCuts cuts, List<Reading> usable, Instant at) {
        Optional<Cut> cut = cuts.at(at);
        if (cut.isEmpty() || !cut.get().estimated()) {
            return cut;
        }
        Instant before = null;
        Instant after = null;
        for (Reading r : usable) {
            if (r.time().isBefore(at) && (before == null || r.time().isAfter(before))) {
                before = r.time();
            }
            if (r.time().isAfter(at) && (after == null || r.time().isBefore(after))) {
                after = r.time();
            }
        }
        return Duration.between(before, after).compareTo(config.maxInterpolationGap()) > 0 ? Optional.empty() : cut;
    }

    /**
     * MeterCuts reads heat.energy; the cut rule is the same for any counter, so the counter's
     * readings are renamed. {@code usable} receives the good readings the cuts kept.
     */
    private static MeterCuts cutsOf(KpiCounter counter, Collection<Reading> readings, List<Reading> usable,
                                    List<String> problems) {
        List<Reading> renamed = new ArrayList<>();
        int wrongUnit = 0;
        for (Reading r : readings) {
            if (r.device().equals(counter.device()) && r.point().equals(counter.point())) {
                if (counter.quantity().unit().isPresent() && counter.quantity().unit().get() != r.unit()) {
                    wrongUnit++;
                    continue;
                }
                renamed.add(new Reading(r.device(), Points.HEAT_ENERGY, r.value(), r.unit(), r.time(), r.quality(), r.reason()));
            }
        }
        if (wrongUnit > 0) {
            problems.add(counter.device() + "/" + counter.point() + ": " + wrongUnit + " readings left out, unit is not "
                    + counter.quantity().unit().get().symbol());
        }
        MeterCuts cuts = MeterCuts.of(counter.device(), renamed);
        for (Reading r : renamed) {
            boolean rejected = cuts.problems().stream().anyMatch(p -> p.at().equals(r.time()) && p.kWh().compareTo(r.value()) == 0);
            if (r.quality() == Quality.GOOD && !rejected) {
                usable.add(r);
            }
        }
        for (CounterProblem p : cuts.problems()) {
            problems.add(counter.device() + "/" + counter.point() + ": " + p.kWh().toPlainString() + " at " + p.at()
                    + " after " + p.earlierKWh().toPlainString() + " at " + p.earlierAt() + " left out (counter went back)");
        }
        return cuts;
    }

    /** Monday to Sunday of ISO week {@code week}; empty when the year has no such week. */
    public static Optional<DayRange> isoWeek(int weekBasedYear, int week) {
        LocalDate mid = LocalDate.of(weekBasedYear, 6, 1).with(IsoFields.WEEK_BASED_YEAR, weekBasedYear);
        long weeks = mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week < 1 || week > weeks) {
            return Optional.empty();
        }
        LocalDate monday = mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(ChronoField.DAY_OF_WEEK,
                DayOfWeek.MONDAY.getValue());
        return Optional.of(new DayRange(monday, monday.plusDays(6)));
    }

    /** {@code 3d} for whole days, else ISO ({@code PT36H}). */
    private static String days(Duration d) {
        return d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0
                ? d.toDays() + "d" : d.toString();
    }

    private static String weekLabel(int year, int week) {
        return String.format("%d-W%02d", year, week);
    }

    private static int overlapDays(DayRange a, DayRange b) {
        LocalDate first = a.first().isAfter(b.first()) ? a.first() : b.first();
        LocalDate last = a.last().isBefore(b.last()) ? a.last() : b.last();
        return last.isBefore(first) ? 0 : (int) (last.toEpochDay() - first.toEpochDay() + 1);
    }
}
