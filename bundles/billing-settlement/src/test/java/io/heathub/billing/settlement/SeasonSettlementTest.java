package io.heathub.billing.settlement;

import static io.heathub.billing.fixtures.TestReadings.dec;
import static io.heathub.billing.fixtures.TestReadings.heat;
import static io.heathub.billing.fixtures.TestReadings.room;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.Season;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeasonSettlementTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 15 Nov 2024 – 15 Mar 2025: 16 + 31 + 31 + 28 + 15 = 121 days. */
    private static final Season WINTER = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2025-03-15"), SHANGHAI);

    private static Tariff beijing() {
        return new Tariff(dec("24"), dec("12"), dec("0.16"), null, SettlementPolicy.REFUND_AND_CHARGE, ColdRoomRules.zibo());
    }

    /** Chengde 2019: base 7.2 CNY/m² is the 30 % share, so the area price is 7.2 / 0.3 = 24 CNY/m²; 0.188 CNY/kWh. */
    private static Tariff chengde(String capPerM2, SettlementPolicy policy) {
        return new Tariff(dec("24"), dec("7.2"), dec("0.188"), capPerM2 == null ? null : dec(capPerM2), policy,
                ColdRoomRules.zibo());
    }

    private static Household twoPart(String id, String area, String meter) {
        return new Household(id, dec(area), meter, "", HouseholdTariff.TWO_PART);
    }

    /** A meter read exactly at the winter season's opening and close. */
    private static List<Reading> seasonReadings(String meter, String startKWh, String endKWh) {
        return List.of(heat(meter, "2024-11-15T00:00+08:00", startKWh), heat(meter, "2025-03-16T00:00+08:00", endKWh));
    }

    private static HouseholdSettlement only(SettlementRun run) {
        assertThat(run.households()).hasSize(1);
        return run.households().get(0);
    }

    @Test
    void beijingExampleRefunds280() {
        // protocols.md: 90 m², 5000 kWh, base 12, energy 0.16: 90 × 12 + 5000 × 0.16 = 1080 + 800 = 1880
        // against 90 × 24 = 2160 by area → refund 2160 − 1880 = 280
        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER)
                .settle(List.of(twoPart("h1", "90", "m1")), seasonReadings("m1", "1000", "6000")));

        assertThat(s.heatKWh()).isEqualByComparingTo("5000");
        assertThat(s.estimated()).isFalse();
        assertThat(s.prepaid()).isEqualByComparingTo("2160");
        assertThat(s.twoPart()).isEqualByComparingTo("1880");
        assertThat(s.refund()).isEqualByComparingTo("280");
        assertThat(s.charge()).isEqualByComparingTo("0");
        assertThat(s.error()).isNull();
        // no room sensor: all 121 days unknown, nothing refunded
        assertThat(s.coldDays()).containsEntry("unknown", 121).containsEntry("none", 0);
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("0");
    }

    @Test
    void chengdeLowConsumerIsRefunded() {
        // 100 m², 7000 kWh: 100 × 7.2 + 7000 × 0.188 = 720 + 1316 = 2036; prepaid 100 × 24 = 2400 → refund 364
        HouseholdSettlement s = only(new SeasonSettlement(chengde(null, SettlementPolicy.REFUND_AND_CHARGE), WINTER)
                .settle(List.of(twoPart("h1", "100", "m1")), seasonReadings("m1", "20000", "27000")));

        assertThat(s.twoPart()).isEqualByComparingTo("2036");
        assertThat(s.refund()).isEqualByComparingTo("364");
        assertThat(s.charge()).isEqualByComparingTo("0");
    }

    @Test
    void chengdeHighConsumerIsChargedTheShortfall() {
        // 100 m², 12000 kWh: 720 + 12000 × 0.188 = 720 + 2256 = 2976 → charge 2976 − 2400 = 576 (no cap)
        HouseholdSettlement s = only(new SeasonSettlement(chengde(null, SettlementPolicy.REFUND_AND_CHARGE), WINTER)
                .settle(List.of(twoPart("h1", "100", "m1")), seasonReadings("m1", "0", "12000")));

        assertThat(s.twoPart()).isEqualByComparingTo("2976");
        assertThat(s.refund()).isEqualByComparingTo("0");
        assertThat(s.charge()).isEqualByComparingTo("576");
    }

    @Test
    void chargeStopsAtTheCap() {
        // shortfall 576 as above; cap 4 CNY/m² × 100 m² = 400 → charge 400
        HouseholdSettlement s = only(new SeasonSettlement(chengde("4", SettlementPolicy.REFUND_AND_CHARGE), WINTER)
                .settle(List.of(twoPart("h1", "100", "m1")), seasonReadings("m1", "0", "12000")));

        assertThat(s.charge()).isEqualByComparingTo("400");
        // a cap above the shortfall changes nothing: 6 × 100 = 600 > 576
        HouseholdSettlement under = only(new SeasonSettlement(chengde("6", SettlementPolicy.REFUND_AND_CHARGE), WINTER)
                .settle(List.of(twoPart("h1", "100", "m1")), seasonReadings("m1", "0", "12000")));
        assertThat(under.charge()).isEqualByComparingTo("576");
    }

    @Test
    void refundOnlyNeverCharges() {
        // 多退少不补: the 12000 kWh household owes 576 but is charged 0; the 7000 kWh one still gets 364
        SettlementRun run = new SeasonSettlement(chengde(null, SettlementPolicy.REFUND_ONLY), WINTER).settle(
                List.of(twoPart("high", "100", "m1"), twoPart("low", "100", "m2")),
                concat(seasonReadings("m1", "0", "12000"), seasonReadings("m2", "0", "7000")));

        assertThat(run.households().get(0).charge()).isEqualByComparingTo("0");
        assertThat(run.households().get(0).refund()).isEqualByComparingTo("0");
        assertThat(run.households().get(1).refund()).isEqualByComparingTo("364");
    }

    @Test
    void amountsAreRoundedHalfUpOnce() {
        // 8936.17 kWh × 0.188 = 1679.99996; + 720 = 2399.99996 → 2400.00 = prepaid: neither refund nor charge
        HouseholdSettlement s = only(new SeasonSettlement(chengde(null, SettlementPolicy.REFUND_AND_CHARGE), WINTER)
                .settle(List.of(twoPart("h1", "100", "m1")), seasonReadings("m1", "0", "8936.17")));

        assertThat(s.twoPart()).isEqualByComparingTo("2400.00");
        assertThat(s.twoPart().scale()).isEqualTo(2);
        assertThat(s.refund()).isEqualByComparingTo("0");
        assertThat(s.charge()).isEqualByComparingTo("0");
    }

    @Test
    void aMeterOfflineAcrossTheSeasonStartIsInterpolatedAndMarkedEstimated() {
        // start: 1000 at 14 Nov 22:00, 1010 at 15 Nov 03:00 → 1000 + 10 × 2/5 = 1004 (estimated)
        // end: 6004 exactly at 16 Mar 00:00 → heat 6004 − 1004 = 5000 → Beijing refund 280 again
        List<Reading> readings = List.of(
                heat("m1", "2024-11-14T22:00+08:00", "1000"),
                heat("m1", "2024-11-15T03:00+08:00", "1010"),
                heat("m1", "2025-03-16T00:00+08:00", "6004"));
        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER).settle(List.of(twoPart("h1", "90", "m1")), readings));

        assertThat(s.startCut().kWh()).isEqualByComparingTo("1004");
        assertThat(s.startCut().estimated()).isTrue();
        assertThat(s.endCut().estimated()).isFalse();
        assertThat(s.estimated()).isTrue();
        assertThat(s.heatKWh()).isEqualByComparingTo("5000.000");
        assertThat(s.refund()).isEqualByComparingTo("280");
    }

    @Test
    void noSeasonCutGivesAnErrorAndNoAmounts() {
        // first good reading after the season opened: no cut at 15 Nov 00:00, nothing guessed
        List<Reading> readings = List.of(
                heat("m1", "2024-11-20T08:00+08:00", "1000"),
                heat("m1", "2025-03-16T00:00+08:00", "6000"));
        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER).settle(List.of(twoPart("h1", "90", "m1")), readings));

        assertThat(s.error()).isEqualTo("no season cut: meter m1 has no good heat.energy reading before the cut at "
                + "2024-11-15T00:00+08:00 (first one at 2024-11-20T08:00+08:00)");
        assertThat(s.heatKWh()).isNull();
        assertThat(s.estimated()).isNull();
        assertThat(s.prepaid()).isNull();
        assertThat(s.twoPart()).isNull();
        assertThat(s.refund()).isNull();
        assertThat(s.charge()).isNull();
        assertThat(s.coldRoomRefund()).isNull();
    }

    @Test
    void areaHouseholdsPayThePrepaidFeeOnly() {
        // 90 m² × 24 = 2160; 5000 kWh metered but not billed: no two-part bill, no refund, no charge
        Household area = new Household("h1", dec("90"), "m1", "", HouseholdTariff.AREA);
        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER).settle(List.of(area), seasonReadings("m1", "0", "5000")));

        assertThat(s.prepaid()).isEqualByComparingTo("2160");
        assertThat(s.heatKWh()).isEqualByComparingTo("5000");
        assertThat(s.twoPart()).isNull();
        assertThat(s.refund()).isEqualByComparingTo("0");
        assertThat(s.charge()).isEqualByComparingTo("0");
    }

    @Test
    void anAreaHouseholdWithoutMeterHasNoHeatAndNoError() {
        Household area = new Household("h1", dec("50"), "", "", HouseholdTariff.AREA);
        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER).settle(List.of(area), List.of()));

        // 50 × 24 = 1200
        assertThat(s.prepaid()).isEqualByComparingTo("1200");
        assertThat(s.heatKWh()).isNull();
        assertThat(s.error()).isNull();
    }

    @Test
    void coldDaysAreClassedByTheMeanOfGoodRoomReadings() {
        // season 15–18 Nov (4 days); day fee of a two-part household = 90 × 12 / 4 = 270
        // 15th: mean (18.0 + 18.0) / 2 = 18.0 → none; 16th: (17.8 + 18.0) / 2 = 17.9 → cool 20 %
        // (the BAD 5.0 is ignored); 17th: 15.99 → cold 50 %; 18th: (12.0 + 11.0) / 2 = 11.5 → freezing 100 %
        // refund = 270 × (0 + 20 + 50 + 100) % = 270 × 1.7 = 459
        Season season = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-18"), SHANGHAI);
        List<Reading> readings = new ArrayList<>(dailyMeter("m1", "2024-11-15", 5, 10));
        readings.addAll(List.of(
                room("r1", "2024-11-15T08:00+08:00", "18.0"), room("r1", "2024-11-15T20:00+08:00", "18.0"),
                room("r1", "2024-11-16T08:00+08:00", "17.8"), room("r1", "2024-11-16T20:00+08:00", "18.0"),
                room("r1", "2024-11-16T21:00+08:00", "5.0", Quality.BAD),
                room("r1", "2024-11-17T08:00+08:00", "15.99"),
                room("r1", "2024-11-18T08:00+08:00", "12.0"), room("r1", "2024-11-18T20:00+08:00", "11.0")));
        Household h = new Household("h1", dec("90"), "m1", "r1", HouseholdTariff.TWO_PART);

        HouseholdSettlement s = only(new SeasonSettlement(beijing(), season).settle(List.of(h), readings));

        assertThat(s.coldDays()).containsExactly(Map.entry("none", 1), Map.entry("cool", 1), Map.entry("cold", 1),
                Map.entry("freezing", 1), Map.entry("noHeat", 0), Map.entry("unknown", 0));
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("459");

        // the same days for an area household: day fee 90 × 24 / 4 = 540 → 540 × 1.7 = 918
        Household area = new Household("h2", dec("90"), "m1", "r1", HouseholdTariff.AREA);
        assertThat(only(new SeasonSettlement(beijing(), season).settle(List.of(area), readings)).coldRoomRefund())
                .isEqualByComparingTo("918");
    }

    @Test
    void aDayWithoutHeatRefundsTheWholeDayFee() {
        // season 15–17 Nov; area household, day fee 90 × 24 / 3 = 720
        // meter at 00:00: 100 (15th), 110 (16th), 110 (17th), 120 (18th): the 16th gets no heat → 100 %
        // even though its room reads 20 °C (warmed by neighbours); refund 720
        Season season = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-17"), SHANGHAI);
        List<Reading> readings = List.of(
                heat("m1", "2024-11-15T00:00+08:00", "100"), heat("m1", "2024-11-16T00:00+08:00", "110"),
                heat("m1", "2024-11-17T00:00+08:00", "110"), heat("m1", "2024-11-18T00:00+08:00", "120"),
                room("r1", "2024-11-15T12:00+08:00", "20"), room("r1", "2024-11-16T12:00+08:00", "20"),
                room("r1", "2024-11-17T12:00+08:00", "20"));
        Household h = new Household("h1", dec("90"), "m1", "r1", HouseholdTariff.AREA);

        HouseholdSettlement s = only(new SeasonSettlement(beijing(), season).settle(List.of(h), readings));

        assertThat(s.coldDays()).containsEntry("none", 2).containsEntry("noHeat", 1).containsEntry("unknown", 0);
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("720");
    }

    @Test
    void daysWithoutRoomDataAreUnknownAndRefundNothing() {
        // 4 days, meter rising every day, room sensor named but silent → 4 unknown, refund 0
        Season season = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-18"), SHANGHAI);
        Household h = new Household("h1", dec("90"), "m1", "r1", HouseholdTariff.AREA);

        HouseholdSettlement s = only(new SeasonSettlement(beijing(), season).settle(List.of(h), dailyMeter("m1", "2024-11-15", 5, 10)));

        assertThat(s.coldDays()).containsEntry("unknown", 4).containsEntry("none", 0).containsEntry("noHeat", 0);
        assertThat(s.coldRoomRefund()).isEqualByComparingTo("0");
        assertThat(s.coldRoomRefund().scale()).isEqualTo(2);
    }

    @Test
    void cutsAndRoomDaysFollowTheSiteZone() {
        // season 15–16 Nov. Meter: 100 at 14 Nov 16:00Z (= 15 Nov 00:00 Shanghai), 108 at 15 Nov 00:00Z,
        // 150 at 16 Nov 16:00Z (= 17 Nov 00:00 Shanghai), 160 at 17 Nov 00:00Z.
        // Shanghai: 150 − 100 = 50 kWh; UTC: 160 − 108 = 52 kWh; both cuts exact.
        // Room: 20 °C at 15 Nov 10:00Z (15th in both zones), 10 °C at 15 Nov 17:00Z (16th 01:00 in Shanghai, 15th in UTC).
        // Shanghai: 15th mean 20 → none, 16th mean 10 → freezing. UTC: 15th mean 15 → cold, 16th no data → unknown.
        Season shanghai = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-16"), SHANGHAI);
        Season utc = Season.of(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-16"), ZoneOffset.UTC);
        List<Reading> readings = List.of(
                heat("m1", "2024-11-14T16:00Z", "100"), heat("m1", "2024-11-15T00:00Z", "108"),
                heat("m1", "2024-11-16T16:00Z", "150"), heat("m1", "2024-11-17T00:00Z", "160"),
                room("r1", "2024-11-15T10:00Z", "20"), room("r1", "2024-11-15T17:00Z", "10"));
        List<Household> households = List.of(new Household("h1", dec("90"), "m1", "r1", HouseholdTariff.TWO_PART));

        HouseholdSettlement local = only(new SeasonSettlement(beijing(), shanghai).settle(households, readings));
        HouseholdSettlement universal = only(new SeasonSettlement(beijing(), utc).settle(households, readings));

        assertThat(local.heatKWh()).isEqualByComparingTo("50");
        assertThat(local.estimated()).isFalse();
        assertThat(local.coldDays()).containsEntry("none", 1).containsEntry("freezing", 1).containsEntry("unknown", 0);
        assertThat(universal.heatKWh()).isEqualByComparingTo("52");
        assertThat(universal.estimated()).isFalse();
        assertThat(universal.coldDays()).containsEntry("cold", 1).containsEntry("unknown", 1).containsEntry("freezing", 0);
    }

    @Test
    void elasticDaysAreBilledByMeterOnTop() {
        // elastic 10–14 Nov: 900 at 10 Nov 00:00, 1000 at 15 Nov 00:00 → 100 kWh × 0.16 = 16.00
        // the season itself as in the Beijing example: refund 280, untouched by the elastic part
        Household h = twoPart("h1", "90", "m1")
                .withElasticPeriods(List.of(new DayRange(LocalDate.parse("2024-11-10"), LocalDate.parse("2024-11-14"))));
        List<Reading> readings = concat(List.of(heat("m1", "2024-11-10T00:00+08:00", "900")), seasonReadings("m1", "1000", "6000"));

        HouseholdSettlement s = only(new SeasonSettlement(beijing(), WINTER).settle(List.of(h), readings));

        assertThat(s.elasticKWh()).isEqualByComparingTo("100");
        assertThat(s.elasticCharge()).isEqualByComparingTo("16");
        assertThat(s.refund()).isEqualByComparingTo("280");
    }

    @Test
    void anElasticPeriodInsideTheSeasonIsRefusedWithAWarning() {
        Household h = twoPart("h1", "90", "m1")
                .withElasticPeriods(List.of(new DayRange(LocalDate.parse("2024-11-14"), LocalDate.parse("2024-11-15"))));

        SettlementRun run = new SeasonSettlement(beijing(), WINTER).settle(List.of(h), seasonReadings("m1", "1000", "6000"));

        assertThat(run.households().get(0).elasticKWh()).isNull();
        assertThat(run.warnings()).anySatisfy(w -> assertThat(w).contains("elastic period 2024-11-14/2024-11-15 overlaps the season"));
    }

    @Test
    void aCounterGoingBackwardsIsWarnedAboutOnce() {
        // the 500 in December is left out; cuts from 1000 and 6000 → heat 5000 as before
        List<Reading> readings = concat(seasonReadings("m1", "1000", "6000"), List.of(heat("m1", "2024-12-01T00:00+08:00", "500")));
        SettlementRun run = new SeasonSettlement(beijing(), WINTER).settle(List.of(twoPart("h1", "90", "m1")), readings);

        assertThat(run.households().get(0).heatKWh()).isEqualByComparingTo("5000");
        assertThat(run.warnings()).filteredOn(w -> w.contains("went backwards")).hasSize(1);
    }

    /** A meter read at 00:00 local on {@code count} consecutive days from {@code first}, rising by {@code step}. */
    private static List<Reading> dailyMeter(String meter, String first, int count, int step) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(heat(meter, LocalDate.parse(first).plusDays(i) + "T00:00+08:00", String.valueOf(i * step)));
        }
        return out;
    }

    private static List<Reading> concat(List<Reading> a, List<Reading> b) {
        List<Reading> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
