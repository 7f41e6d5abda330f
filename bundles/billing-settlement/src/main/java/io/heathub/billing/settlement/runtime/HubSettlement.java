package io.heathub.billing.settlement.runtime;

import io.heathub.billing.Cut;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.billing.settlement.HouseholdSettlement;
import io.heathub.billing.settlement.RefundRules;
import io.heathub.billing.settlement.SettlementReadings;
import io.heathub.billing.settlement.SettlementRun;
import io.heathub.billing.settlement.SettlementSeason;
import io.heathub.billing.settlement.SiteSettlement;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.billing.settlement.SettlementService;
import io.heathub.billing.settlement.cli.SettlementJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The season settlement of {@code heathub settle}, with households, tariff and calendar from the
 * applied site version, readings from the export and the interruptions and refund exclusions of the
 * records folder ({@link SiteSettlement}). Only the day files from {@code cutSearchDays}
 * before the season to as many after it are read: the cuts need the nearest good readings
 * around 00:00 and the season's own days, not the whole history. So it equals {@code heathub
 * settle} on the whole export unless a meter had no good reading for that long around a season
 * boundary (then this says "no season cut" where the CLI would interpolate across the gap).
 */
public final class HubSettlement implements SettlementService {
    private static final System.Logger LOG = System.getLogger(HubSettlement.class.getName());
    static final int PRINTED_PROBLEMS = 20;

    private final AppliedSite site;
    private final ExportStore export;
    private final int cutSearchDays;
    private final Path recordsFolder;
    private final Clock clock;

    /**
     * @param site          the applied site versions (an applied edit counts at the next request)
     * @param export        the export folder
     * @param cutSearchDays days of export read before and after the season
     * @param recordsFolder the operations records ({@code ${heathub.data}/records}): interruptions, refund exclusions
     * @param clock         today, for the season settled when none is named (the latest that ended)
     */
    public HubSettlement(AppliedSite site, ExportStore export, int cutSearchDays, Path recordsFolder, Clock clock) {
        if (cutSearchDays < 1) {
            throw new IllegalArgumentException("cutSearchDays must be at least 1, got " + cutSearchDays);
        }
        this.site = site;
        this.export = export;
        this.cutSearchDays = cutSearchDays;
        this.recordsFolder = recordsFolder;
        this.clock = clock;
    }

    @Override
    public List<String> dailyCuts(LocalDate first, LocalDate last) throws SettlementException {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last day " + last + " is before the first " + first);
        }
        if (last.toEpochDay() - first.toEpochDay() >= MAX_CUT_DAYS) {
            throw new IllegalArgumentException("at most " + MAX_CUT_DAYS + " days at once, asked " + first + " to " + last);
        }
        SettlementSite sections = SettlementSite.of(site, "site", HouseholdsSection.KEY);
        ZoneId zone = sections.zone();
        Set<String> meters = new HashSet<>(sections.householdMeters());
        Instant opens = first.atStartOfDay(zone).toInstant();
        Instant closes = last.atStartOfDay(zone).toInstant();
        // streamed like the settlement: a year of meters' rows as Reading objects would not fit the hub's heap
        SettlementReadings readings = stream(ExportStore.dayOf(opens).minusDays(cutSearchDays),
                ExportStore.dayOf(closes).plusDays(cutSearchDays), meters, Set.of(),
                new SettlementReadings(Season.of(first, last, zone), meters, Set.of(), RefundRules.defaults()));
        CutJson json = new CutJson();
        List<String> lines = new ArrayList<>();
        for (Household h : sections.households()) {
            if (h.meterId().isEmpty()) {
                continue;
            }
            MeterCuts cuts = readings.cuts(h.meter());
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                Instant at = day.atStartOfDay(zone).toInstant();
                Optional<Cut> cut = cuts.at(at);
                lines.add(json.line(h, day, at, cut, cut.isPresent() ? Optional.empty() : cuts.whyNoCut(at, zone)));
            }
        }
        return lines;
    }

    private static void refuseProblems(Problems rows) throws SettlementException {
        if (!rows.isEmpty()) {
            List<String> lines = new ArrayList<>(rows.lines());
            int unprinted = rows.count() - rows.lines().size();
            if (unprinted > 0) {
                lines.add("... and " + unprinted + " more problem" + (unprinted == 1 ? "" : "s"));
            }
            throw new SettlementException("the export holds rows heathub settle would refuse", lines);
        }
    }

    @Override
    public Answer settle(String seasonText) throws SettlementException {
        SettlementSite sections = SettlementSite.of(site, "site", HouseholdsSection.KEY, TariffSection.KEY,
                HeatingCalendar.SECTION);
        List<String> problems = new ArrayList<>();
        if (sections.tariff().isEmpty()) {
            problems.add("site.yaml has no tariff: section (the keys of heathub settle's tariff file)");
        }
        if (sections.households().isEmpty()) {
            problems.add("site.yaml has no households: section");
        }
        if (!problems.isEmpty()) {
            throw new SettlementException("cannot settle with this site configuration", problems);
        }
        ZoneId zone = sections.zone();
        SettlementSeason season = SettlementSeason.of(seasonText, sections.calendar(), zone, LocalDate.now(clock.withZone(zone)));
        SiteSettlement settlement = new SiteSettlement(sections.tariff().get(), season, sections.households());
        Set<String> devices = settlement.devices();
        DayRange days = settlement.days();
        LocalDate from = ExportStore.dayOf(days.first().atStartOfDay(zone).toInstant()).minusDays(cutSearchDays);
        LocalDate to = ExportStore.dayOf(days.last().plusDays(1).atStartOfDay(zone).toInstant()).plusDays(cutSearchDays);
        SettlementReadings readings = stream(from, to, devices, Set.copyOf(settlement.refundPoints()), settlement.readings());
        SettlementRun run;
        try {
            run = settlement.settle(readings, recordsFolder);
        } catch (IOException e) {
            throw new SettlementException("cannot read the operations records", List.of(recordsFolder + ": " + e.getMessage()));
        }
        run.warnings().forEach(w -> LOG.log(Level.INFO, "settlement " + season.season().days() + ": warning: " + w));
        SettlementJson json = new SettlementJson(!season.extensions().isEmpty());
        List<String> lines = new ArrayList<>();
        for (HouseholdSettlement s : run.households()) {
            lines.add(json.line(s));
        }
        return new Answer(lines, run.warnings());
    }

    /**
     * One pass over the export's day files between two UTC days into {@code readings}: the billing rows of
     * {@code devices} (a row settle would refuse stops it) and their rows of the refund rules' {@code points}
     * (a torn one is left out: it can only exclude a day).
     */
    private SettlementReadings stream(LocalDate from, LocalDate to, Set<String> devices, Set<String> points,
                                      SettlementReadings readings) throws SettlementException {
        Problems rows = new Problems(PRINTED_PROBLEMS);
        try {
            export.streamBilling(from, to, ReadingsCsv.devicesIn(devices), rows,
                    (device, point) -> devices.contains(device) && points.contains(point), new Problems(0), readings);
        } catch (IOException e) {
            throw new SettlementException("cannot read the export", List.of(export.directory() + ": " + e.getMessage()));
        }
        refuseProblems(rows);
        return readings;
    }
}
