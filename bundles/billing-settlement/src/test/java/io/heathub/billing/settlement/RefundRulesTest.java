package io.heathub.billing.settlement;

import static io.heathub.billing.fixtures.TestReadings.at;
import static io.heathub.billing.fixtures.TestReadings.dec;
import static io.heathub.billing.fixtures.TestReadings.heat;
import static io.heathub.billing.fixtures.TestReadings.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.Season;
import io.heathub.billing.records.Interruption;
import io.heathub.billing.records.RefundExclusion;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cold-room refunds with the operations records (Zibo 2022 二(四)): days a recorded heat interruption
 * left without heat refunded in full, the household's own days (a recorded exclusion, an alarm, a state
 * reading) not at all, only the configured tariffs refunded. Every figure worked by hand in the comments.
 */
class RefundRulesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 15–18 Nov 2024: 4 days. */
    private static final Season FOUR_DAYS = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-18"), SHANGHAI);
    private static final Instant RECORDED = at("2024-11-10T09:00+08:00");

    /** Zibo classes, Beijing prices (area 24, base 12 CNY/m²), with {@code refunds}. */
    private static Tariff tariff(RefundRules refunds) {
        ColdRoomRules zibo = ColdRoomRules.zibo();
        return new Tariff(dec("24"), dec("12"), dec("0.16"), null, SettlementPolicy.REFUND_AND_CHARGE,
                new ColdRoomRules(zibo.classes(), zibo.noHeatRefundPercent(), refunds));
    }

    /** The meter gains 10 kWh every day (never a no-heat day by the meter); the room reads 15 °C at noon each day. */
    private static List<Reading> coldFourDays() {
        List<Reading> out = new ArrayList<>();
        for (int d = 0; d <= 4; d++) {
            out.add(heat("m1", LocalDate.parse("2024-11-15").plusDays(d) + "T00:00+08:00", String.valueOf(100 + 10 * d)));
        }
        for (int d = 0; d < 4; d++) {
            out.add(room("r1", LocalDate.parse("2024-11-15").plusDays(d) + "T12:00+08:00", "15"));
        }
        return out;
    }

    private static Household household(HouseholdTariff tariff, String building) {
        return new Household("h1", dec("90"), "m1", "r1", tariff, List.of(), building, "");
    }

    private static Interruption stop(String id, String from, String to, List<String> buildings) {
        return new Interruption(id, Interruption.Kind.PLANNED, at(from), at(to), buildings, "main valve replaced",
                at("2024-11-12T09:00+08:00"), RECORDED, "ops-li");
    }

    private static RefundExclusion exclusion(String from, String to) {
        return new RefundExclusion("x-000001", "h1", LocalDate.parse(from), LocalDate.parse(to),
                RefundExclusion.Reason.TAMPERING, "a pipe pump fitted", RECORDED, "ops-li");
    }

    private static HouseholdSettlement settle(RefundRules rules, Household h, List<RefundExclusion> exclusions,
                                              List<Interruption> interruptions, List<Reading> extra) {
        List<Reading> readings = new ArrayList<>(coldFourDays());
        readings.addAll(extra);
        RefundDays days = new RefundDays(rules, exclusions, interruptions, readings, SHANGHAI);
        SettlementRun run = new SeasonSettlement(tariff(rules), FOUR_DAYS, List.of(), days).settle(List.of(h), readings);
        assertThat(run.households()).hasSize(1);
        return run.households().get(0);
    }

    @Test
    void anInterruptedDayIsRefundedInFullAndTheHouseholdsOwnDaysNotAtAll() {
        RefundRules rules = new RefundRules(EnumSet.of(HouseholdTariff.AREA), true, List.of("valveTampered"),
                List.of(new RefundRules.StateMatch("status.valveFault", BigDecimal.ONE)), BigDecimal.valueOf(100),
                Duration.ofDays(1));
        // area household 90 m², day fee 90 × 24 / 4 = 540 CNY; every room day 15 °C → cold (50 %)
        // 15th: cold 50 %                               → 270
        // 16th: whole-day stop of building b-1          → 100 % → 540 (an interruption wins over the exclusion)
        // 17th: recorded exclusion (16th–17th)          → 0
        // 18th: the meter's status.valveFault = 1       → 0
        // refund = 540 × (50 + 100) % = 810.00
        List<Reading> valveFault = List.of(Reading.good("m1", "status.valveFault", BigDecimal.ONE, Unit.NONE,
                at("2024-11-18T07:00+08:00")));
        HouseholdSettlement s = settle(rules, household(HouseholdTariff.AREA, "b-1"),
                List.of(exclusion("2024-11-16", "2024-11-17")),
                List.of(stop("i-000001", "2024-11-16T00:00+08:00", "2024-11-17T00:00+08:00", List.of("b-1"))), valveFault);

        assertThat(s.coldRoomRefund()).isEqualByComparingTo("810.00");
        assertThat(s.interruptedDays()).isEqualTo(1);
        assertThat(s.excludedDays()).isEqualTo(2);
        // the excluded days keep their class (reported), the interrupted one is noHeat
        assertThat(s.coldDays()).containsEntry("cold", 3).containsEntry("noHeat", 1);

        // the same days for a two-part household: its tariff is not refunded (Zibo: area only) → 0
        HouseholdSettlement twoPart = settle(rules, household(HouseholdTariff.TWO_PART, "b-1"),
                List.of(exclusion("2024-11-16", "2024-11-17")),
                List.of(stop("i-000001", "2024-11-16T00:00+08:00", "2024-11-17T00:00+08:00", List.of("b-1"))), valveFault);
        assertThat(twoPart.coldRoomRefund()).isEqualByComparingTo("0");
        assertThat(twoPart.interruptedDays()).isEqualTo(1);
    }

    @Test
    void anOpenAlarmExcludesItsDayAClearedOneDoesNot() {
        RefundRules rules = new RefundRules(EnumSet.allOf(HouseholdTariff.class), true, List.of("valveTampered"),
                List.of(), BigDecimal.valueOf(100), Duration.ofDays(1));
        // alarm.valveTampered on the room sensor: 1 (raised) on the 15th, 0 (cleared) on the 16th
        // → the 15th excluded; 16th–18th cold 50 % each: 540 × 150 % = 810.00
        List<Reading> alarm = List.of(
                Reading.good("r1", "alarm.valveTampered", BigDecimal.ONE, Unit.NONE, at("2024-11-15T10:00+08:00")),
                Reading.good("r1", "alarm.valveTampered", BigDecimal.ZERO, Unit.NONE, at("2024-11-16T10:00+08:00")));
        HouseholdSettlement s = settle(rules, household(HouseholdTariff.AREA, ""), List.of(), List.of(), alarm);
        assertThat(s.excludedDays()).isEqualTo(1);
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("810.00");
        assertThat(RefundDays.points(rules)).containsExactly("alarm.valveTampered");
    }

    @Test
    void aShortStopCountsOnlyWithAShorterMinimumAndOnlyForItsBuildings() {
        // 16th 08:00–20:00: 12 h without heat
        List<Interruption> twelveHours = List.of(stop("i-000002", "2024-11-16T08:00+08:00", "2024-11-16T20:00+08:00",
                List.of("b-1")));
        RefundRules wholeDay = new RefundRules(EnumSet.allOf(HouseholdTariff.class), true, List.of(), List.of(),
                BigDecimal.valueOf(100), Duration.ofDays(1));
        // minimum a whole day: not an interrupted day; 4 cold days → 540 × 200 % = 1080.00
        HouseholdSettlement strict = settle(wholeDay, household(HouseholdTariff.AREA, "b-1"), List.of(), twelveHours, List.of());
        assertThat(strict.interruptedDays()).isZero();
        assertThat(strict.coldRoomRefund()).isEqualByComparingTo("1080.00");

        RefundRules halfDay = new RefundRules(EnumSet.allOf(HouseholdTariff.class), true, List.of(), List.of(),
                BigDecimal.valueOf(80), Duration.ofHours(12));
        // minimum 12 h, refunded 80 %: 16th → 80 %, the others cold 50 % → 540 × (150 + 80) % = 1242.00
        HouseholdSettlement lenient = settle(halfDay, household(HouseholdTariff.AREA, "b-1"), List.of(), twelveHours, List.of());
        assertThat(lenient.interruptedDays()).isEqualTo(1);
        assertThat(lenient.coldRoomRefund()).isEqualByComparingTo("1242.00");

        // a household of building b-2 is not affected: 1080.00 as without the stop
        HouseholdSettlement elsewhere = settle(halfDay, household(HouseholdTariff.AREA, "b-2"), List.of(), twelveHours, List.of());
        assertThat(elsewhere.interruptedDays()).isZero();
        assertThat(elsewhere.coldRoomRefund()).isEqualByComparingTo("1080.00");
    }

    @Test
    void recordedExclusionsCanBeSwitchedOff() {
        RefundRules noRecords = new RefundRules(EnumSet.allOf(HouseholdTariff.class), false, List.of(), List.of(),
                BigDecimal.valueOf(100), Duration.ofDays(1));
        // exclusion 15th–18th ignored: 4 cold days → 1080.00
        HouseholdSettlement s = settle(noRecords, household(HouseholdTariff.AREA, ""),
                List.of(exclusion("2024-11-15", "2024-11-18")), List.of(), List.of());
        assertThat(s.excludedDays()).isZero();
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("1080.00");
    }

    @Test
    void theTariffFileReadsTheRefundRules() throws Exception {
        Tariff t = TariffFile.parse("t.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 12
                energyPricePerKWh: 0.16
                coldRoom:
                  tariffs: [area]
                  exclusions: { records: false, alarms: [valveTampered], states: [{ point: status.valveFault, equals: 1 }] }
                  interruptions: { refundPercent: 80, minimumPerDay: 12h }
                """);
        assertThat(t.coldRoom().refunds()).isEqualTo(new RefundRules(Set.of(HouseholdTariff.AREA), false,
                List.of("valveTampered"), List.of(new RefundRules.StateMatch("status.valveFault", BigDecimal.ONE)),
                BigDecimal.valueOf(80), Duration.ofHours(12)));
    }

    @Test
    void badRefundRulesAreLocated() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TariffFile.parse("t.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 12
                energyPricePerKWh: 0.16
                coldRoom:
                  tariffs: [aera]
                """));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("t.yaml:5:13: coldRoom.tariffs[0]: unknown tariff \"aera\"");

        InvalidInputException minimum = catchThrowableOfType(InvalidInputException.class, () -> TariffFile.parse("t.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 12
                energyPricePerKWh: 0.16
                coldRoom:
                  interruptions: { minimumPerDay: 36h }
                """));
        assertThat(minimum.problems()).singleElement().asString()
                .startsWith("t.yaml:5:35: coldRoom.interruptions.minimumPerDay: expected a duration from 1m up to 24h, got PT36H");
    }
}
