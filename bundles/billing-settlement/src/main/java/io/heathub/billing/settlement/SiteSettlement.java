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
import java.util.function.BiFunction;

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
     * An empty summary for this settlement's readings: feed it every reading of {@link #devices()} (the
     * billing points and {@link #refundPoints()}) in file order, then {@link #settle(SettlementReadings, Path)}.
     */
    public SettlementReadings readings() {
        Set<String> meters = new LinkedHashSet<>();
        Set<String> rooms = new LinkedHashSet<>();
        for (Household h : households) {
            h.meterId().ifPresent(meters::add);
            h.roomSensorId().ifPresent(rooms::add);
        }
        return new SettlementReadings(season.season(), meters, rooms, tariff.coldRoom().refunds());
    }

    /**
     * Settles over {@code readings} held in memory with the records of {@code recordsFolder} (none when null
     * or absent); what the caller should hear about (records that cannot be read, calendar notes) is in the
     * warnings. The same as {@link #settle(SettlementReadings, Path)} over them.
     */
    public SettlementRun settle(List<Reading> readings, Path recordsFolder) throws IOException {
        return settle(recordsFolder, (exclusions, interruptions) -> new SeasonSettlement(tariff, season.season(),
                season.extensions(), new RefundDays(tariff.coldRoom().refunds(), exclusions, interruptions, readings,
                season.season().zone())), (engine, households) -> engine.settle(households, readings));
    }

    /**
     * Settles over the summary of a streamed pass ({@link #readings()}) with the records of
     * {@code recordsFolder}: what {@code heathub settle} and {@code GET /api/settlement} run.
     */
    public SettlementRun settle(SettlementReadings readings, Path recordsFolder) throws IOException {
        return settle(recordsFolder, (exclusions, interruptions) -> new SeasonSettlement(tariff, season.season(),
                season.extensions(), readings.refundDays(exclusions, interruptions)),
                (engine, households) -> engine.settle(households, readings));
    }

    private SettlementRun settle(Path recordsFolder,
                                 BiFunction<List<RefundExclusion>, List<Interruption>, SeasonSettlement> engine,
                                 BiFunction<SeasonSettlement, List<Household>, SettlementRun> run) throws IOException {
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
        SettlementRun settled = run.apply(engine.apply(exclusions, interruptions), withElastic);
        warnings.addAll(settled.warnings());
        return new SettlementRun(settled.households(), warnings);
    }
}
