package io.heathub.billing.settlement;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.Cut;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.Season;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Settles one season for a set of households from their readings (docs/domain.md §5.2–§5.6): season heat
 * from the meter cuts, the two-part bill against the prepaid area fee (多退少补 or 多退少不补, the
 * charge capped), cold-room refunds per day (interrupted days in full, the household's own days not at
 * all: {@link RefundDays}), elastic-heating days billed by meter on top, and the heat of the season's
 * decree extensions reported.
 *
 * <p>Rounding: heat is rounded to 0.001 kWh first and the bill computed from that rounded heat,
 * so every printed amount can be recomputed from the printed heat; each amount is rounded
 * half-up to 0.01 CNY once, and refund and charge are differences of rounded amounts.
 */
public final class SeasonSettlement {
    private static final int MONEY_SCALE = 2;
    private static final int KWH_SCALE = 3;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Tariff tariff;
    private final Season season;
    private final List<DayRange> extensions;
    private final RefundDays refundDays;

    public SeasonSettlement(Tariff tariff, Season season) {
        this(tariff, season, List.of(), RefundDays.NONE);
    }

    /**
     * @param extensions the season's decree extensions: their heat is reported ({@code extensionKWh}), not
     *                   billed (the prepaid area fee covers the official season; Zibo funds extensions by subsidy)
     * @param refundDays the interrupted and excluded household-days of the cold-room refunds
     */
    public SeasonSettlement(Tariff tariff, Season season, List<DayRange> extensions, RefundDays refundDays) {
        this.tariff = tariff;
        this.season = season;
        this.extensions = List.copyOf(extensions);
        this.refundDays = refundDays;
    }

    /**
     * Settles every household, in the given order, over readings held in memory. Readings of other
     * devices and points are ignored. {@link #settle(List, SettlementReadings)} gives the same result
     * from a streamed summary.
     */
    public SettlementRun settle(List<Household> households, Collection<Reading> readings) {
        Map<String, List<Reading>> byDevice = new HashMap<>();
        for (Reading r : readings) {
            byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
        }
        Map<String, MeterCuts> meters = new HashMap<>();
        Map<String, Map<LocalDate, RoomDay>> rooms = new HashMap<>();
        return settle(households,
                m -> meters.computeIfAbsent(m, id -> MeterCuts.of(id, byDevice.getOrDefault(id, List.of()))),
                s -> rooms.computeIfAbsent(s, id -> roomDays(byDevice.getOrDefault(id, List.of()))));
    }

    /**
     * Settles every household, in the given order, over the summary of one streamed pass over the
     * readings ({@link SettlementReadings}, made for this season): the same result as over the readings
     * themselves, each meter's cuts built while its household is settled and then let go.
     *
     * @since 1.1
     */
    public SettlementRun settle(List<Household> households, SettlementReadings readings) {
        return settle(households, readings::cuts, readings::roomDays);
    }

    private SettlementRun settle(List<Household> households, Function<String, MeterCuts> cutsOf,
                                 Function<String, Map<LocalDate, RoomDay>> roomDaysOf) {
        Set<String> reported = new HashSet<>();
        List<String> warnings = new ArrayList<>();
        List<HouseholdSettlement> out = new ArrayList<>();
        for (Household h : households) {
            MeterCuts cuts = h.meterId().map(m -> {
                MeterCuts built = cutsOf.apply(m);
                if (reported.add(m)) {
                    built.problems().forEach(p -> warnings.add(p.describe()));
                }
                return built;
            }).orElse(null);
            Map<LocalDate, RoomDay> room = h.roomSensorId().map(roomDaysOf).orElse(Map.of());
            out.add(settle(h, cuts, room, warnings));
        }
        return new SettlementRun(out, warnings);
    }

