package io.heathub.billing.kpi.runtime;

import io.heathub.api.Reading;
import io.heathub.billing.DayRange;
import io.heathub.billing.Season;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.input.Problems;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.kpi.EnergyKpis;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiJson;
import io.heathub.billing.kpi.KpiService;
import io.heathub.billing.kpi.KpiSite;
import io.heathub.billing.kpi.PeriodComplaints;
import io.heathub.billing.kpi.PeriodKpi;
import io.heathub.billing.kpi.WeeklyKpi;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The energy figures of the {@code kpi:} sites over the export: {@link EnergyKpis} on the
 * counters' readings read back by {@link ExportStore#readCounters}, written by {@link KpiJson}.
 * Only the day files around each period are read: from {@code maxInterpolationGap} before its
 * first cut to as long after its last, since a cut is never interpolated across more than that
 * (so this equals the figures over the whole export unless a counter went backwards further out).
 * Export rows of the counters that cannot be read are left out and listed under {@code problems}:
 * one torn row must not stop the weekly feed. Seasons are the site calendar's ({@link KpiSeasons}).
 * Thread-safe; each call takes the site version applied last, and refuses while the file as it is now
 * has problems in {@code site:}, {@code kpi:} or {@code calendar:}.
 */
public final class HubKpis implements KpiService {
    static final int PRINTED_PROBLEMS = 20;

    private final AppliedSite site;
    private final ExportStore export;
    private final Supplier<Complaints> complaints;

    /** @param site the applied site versions (an applied edit counts at the next call) */
    public HubKpis(AppliedSite site, ExportStore export) {
        this(site, export, () -> null);
    }

    /**
     * @param complaints the recorded complaints (heathub-complaints), or null while none are recorded:
     *                   the figures then say {@code "complaints": null}
     */
    public HubKpis(AppliedSite site, ExportStore export, Supplier<Complaints> complaints) {
        this.site = site;
        this.export = export;
        this.complaints = complaints;
    }

    /** The complaints of [from, to), or empty when no complaints service runs. */
    private Optional<PeriodComplaints> complaints(Season period) {
        Complaints book = complaints.get();
        if (book == null) {
            return Optional.empty();
        }
        return Optional.of(PeriodComplaints.of(book.between(period.opens(), period.closes(), Optional.empty()),
                book.openAt(period.closes()), period.opens(), period.closes()));
    }

    @Override
    public String week(int weekBasedYear, int week, Optional<String> site) throws KpiException, UnknownSiteException {
        DayRange days = EnergyKpis.isoWeek(weekBasedYear, week)
                .orElseThrow(() -> new IllegalArgumentException(weekBasedYear + " has no ISO week " + week));
        KpiSettings s = usable();
        KpiSeasons seasons = seasons(s);
        List<KpiSite> sites = selected(s, site);
        Season season = seasons.of(days.last());
        Season previous = seasons.previous(season);
        List<Season> periods = new ArrayList<>(List.of(new Season(days, s.zone())));
        EnergyKpis.isoWeek(weekBasedYear - 1, week).ifPresent(d -> periods.add(new Season(d, s.zone())));
        Problems rows = new Problems(PRINTED_PROBLEMS);
        List<Reading> readings = readings(s, periods, rows);
        EnergyKpis kpis = new EnergyKpis(s.config(), s.sites(), s.counters());
        List<WeeklyKpi> out = new ArrayList<>();
        for (KpiSite k : sites) {
            out.add(kpis.week(k.id(), weekBasedYear, week, season, previous, readings));
        }
        return new KpiJson(s.config()).weeks(season, out, complaints(periods.get(0)), lines(rows));
    }

    @Override
    public String month(YearMonth month, Optional<String> site) throws KpiException, UnknownSiteException {
        KpiSettings s = usable();
        List<KpiSite> sites = selected(s, site);
        Season season = seasons(s).of(month.atEndOfMonth());
        Problems rows = new Problems(PRINTED_PROBLEMS);
        Season days = Season.of(month.atDay(1), month.atEndOfMonth(), s.zone());
        List<Reading> readings = readings(s, List.of(days), rows);
        EnergyKpis kpis = new EnergyKpis(s.config(), s.sites(), s.counters());
        List<PeriodKpi> out = new ArrayList<>();
        for (KpiSite k : sites) {
            out.add(kpis.month(k.id(), month, season, readings));
        }
        return new KpiJson(s.config()).periods(season, out, complaints(days), lines(rows));
    }

