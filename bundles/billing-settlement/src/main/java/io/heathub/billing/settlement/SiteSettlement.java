package io.heathub.billing.settlement;

import io.heathub.api.Reading;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.records.Interruption;
import io.heathub.billing.records.OperationsRecords;
import io.heathub.billing.records.RefundExclusion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A season settled the same way in the hub ({@code GET /api/settlement}) and on the command line
 * ({@code heathub settle}): the season, extensions and elastic days from the site's calendar
 * ({@link SettlementSeason}), the interruptions and refund exclusions recorded in the records folder,
 * the readings given (the billing points and the points of the refund rules).
 *
 * @param tariff     the tariff
 * @param season     the season chosen from the calendar
 * @param households the households (their elastic days are the calendar's)
 */
public record SiteSettlement(Tariff tariff, SettlementSeason season, List<Household> households) {

    public SiteSettlement {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(season, "season");
        households = List.copyOf(households);
    }

    /** The meters and room sensors whose readings it needs. */
    public Set<String> devices() {
        Set<String> devices = new LinkedHashSet<>();
        for (Household h : households) {
            h.meterId().ifPresent(devices::add);
            h.roomSensorId().ifPresent(devices::add);
        }
        return devices;
    }

    /** The points the refund rules read besides the billing points ({@code alarm.<kind>}, state points). */
    public List<String> refundPoints() {
        return RefundDays.points(tariff.coldRoom().refunds());
    }

    /** The days it needs readings of: the season with its extensions and elastic days. */
    public DayRange days() {
        LocalDate first = season.season().start();
        LocalDate last = season.season().end();
        List<DayRange> ranges = new ArrayList<>(season.extensions());
        season.elastic().values().forEach(ranges::addAll);
        for (DayRange r : ranges) {
            first = r.first().isBefore(first) ? r.first() : first;
            last = r.last().isAfter(last) ? r.last() : last;
        }
        return new DayRange(first, last);
    }

    /**
     * Settles over {@code readings} with the records of {@code recordsFolder} (none when null or absent);
     * what the caller should hear about (records that cannot be read, calendar notes) is in the warnings.
     */
    public SettlementRun settle(List<Reading> readings, Path recordsFolder) throws IOException {
        List<String> warnings = new ArrayList<>(season.notes());
        List<Household> withElastic = season.withElastic(households, warnings);
        List<Interruption> interruptions = List.of();
        List<RefundExclusion> exclusions = List.of();
        if (recordsFolder != null) {
            List<String> problems = new ArrayList<>();
            interruptions = OperationsRecords.interruptions(recordsFolder, problems);
            exclusions = OperationsRecords.exclusions(recordsFolder, problems);
            problems.forEach(p -> warnings.add("records: " + p));
        }
        RefundDays days = new RefundDays(tariff.coldRoom().refunds(), exclusions, interruptions, readings,
                season.season().zone());
        SettlementRun run = new SeasonSettlement(tariff, season.season(), season.extensions(), days)
                .settle(withElastic, readings);
        warnings.addAll(run.warnings());
        return new SettlementRun(run.households(), warnings);
    }
}