    private HouseholdSettlement settle(Household h, MeterCuts cuts, Map<LocalDate, RoomDay> room, List<String> warnings) {
        ColdRoomRules rules = tariff.coldRoom();
        Map<String, Integer> coldDays = new LinkedHashMap<>();
        rules.dayClassNames().forEach(name -> coldDays.put(name, 0));
        BigDecimal percentDays = BigDecimal.ZERO; // Σ refund % over the season's days
        int missingDailyCuts = 0;
        LocalDate firstMissing = null;
        int excludedDays = 0;
        int interruptedDays = 0;
        for (LocalDate day : season.dates()) {
            Optional<Cut> from = cuts == null ? Optional.empty() : cuts.at(season.startOf(day));
            Optional<Cut> to = cuts == null ? Optional.empty() : cuts.at(season.startOf(day.plusDays(1)));
            if (cuts != null && (from.isEmpty() || to.isEmpty())) {
                missingDailyCuts++;
                firstMissing = firstMissing == null ? day : firstMissing;
            }
            Optional<RefundDays.Day> recorded = refundDays.of(h, day);
            String dayClass;
            BigDecimal percent;
            if (recorded.isPresent() && recorded.get().kind() == RefundDays.Kind.INTERRUPTED) {
                // a day the company stopped the heat: without heat, refunded in full (Zibo 二(四))
                dayClass = ColdRoomRules.NO_HEAT;
                percent = rules.refunds().interruptionRefundPercent();
                interruptedDays++;
            } else {
                if (from.isPresent() && to.isPresent() && to.get().kWh().compareTo(from.get().kWh()) == 0) {
                    dayClass = ColdRoomRules.NO_HEAT;
                } else {
                    RoomDay temps = room.getOrDefault(day, RoomDay.EMPTY);
                    dayClass = rules.classify(temps.sum(), temps.count());
                }
                percent = rules.refundPercent(dayClass);
                if (recorded.isPresent()) {
                    // the household's own doing: its class is reported, nothing refunded
                    percent = BigDecimal.ZERO;
                    excludedDays++;
                }
            }
            coldDays.merge(dayClass, 1, Integer::sum);
            percentDays = percentDays.add(rules.refunds().refunds(h.tariff()) ? percent : BigDecimal.ZERO);
        }
        RefundTally tally = new RefundTally(excludedDays, interruptedDays);
        if (missingDailyCuts > 0) {
            warnings.add("household " + h.id() + ": meter " + h.meter() + ": " + missingDailyCuts + " of "
                    + season.dayCount() + " days have no cut at one end (first " + firstMissing
                    + "), so a day without heat cannot be seen on those days");
        }

        BigDecimal area = h.areaM2();
        BigDecimal prepaid = money(area.multiply(tariff.areaPricePerM2()));
        BigDecimal dayPrice = h.tariff() == HouseholdTariff.AREA ? tariff.areaPricePerM2() : tariff.basePricePerM2();
        // refund = area × price / seasonDays × Σ% / 100, rounded once
        BigDecimal coldRoomRefund = area.multiply(dayPrice).multiply(percentDays)
                .divide(HUNDRED.multiply(BigDecimal.valueOf(season.dayCount())), MONEY_SCALE, RoundingMode.HALF_UP);

        BigDecimal extensionKWh = extensions.isEmpty() || cuts == null ? null : extensionHeat(h, cuts, warnings).orElse(null);
        BigDecimal elasticKWh = null;
        BigDecimal elasticCharge = null;
        if (!h.elasticPeriods().isEmpty()) {
            Optional<BigDecimal> elastic = elasticHeat(h, cuts, warnings);
            if (elastic.isPresent()) {
                elasticKWh = elastic.get();
                elasticCharge = money(elasticKWh.multiply(tariff.energyPricePerKWh()));
            }
        }

        if (cuts == null) {
            // an area household without a meter: it pays by area, there is no heat to report
            return new HouseholdSettlement(h, null, null, null, null, prepaid, null, zero(), zero(),
                    coldDays, coldRoomRefund, elasticKWh, elasticCharge, null, tally.excluded, tally.interrupted, null);
        }
        Optional<Cut> start = cuts.at(season.opens());
        Optional<Cut> end = cuts.at(season.closes());
        if (start.isEmpty() || end.isEmpty()) {
            List<String> why = new ArrayList<>();
            cuts.whyNoCut(season.opens(), season.zone()).ifPresent(why::add);
            cuts.whyNoCut(season.closes(), season.zone()).ifPresent(why::add);
            String error = "no season cut: " + String.join("; ", why);
            return new HouseholdSettlement(h, start.orElse(null), end.orElse(null), null, null, null, null, null, null,
                    coldDays, null, null, null, extensionKWh, tally.excluded, tally.interrupted, error);
        }
        BigDecimal heat = end.get().kWh().subtract(start.get().kWh()).setScale(KWH_SCALE, RoundingMode.HALF_UP);
        boolean estimated = start.get().estimated() || end.get().estimated();
        if (h.tariff() == HouseholdTariff.AREA) {
            return new HouseholdSettlement(h, start.get(), end.get(), heat, estimated, prepaid, null, zero(), zero(),
                    coldDays, coldRoomRefund, elasticKWh, elasticCharge, extensionKWh, tally.excluded, tally.interrupted, null);
        }
        BigDecimal twoPart = money(area.multiply(tariff.basePricePerM2()).add(heat.multiply(tariff.energyPricePerKWh())));
        BigDecimal refund = prepaid.subtract(twoPart).max(BigDecimal.ZERO);
        BigDecimal charge = twoPart.subtract(prepaid).max(BigDecimal.ZERO);
        if (tariff.policy() == SettlementPolicy.REFUND_ONLY) {
            charge = zero();
        } else if (tariff.chargeCap().isPresent()) {
            charge = charge.min(money(area.multiply(tariff.chargeCap().get())));
        }
        return new HouseholdSettlement(h, start.get(), end.get(), heat, estimated, prepaid, twoPart,
                refund.setScale(MONEY_SCALE), charge.setScale(MONEY_SCALE), coldDays, coldRoomRefund,
                elasticKWh, elasticCharge, extensionKWh, tally.excluded, tally.interrupted, null);
    }