    @Override
    public String season(LocalDate first, LocalDate last, Optional<String> site) throws KpiException, UnknownSiteException {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("season ends (" + last + ") before it starts (" + first + ")");
        }
        KpiSettings s = usable();
        List<KpiSite> sites = selected(s, site);
        Season season = Season.of(first, last, s.zone());
        Problems rows = new Problems(PRINTED_PROBLEMS);
        List<Reading> readings = readings(s, List.of(season), rows);
        EnergyKpis kpis = new EnergyKpis(s.config(), s.sites(), s.counters());
        List<PeriodKpi> out = new ArrayList<>();
        for (KpiSite k : sites) {
            out.add(kpis.season(k.id(), season, readings));
        }
        return new KpiJson(s.config()).periods(season, out, complaints(season), lines(rows));
    }

    /** The season of a year: the site calendar's, read by heathub-calendar into the same version. */
    private KpiSeasons seasons(KpiSettings s) throws KpiException {
        HeatingCalendar calendar = site.section(HeatingCalendar.SECTION, HeatingCalendar.class).orElseThrow(() ->
                new KpiException("cannot compute energy figures yet", List.of("no site version with the calendar:"
                        + " section applied yet (its reader registers with heathub-calendar); try again in a moment")));
        return new KpiSeasons(calendar, s.zone());
    }

    /** The section of the current version, or why it cannot be used. */
    private KpiSettings usable() throws KpiException {
        List<String> problems = site.problems("site", KpiSection.KEY, HeatingCalendar.SECTION);
        if (!problems.isEmpty()) {
            throw new KpiException("cannot compute energy figures with this site configuration", problems);
        }
        KpiSettings s = site.section(KpiSection.KEY, KpiSettings.class).orElseThrow(() -> new KpiException(
                "cannot compute energy figures yet", List.of("no site version with the kpi: section applied yet"
                        + " (its reader registers with this bundle); try again in a moment")));
        if (s.sites().isEmpty()) {
            throw new KpiException("cannot compute energy figures with this site configuration",
                    List.of("site.yaml has no kpi: section with sites (kpi.sites: [{ id, kind, heatedAreaM2, counters }])"));
        }
        return s;
    }

    private static List<KpiSite> selected(KpiSettings s, Optional<String> site) throws UnknownSiteException {
        if (site.isEmpty()) {
            return s.sites();
        }
        List<KpiSite> one = s.sites().stream().filter(k -> k.id().equals(site.get())).toList();
        if (one.isEmpty()) {
            throw new UnknownSiteException(site.get(), s.siteIds());
        }
        return one;
    }

    /** The counters' readings of the UTC day files around each period (its days ± the interpolation gap). */
    private List<Reading> readings(KpiSettings s, List<Season> periods, Problems rows) throws KpiException {
        Set<Counter> wanted = new HashSet<>();
        for (KpiCounter c : s.counters()) {
            wanted.add(new Counter(c.device(), c.point()));
        }
        Duration gap = s.config().maxInterpolationGap();
        List<Reading> out = new ArrayList<>();
        try {
            for (Season p : periods) {
                LocalDate from = ExportStore.dayOf(p.opens().minus(gap));
                LocalDate to = ExportStore.dayOf(p.closes().plus(gap));
                out.addAll(export.readCounters(from, to, (device, point) -> wanted.contains(new Counter(device, point)),
                        rows));
            }
        } catch (IOException e) {
            throw new KpiException("cannot read the export", List.of(export.directory() + ": " + e.getMessage()));
        }
        return out;
    }

    /** A counter's identity in the export rows. */
    private record Counter(String device, String point) {
    }

    private static List<String> lines(Problems rows) {
        List<String> out = new ArrayList<>(rows.lines());
        int unprinted = rows.count() - rows.lines().size();
        if (unprinted > 0) {
            out.add("... and " + unprinted + " more problem" + (unprinted == 1 ? "" : "s"));
        }
        return out;
    }
}