    /** Heat over the season's decree extensions; empty (with a warning) when a cut is missing. */
    private Optional<BigDecimal> extensionHeat(Household h, MeterCuts cuts, List<String> warnings) {
        BigDecimal total = BigDecimal.ZERO;
        for (DayRange days : extensions) {
            Instant from = season.startOf(days.first());
            Instant to = season.startOf(days.last().plusDays(1));
            Optional<Cut> a = cuts.at(from);
            Optional<Cut> b = cuts.at(to);
            if (a.isEmpty() || b.isEmpty()) {
                warnings.add("household " + h.id() + ": extension " + days + " heat unknown: "
                        + cuts.whyNoCut(a.isEmpty() ? from : to, season.zone()).orElse(""));
                return Optional.empty();
            }
            total = total.add(b.get().kWh().subtract(a.get().kWh()));
        }
        return Optional.of(total.setScale(KWH_SCALE, RoundingMode.HALF_UP));
    }

    /** Days the refunds treated apart. */
    private record RefundTally(int excluded, int interrupted) {
    }

    /** Heat over all elastic periods; empty (with a warning) when one cannot be billed. */
    private Optional<BigDecimal> elasticHeat(Household h, MeterCuts cuts, List<String> warnings) {
        if (cuts == null) {
            warnings.add("household " + h.id() + ": elastic heating without a meter is not billed");
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        for (DayRange period : h.elasticPeriods()) {
            if (period.overlaps(season.days())) {
                warnings.add("household " + h.id() + ": elastic period " + period + " overlaps the season "
                        + season.days() + "; elastic heating not billed");
                return Optional.empty();
            }
            Instant from = season.startOf(period.first());
            Instant to = season.startOf(period.last().plusDays(1));
            Optional<Cut> a = cuts.at(from);
            Optional<Cut> b = cuts.at(to);
            if (a.isEmpty() || b.isEmpty()) {
                String why = cuts.whyNoCut(a.isEmpty() ? from : to, season.zone()).orElse("");
                warnings.add("household " + h.id() + ": elastic period " + period + " not billed: " + why);
                return Optional.empty();
            }
            total = total.add(b.get().kWh().subtract(a.get().kWh()));
        }
        return Optional.of(total.setScale(KWH_SCALE, RoundingMode.HALF_UP));
    }

    /** Sum and count of good room temperatures per local day of the season. */
    private Map<LocalDate, RoomDay> roomDays(List<Reading> readings) {
        Map<LocalDate, RoomDay> days = new HashMap<>();
        Set<Instant> seen = new HashSet<>();
        for (Reading r : readings) {
            // a reading delivered twice must not weigh twice in the mean
            if (!r.point().equals(Points.TEMP_ROOM) || r.quality() != Quality.GOOD || !seen.add(r.time())) {
                continue;
            }
            LocalDate day = season.dayOf(r.time());
            if (!day.isBefore(season.start()) && !day.isAfter(season.end())) {
                days.merge(day, new RoomDay(r.value(), 1), RoomDay::plus);
            }
        }
        return days;
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(MONEY_SCALE);
    }
}
