package io.heathub.billing.health;

import static io.heathub.billing.fixtures.R.at;
import static io.heathub.billing.fixtures.R.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.Building;
import io.heathub.billing.alarm.Condition;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterHealthTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final MeterHealth health = new MeterHealth(HealthConfig.defaults());

    private static Reading energy(String meter, String time, String kWh) {
        return r(meter, Points.HEAT_ENERGY, kWh, Unit.KWH, time);
    }

    private static Reading dueDay(String meter, String time, String kWh) {
        return r(meter, Points.HEAT_ENERGY_DUE_DAY, kWh, Unit.KWH, time);
    }

    private static Reading power(String meter, String time, String kW) {
        return r(meter, Points.HEAT_POWER, kW, Unit.KW, time);
    }

    private static Reading flow(String meter, String time, String m3h) {
        return r(meter, Points.FLOW, m3h, Unit.CUBIC_METRE_PER_HOUR, time);
    }

    private static String quarter(int quarterHours) {
        Instant t = at("2024-12-01T00:00Z").plus(Duration.ofMinutes(15L * quarterHours));
        return t.toString().replace("Z", "+00:00");
    }

    // ---- drifting meter -------------------------------------------------------------------

    @Test
    void aCounterRisingFasterThanItsPowerIsADriftingMeter() {
        // 10 kW every 15 min from 00:00 to 10:00 → 10 kW × 10 h = 100 kWh integrated;
        // counter 1000 → 1110 = 110 kWh: (110 − 100) / 100 = +10.00 % > 5 %
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 40; q++) {
            readings.add(power("m1", quarter(q), "10"));
        }
        readings.add(energy("m1", "2024-12-01T00:00Z", "1000"));
        readings.add(energy("m1", "2024-12-01T10:00Z", "1110"));

        List<MeterFinding> findings = health.meterDrift(readings).findings();

        assertThat(findings).hasSize(1);
        MeterFinding f = findings.get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.METER_DRIFT);
        assertThat(f.severity()).isEqualTo(Severity.FAULT);
        assertThat(f.evidence()).contains("rose 110.000 kWh while heat.power integrates to 100.000 kWh over 10h")
                .contains("+10.00 % (faster; tolerance 5 %)");
        assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T00:00Z"));
        assertThat(f.lastSeen()).isEqualTo(at("2024-12-01T10:00Z"));
    }

    @Test
    void powerIsIntegratedByTrapezoidsAndTheToleranceHolds() {
        // 8 kW at 00:00, 12 at 01:00, 10 at 02:00: (8+12)/2 × 1 h + (12+10)/2 × 1 h = 10 + 11 = 21 kWh
        // counter 500 → 523 = 23 kWh: (23 − 21) / 21 = 9.5238 % → +9.52 % (faster), beyond 5 %
        // counter 500 → 521.5 = 21.5 kWh: 0.5 / 21 = 2.38 % → within
        List<Reading> base = List.of(power("m1", "2024-12-01T00:00Z", "8"), power("m1", "2024-12-01T01:00Z", "12"),
                power("m1", "2024-12-01T02:00Z", "10"), energy("m1", "2024-12-01T00:00Z", "500"));
        List<Reading> drifting = new ArrayList<>(base);
        drifting.add(energy("m1", "2024-12-01T02:00Z", "523"));
        List<Reading> fine = new ArrayList<>(base);
        fine.add(energy("m1", "2024-12-01T02:00Z", "521.5"));

        assertThat(health.meterDrift(drifting).findings()).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("integrates to 21.000 kWh").contains("+9.52 %"));
        assertThat(health.meterDrift(fine).findings()).isEmpty();
    }

    @Test
    void aSlowCounterIsReportedAsSlower() {
        // 20 kW constant 00:00–01:00 → 20 kWh; counter 100 → 118 = 18 kWh: −2/20 = −10.00 %
        List<Reading> readings = List.of(power("m1", "2024-12-01T00:00Z", "20"), power("m1", "2024-12-01T01:00Z", "20"),
                energy("m1", "2024-12-01T00:00Z", "100"), energy("m1", "2024-12-01T01:00Z", "118"));

        assertThat(health.meterDrift(readings).findings()).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("counter -10.00 % (slower"));
    }

    @Test
    void powerGapsLongerThanTheLimitAreLeftOutOfTheComparison() {
        // stretches 00:00–01:00 and 04:00–05:00 at 10 kW: 10 + 10 = 20 kWh (the 3 h gap > 1 h is skipped);
        // counter over the same stretches: (10 − 0) + (23 − 13) = 20 kWh → 0 %. Integrating across the gap
        // would give 50 kWh against 23 and a finding.
        List<Reading> readings = List.of(
                power("m1", "2024-12-01T00:00Z", "10"), power("m1", "2024-12-01T01:00Z", "10"),
                power("m1", "2024-12-01T04:00Z", "10"), power("m1", "2024-12-01T05:00Z", "10"),
                energy("m1", "2024-12-01T00:00Z", "0"), energy("m1", "2024-12-01T01:00Z", "10"),
                energy("m1", "2024-12-01T04:00Z", "13"), energy("m1", "2024-12-01T05:00Z", "23"));

        HealthReport report = health.meterDrift(readings);

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void tooLittleHeatToCompareIsSkippedNotReported() {
        // 2 kW for 1 h = 2 kWh < 10 kWh minimum; counter rose 5 (+150 %) but that is noise
        List<Reading> readings = List.of(power("m1", "2024-12-01T00:00Z", "2"), power("m1", "2024-12-01T01:00Z", "2"),
                energy("m1", "2024-12-01T00:00Z", "0"), energy("m1", "2024-12-01T01:00Z", "5"));

        HealthReport report = health.meterDrift(readings);

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).singleElement().asString().contains("meter m1: drift not checked")
                .contains("2.000 kWh");
    }

    // ---- stuck counter --------------------------------------------------------------------

    @Test
    void aCounterStuckWhileWaterFlowsIsReportedOnceTheLimitIsReached() {
        // energy 1234.5 from 00:00 to 03:00 (every 30 min), 1236 at 03:30;
        // flow 0 at 00:00, 0.4–0.5 from 00:30 to 03:00 → stuck with flow 00:30–03:00 = 2h30m ≥ 2 h
        List<Reading> readings = new ArrayList<>();
        String[] times = {"00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00"};
        for (int i = 0; i < times.length; i++) {
            readings.add(energy("m1", "2024-12-01T" + times[i] + "Z", "1234.5"));
            readings.add(flow("m1", "2024-12-01T" + times[i] + "Z", i == 0 ? "0" : i == 3 ? "0.5" : "0.4"));
        }
        readings.add(energy("m1", "2024-12-01T03:30Z", "1236"));
        readings.add(flow("m1", "2024-12-01T03:30Z", "0.4"));

        List<MeterFinding> findings = health.stuckCounters(readings).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.STUCK_COUNTER);
            assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T00:30Z"));
            assertThat(f.lastSeen()).isEqualTo(at("2024-12-01T03:00Z"));
            assertThat(f.evidence()).isEqualTo("heat.energy stayed at 1234.5 kWh for 2h30m from 2024-12-01T00:30:00Z"
                    + " to 2024-12-01T03:00:00Z while flow was 0.4–0.5 m³/h (6 readings; limit 2h)");
        });
    }

    @Test
    void noFlowBreaksTheStuckStretch() {
        // flow 0 at 01:30 splits the stretch into 00:30–01:00 (30 min) and 02:00–03:00 (1 h): both < 2 h
        List<Reading> readings = new ArrayList<>();
        String[] times = {"00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00"};
        for (int i = 0; i < times.length; i++) {
            readings.add(energy("m1", "2024-12-01T" + times[i] + "Z", "1234.5"));
            readings.add(flow("m1", "2024-12-01T" + times[i] + "Z", i == 0 || i == 3 ? "0" : "0.4"));
        }

        assertThat(health.stuckCounters(readings).findings()).isEmpty();
    }

    // ---- supply below return --------------------------------------------------------------

    private static List<Reading> temperatures(String flowValue) {
        // 00:00 normal (50/40); 00:15–01:15 inverted (40 / 42.5, at 00:45 40 / 43.1); 01:30 normal
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 6; q++) {
            boolean inverted = q >= 1 && q <= 5;
            readings.add(r("m1", Points.TEMP_SUPPLY, inverted ? "40" : "50", Unit.CELSIUS, quarter(q)));
            readings.add(r("m1", Points.TEMP_RETURN, !inverted ? "40" : q == 3 ? "43.1" : "42.5", Unit.CELSIUS, quarter(q)));
            readings.add(flow("m1", quarter(q), flowValue));
        }
        return readings;
    }

    @Test
    void supplyBelowReturnWithFlowForAnHourIsReported() {
        // inverted at 00:15, 00:30, 00:45, 01:00, 01:15 = 5 samples spanning 1 h ≥ 1 h; worst 43.1 − 40 = 3.1 K
        List<MeterFinding> findings = health.supplyBelowReturn(temperatures("0.3")).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SUPPLY_BELOW_RETURN);
            assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T00:15Z"));
            assertThat(f.lastSeen()).isEqualTo(at("2024-12-01T01:15Z"));
            assertThat(f.evidence()).isEqualTo("supply below return by up to 3.1 K (supply 40 °C, return 43.1 °C, flow"
                    + " 0.3 m³/h at 2024-12-01T00:45:00Z) for 1h from 2024-12-01T00:15:00Z to 2024-12-01T01:15:00Z"
                    + " (5 samples; tolerance 0.5 K for 1h)");
        });
    }

    @Test
    void supplyBelowReturnWithoutFlowOrWithinToleranceIsNotReported() {
        assertThat(health.supplyBelowReturn(temperatures("0")).findings()).isEmpty();
        // return exactly 0.5 K above supply for 2 h: not beyond the tolerance
        List<Reading> readings = new ArrayList<>();
        for (int q = 0; q <= 8; q++) {
            readings.add(r("m1", Points.TEMP_SUPPLY, "40", Unit.CELSIUS, quarter(q)));
            readings.add(r("m1", Points.TEMP_RETURN, "40.5", Unit.CELSIUS, quarter(q)));
            readings.add(flow("m1", quarter(q), "0.3"));
        }
        assertThat(health.supplyBelowReturn(readings).findings()).isEmpty();
    }

    // ---- building imbalance ---------------------------------------------------------------

    private static List<Reading> building(String h3End) {
        // building b-1: start cut interpolated: 9995 at 23:00, 10005 at 01:00 → 10000 at 00:00 (estimated); end 11000
        // households h1 2000 → 2300 (300), h2 3000 → 3250 (250), h3 4000 → h3End
        return List.of(
                energy("b-1", "2024-11-30T23:00Z", "9995"), energy("b-1", "2024-12-01T01:00Z", "10005"),
                energy("b-1", "2024-12-08T00:00Z", "11000"),
                energy("h1", "2024-12-01T00:00Z", "2000"), energy("h1", "2024-12-08T00:00Z", "2300"),
                energy("h2", "2024-12-01T00:00Z", "3000"), energy("h2", "2024-12-08T00:00Z", "3250"),
                energy("h3", "2024-12-01T00:00Z", "4000"), energy("h3", "2024-12-08T00:00Z", h3End));
    }

    private final Building b1 = new Building("1", "b-1", List.of("h1", "h2", "h3"));

    @Test
    void buildingMeterFarAboveItsHouseholdsIsReported() {
        // building 11000 − 10000 = 1000 kWh; households 300 + 250 + 300 = 850; (1000 − 850) / 1000 = 15.00 % > 10 %
        List<MeterFinding> findings = health.buildingImbalance(b1, at("2024-12-01T00:00Z"), at("2024-12-08T00:00Z"),
                building("4300")).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.meter()).isEqualTo("b-1");
            assertThat(f.kind()).isEqualTo(FindingKind.BUILDING_IMBALANCE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).isEqualTo("building 1: building meter b-1 measured 1000.000 kWh, its 3 household"
                    + " meters 850.000 kWh from 2024-12-01T00:00:00Z to 2024-12-08T00:00:00Z (estimated cuts):"
                    + " building 15.00 % above its households (tolerance 10 %)");
        });
    }

    @Test
    void householdsAboveTheBuildingMeterAreReportedWithTheirOwnTolerance() {
        // households 300 + 250 + 530 = 1080 vs building 1000: (1000 − 1080) / 1000 = −8.00 % → households 8.00 % above > 5 %
        assertThat(health.buildingImbalance(b1, at("2024-12-01T00:00Z"), at("2024-12-08T00:00Z"), building("4530"))
                .findings()).singleElement()
                .satisfies(f -> assertThat(f.evidence()).endsWith("households 8.00 % above the building meter (tolerance 5 %)"));
        // households 300 + 250 + 370 = 920: building 8.00 % above ≤ 10 % → nothing
        assertThat(health.buildingImbalance(b1, at("2024-12-01T00:00Z"), at("2024-12-08T00:00Z"), building("4370"))
                .findings()).isEmpty();
        // households 300 + 250 + 500 = 1050: 5.00 % above, not beyond 5 % → nothing
        assertThat(health.buildingImbalance(b1, at("2024-12-01T00:00Z"), at("2024-12-08T00:00Z"), building("4500"))
                .findings()).isEmpty();
    }

    @Test
    void aMissingCutSkipsTheBuilding() {
        HealthReport report = health.buildingImbalance(b1, at("2024-12-01T00:00Z"), at("2024-12-09T00:00Z"),
                building("4300"));

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).containsExactly(
                "building 1: imbalance not checked, meter b-1 has no heat.energy cut at 2024-12-09T00:00:00Z");
    }

    // ---- communication --------------------------------------------------------------------

    @Test
    void communicationFailureRateFromExpectedAndReceivedReadings() {
        // window 00:00–02:00, poll 5 min → 24 expected.
        // m1: 18 distinct times (two points each) → 6 missing = 25.00 % > 20 %
        // m2: 20 times → 4 missing = 16.67 % ≤ 20 %; m3: silent → 100.00 %
        HealthConfig config = HealthConfig.defaults().withMeters(Map.of(
                "m1", new MeterLimits(new BigDecimal("50"), new BigDecimal("5"), Duration.ofMinutes(5)),
                "m2", new MeterLimits(new BigDecimal("50"), new BigDecimal("5"), Duration.ofMinutes(5)),
                "m3", new MeterLimits(new BigDecimal("50"), new BigDecimal("5"), Duration.ofMinutes(5))));
        List<Reading> readings = new ArrayList<>();
        Instant start = at("2024-12-01T00:00Z");
        for (int i = 0; i < 18; i++) {
            String t = start.plus(Duration.ofMinutes(5L * i)).toString();
            readings.add(energy("m1", t, String.valueOf(100 + i)));
            readings.add(flow("m1", t, "0.2"));
        }
        for (int i = 0; i < 20; i++) {
            readings.add(energy("m2", start.plus(Duration.ofMinutes(5L * i)).toString(), String.valueOf(100 + i)));
        }
        readings.add(energy("m2", "2024-12-01T02:00Z", "200")); // at the window's end: outside

        List<MeterFinding> findings = new MeterHealth(config).communication(List.of("m1", "m2", "m3"),
                start, at("2024-12-01T02:00Z"), readings).findings();

        assertThat(findings).extracting(MeterFinding::meter).containsExactly("m1", "m3");
        assertThat(findings.get(0).evidence()).isEqualTo("received 18 of 24 expected readings (poll 5m) from"
                + " 2024-12-01T00:00:00Z to 2024-12-01T02:00:00Z: 25.00 % missing (limit 20 %)");
        assertThat(findings.get(1).evidence()).contains("received 0 of 24").contains("100.00 % missing");
    }

    // ---- clock drift ----------------------------------------------------------------------

    @Test
    void clockDriftBeyondToleranceEitherWay() {
        // m1: meter 10:07:30 at hub 10:00 → 7m30s ahead > 5 min; m2: 3 min behind → fine; m3: 6 min behind
        List<ClockSample> samples = List.of(
                new ClockSample("m1", at("2024-12-01T10:07:30Z"), at("2024-12-01T10:00:00Z")),
                new ClockSample("m1", at("2024-12-01T11:06:00Z"), at("2024-12-01T11:00:00Z")),
                new ClockSample("m2", at("2024-12-01T09:57:00Z"), at("2024-12-01T10:00:00Z")),
                new ClockSample("m3", at("2024-12-01T09:54:00Z"), at("2024-12-01T10:00:00Z")));

        List<MeterFinding> findings = health.clockDrift(samples).findings();

        assertThat(findings).extracting(MeterFinding::meter).containsExactly("m1", "m3");
        assertThat(findings.get(0).evidence()).isEqualTo("meter clock 7m30s ahead of hub time (meter"
                + " 2024-12-01T10:07:30Z at hub 2024-12-01T10:00:00Z); 2 samples beyond the tolerance 5m");
        assertThat(findings.get(0).firstSeen()).isEqualTo(at("2024-12-01T10:00:00Z"));
        assertThat(findings.get(0).lastSeen()).isEqualTo(at("2024-12-01T11:00:00Z"));
        assertThat(findings.get(1).evidence()).startsWith("meter clock 6m behind hub time");
    }

    @Test
    void clockSamplesComeFromMeterClockReadings() {
        // 2024-12-01T10:07:30Z is 1733047650 s after the epoch (1733011200 for 00:00 + 10.125 h × 3600)
        List<Reading> readings = List.of(
                r("m1", ClockSample.POINT, "1733047650", Unit.NONE, "2024-12-01T10:00Z"),
                r("m1", ClockSample.POINT, "1733047650.5", Unit.NONE, "2024-12-01T10:00Z", Quality.BAD));

        assertThat(ClockSample.fromReadings(readings)).containsExactly(
                new ClockSample("m1", at("2024-12-01T10:07:30Z"), at("2024-12-01T10:00Z")));
    }

    // ---- implausible values ---------------------------------------------------------------

    @Test
    void implausiblePowerAndFlowAgainstEachMetersLimits() {
        // default household limits 50 kW / 5 m³/h; b-1 has 800 kW / 40 m³/h
        HealthConfig config = HealthConfig.defaults().withMeters(Map.of(
                "b-1", new MeterLimits(new BigDecimal("800"), new BigDecimal("40"), Duration.ofMinutes(5))));
        List<Reading> readings = List.of(
                power("m1", "2024-12-01T00:00Z", "10"), power("m1", "2024-12-01T00:15Z", "812.5"),
                power("m1", "2024-12-01T00:30Z", "-3.2"), power("m1", "2024-12-01T00:45Z", "60"),
                power("b-1", "2024-12-01T00:00Z", "750"), flow("b-1", "2024-12-01T00:00Z", "35"),
                flow("m1", "2024-12-01T00:00Z", "6"));

        List<MeterFinding> findings = new MeterHealth(config).implausibleValues(readings).findings();

        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).kind()).isEqualTo(FindingKind.IMPLAUSIBLE_POWER);
        assertThat(findings.get(0).evidence()).isEqualTo("heat.power above the meter's maximum 50 kW in 2 readings"
                + " (highest 812.5 kW at 2024-12-01T00:15:00Z); heat.power negative in 1 readings (lowest -3.2 kW at"
                + " 2024-12-01T00:30:00Z)");
        assertThat(findings.get(0).firstSeen()).isEqualTo(at("2024-12-01T00:15Z"));
        assertThat(findings.get(0).lastSeen()).isEqualTo(at("2024-12-01T00:45Z"));
        assertThat(findings.get(1).kind()).isEqualTo(FindingKind.IMPLAUSIBLE_FLOW);
        assertThat(findings.get(1).meter()).isEqualTo("m1");
    }

    @Test
    void checkRunsEveryRule() {
        // one stuck counter (as above) and a silent meter in one call
        List<Reading> readings = new ArrayList<>();
        String[] times = {"00:00", "00:30", "01:00", "01:30", "02:00", "02:30"};
        for (String t : times) {
            readings.add(energy("m1", "2024-12-01T" + t + "Z", "1"));
            readings.add(flow("m1", "2024-12-01T" + t + "Z", "0.4"));
        }
        readings.add(dueDay("m1", "2024-12-01T00:00Z", "2")); // above the counter's 1 kWh at the same instant
        HealthReport report = health.check(readings, List.of(), List.of("m1", "m9"), at("2024-12-01T00:00Z"),
                at("2024-12-01T03:00Z"), SHANGHAI);

        // m1: 6 of 12 expected (poll 15 min over 3 h) = 50 % missing; m9: 0 of 12
        assertThat(report.findings()).extracting(f -> f.kind() + " " + f.meter()).containsExactly(
                "STUCK_COUNTER m1", "COMMUNICATION_FAILURE m1", "COMMUNICATION_FAILURE m9", "DUE_DAY_MISMATCH m1");
    }

    // ---- due-day values ------------------------------------------------------------------
    // Times below are written in Shanghai time (+08:00): 00:00 of 2024-12-01 there is 2024-11-30T16:00:00Z.

    /** m1 read hourly 23:00–03:00 around 00:00 of 2024-12-01: counter 1190, 1200 (exactly at 00:00), 1210, 1220, 1230. */
    private static List<Reading> hourlyAroundMidnight(String frozen) {
        return List.of(
                energy("m1", "2024-11-30T23:00+08:00", "1190"), dueDay("m1", "2024-11-30T23:00+08:00", "1100"),
                energy("m1", "2024-12-01T00:00+08:00", "1200"),
                energy("m1", "2024-12-01T01:00+08:00", "1210"), dueDay("m1", "2024-12-01T01:00+08:00", frozen),
                energy("m1", "2024-12-01T02:00+08:00", "1220"), dueDay("m1", "2024-12-01T02:00+08:00", frozen),
                energy("m1", "2024-12-01T03:00+08:00", "1230"), dueDay("m1", "2024-12-01T03:00+08:00", frozen));
    }

    @Test
    void aDueDayValueMatchingTheCutAtItsMidnightIsFine() {
        // due-day 1100 at 23:30, 1200 at 00:30: frozen at 00:00; cut 1195 + (1205 − 1195) × 30/60 = 1200 = the due value
        List<Reading> readings = List.of(
                energy("m1", "2024-11-30T23:30+08:00", "1195"), dueDay("m1", "2024-11-30T23:30+08:00", "1100"),
                energy("m1", "2024-12-01T00:30+08:00", "1205"), dueDay("m1", "2024-12-01T00:30+08:00", "1200"));

        HealthReport report = health.dueDayMismatch(readings, SHANGHAI);

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void aDueDayValueBeyondTheToleranceIsReportedWithItsNumbers() {
        // due-day 1100 → 1190 between 23:00 and 01:00: frozen at 00:00, where a reading gives the cut 1200 (not estimated).
        // 1190 − 1200 = −10 kWh = −0.83 % of the cut; tolerance max(1 kWh, 0.5 % × 1200 = 6 kWh) = 6: |−10| > 6
        HealthReport report = health.dueDayMismatch(hourlyAroundMidnight("1190"), SHANGHAI);

        assertThat(report.skipped()).isEmpty();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.meter()).isEqualTo("m1");
            assertThat(f.kind()).isEqualTo(FindingKind.DUE_DAY_MISMATCH);
            assertThat(f.kind().key()).isEqualTo("dueDayMismatch");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).isEqualTo("meter m1: heat.energy.dueDay froze 1190 kWh at 2024-11-30T16:00:00Z"
                    + " (00:00 of 2024-12-01, Asia/Shanghai) but the hub's heat.energy cut there is 1200.000 kWh:"
                    + " difference -10.000 kWh (-0.83 % of the cut), tolerance 6.000 kWh (the larger of 1 kWh and 0.5 %"
                    + " of the cut); the value changed from 1100 to 1190 kWh between readings at 2024-11-30T15:00:00Z"
                    + " and 2024-11-30T17:00:00Z");
            // from the first reading showing the value (01:00) to the last (03:00)
            assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T01:00+08:00"));
            assertThat(f.lastSeen()).isEqualTo(at("2024-12-01T03:00+08:00"));
        });
    }

    @Test
    void aDueDayValueExactlyAtTheToleranceIsNotReported() {
        // cut 1200: 1194 and 1206 differ by exactly 6 = 0.5 % of 1200 (not beyond); 1193.999 differs by 6.001
        assertThat(health.dueDayMismatch(hourlyAroundMidnight("1194"), SHANGHAI).findings()).isEmpty();
        assertThat(health.dueDayMismatch(hourlyAroundMidnight("1206"), SHANGHAI).findings()).isEmpty();
        assertThat(health.dueDayMismatch(hourlyAroundMidnight("1193.999"), SHANGHAI).findings()).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("difference -6.001 kWh (-0.50 % of the cut), tolerance 6.000"));
        // a small counter: cut 100 + (103 − 100) × 1/2 = 101.5; 0.5 % of 101.5 = 0.5075 < 1 kWh, so the tolerance is 1:
        // 102.5 differs by exactly 1 (fine), 102.51 by 1.01 (reported)
        for (String frozen : List.of("102.5", "102.51")) {
            List<Reading> small = List.of(
                    energy("m1", "2024-11-30T23:00+08:00", "100"), dueDay("m1", "2024-11-30T23:00+08:00", "50"),
                    energy("m1", "2024-12-01T01:00+08:00", "103"), dueDay("m1", "2024-12-01T01:00+08:00", frozen));
            assertThat(health.dueDayMismatch(small, SHANGHAI).findings()).hasSize(frozen.equals("102.5") ? 0 : 1);
        }
    }

    @Test
    void anInterpolatedCutIsMarkedEstimated() {
        // no reading at 00:00: cut 1190 + (1220 − 1190) × 1 h / 3 h = 1200 (estimated); 1215 − 1200 = +15 kWh
        // = +1.25 % of the cut > 6 kWh
        List<Reading> readings = List.of(
                energy("m1", "2024-11-30T23:00+08:00", "1190"), dueDay("m1", "2024-11-30T23:00+08:00", "1100"),
                energy("m1", "2024-12-01T02:00+08:00", "1220"), dueDay("m1", "2024-12-01T02:00+08:00", "1215"));

        assertThat(health.dueDayMismatch(readings, SHANGHAI).findings()).singleElement().satisfies(f -> assertThat(
                f.evidence()).contains("froze 1215 kWh at 2024-11-30T16:00:00Z (00:00 of 2024-12-01, Asia/Shanghai) but"
                + " the hub's heat.energy cut there is 1200.000 kWh (estimated): difference +15.000 kWh (+1.25 % of the cut)"));
    }

    @Test
    void aFreezeWithoutAGoodCounterReadingBeforeItsMidnightIsSkippedWithTheReason() {
        // the 23:00 counter reading is only suspect: no good reading before 00:00, so no cut and no finding,
        // although 1100 → 1300 would be far off
        List<Reading> readings = List.of(
                r("m1", Points.HEAT_ENERGY, "1190", Unit.KWH, "2024-11-30T23:00+08:00", Quality.SUSPECT),
                dueDay("m1", "2024-11-30T23:00+08:00", "1100"),
                energy("m1", "2024-12-01T01:00+08:00", "1310"), dueDay("m1", "2024-12-01T01:00+08:00", "1300"));

        HealthReport report = health.dueDayMismatch(readings, SHANGHAI);

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).containsExactly("meter m1: heat.energy.dueDay frozen at 2024-11-30T16:00:00Z"
                + " (00:00 of 2024-12-01, Asia/Shanghai) not checked, meter m1 has no good heat.energy reading before the"
                + " cut at 2024-12-01T00:00+08:00 (first one at 2024-12-01T01:00+08:00); the value changed from 1100 to"
                + " 1300 kWh between readings at 2024-11-30T15:00:00Z and 2024-11-30T17:00:00Z");
    }

    @Test
    void aCutFarFromGoodReadingsOnBothSidesIsSkipped() {
        // good counter readings 3d1h before 00:00 of 12-01 and 2d1h after: both more than dueDayMaxGap (2d) away
        List<Reading> readings = new ArrayList<>(List.of(
                energy("m1", "2024-11-27T23:00+08:00", "1000"), energy("m1", "2024-12-03T01:00+08:00", "1490"),
                dueDay("m1", "2024-11-30T23:00+08:00", "900"), dueDay("m1", "2024-12-01T01:00+08:00", "1310")));

        HealthReport report = health.dueDayMismatch(readings, SHANGHAI);

        assertThat(report.findings()).isEmpty();
        assertThat(report.skipped()).containsExactly(
                "meter m1: heat.energy.dueDay frozen at 2024-11-30T16:00:00Z (00:00 of 2024-12-01, Asia/Shanghai) not"
                        + " checked, the nearest good heat.energy readings (2024-11-27T15:00:00Z, 2024-12-02T17:00:00Z)"
                        + " are both more than 48h from it; the value changed from 900 to 1310 kWh between readings at"
                        + " 2024-11-30T15:00:00Z and 2024-11-30T17:00:00Z",
                "meter m1: heat.energy.dueDay not compared with the running counter, no measured heat.energy reading"
                        + " at the time of any of its 2 readings");

        // one side within 2d (23:00 of 12-02 is 47 h after 00:00): cut 1000 + 490 × 73 h / 120 h = 1298.083333;
        // 1310 − 1298.083333 = 11.916667 = 0.92 % > max(1, 0.5 % × 1298.083333 = 6.490417) → reported, estimated
        readings.add(energy("m1", "2024-12-02T23:00+08:00", "1490"));
        readings.remove(1);
        assertThat(health.dueDayMismatch(readings, SHANGHAI).findings()).singleElement().satisfies(f -> assertThat(
                f.evidence()).contains("cut there is 1298.083 kWh (estimated): difference +11.917 kWh (+0.92 % of the"
                + " cut), tolerance 6.490 kWh"));
    }

    @Test
    void aDueDayValueAboveTheRunningCounterIsReportedEvenWhenItNeverChanges() {
        // due-day 1050 throughout; counter 1040 at 10:00 (10 above), 1048 at 11:00 (2 above), 1055 at 12:00 (fine)
        List<Reading> readings = List.of(
                energy("m1", "2024-12-01T10:00+08:00", "1040"), dueDay("m1", "2024-12-01T10:00+08:00", "1050"),
                energy("m1", "2024-12-01T11:00+08:00", "1048"), dueDay("m1", "2024-12-01T11:00+08:00", "1050"),
                energy("m1", "2024-12-01T12:00+08:00", "1055"), dueDay("m1", "2024-12-01T12:00+08:00", "1050"));

        HealthReport report = health.dueDayMismatch(readings, SHANGHAI);

        assertThat(report.skipped()).isEmpty();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.DUE_DAY_MISMATCH);
            assertThat(f.evidence()).isEqualTo("meter m1: heat.energy.dueDay above the running heat.energy counter read"
                    + " at the same instant in 2 of 3 readings from 2024-12-01T02:00:00Z to 2024-12-01T03:00:00Z (a frozen"
                    + " value cannot exceed the counter): worst 1050 kWh against 1040 kWh at 2024-12-01T02:00:00Z"
                    + " (10 kWh above)");
            assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T10:00+08:00"));
            assertThat(f.lastSeen()).isEqualTo(at("2024-12-01T11:00+08:00"));
        });
        // a value that never changes and stays below the counter: nothing to check, nothing to say
        assertThat(health.dueDayMismatch(List.of(
                energy("m1", "2024-12-01T10:00+08:00", "1040"), dueDay("m1", "2024-12-01T10:00+08:00", "1000"),
                energy("m1", "2024-12-01T11:00+08:00", "1048"), dueDay("m1", "2024-12-01T11:00+08:00", "1000")),
                SHANGHAI)).isEqualTo(new HealthReport(List.of(), List.of()));
    }

    @Test
    void waterMetersDueDayVolumeIsCheckedWithTheCubicMetreTolerance() {
        // volume 120 at 22:00, 124 at 02:00: cut at 00:00 = 120 + 4 × 2/4 = 122 (estimated);
        // tolerance max(0.1 m³, 0.5 % × 122 = 0.61 m³) = 0.61. 121.2: −0.8 = −0.66 % → reported; 121.5: −0.5 → fine
        for (String frozen : List.of("121.20", "121.50")) {
            List<Reading> readings = List.of(
                    r("w1", Points.VOLUME, "120.00", Unit.CUBIC_METRE, "2024-11-30T22:00+08:00"),
                    r("w1", "volume.dueDay", "100.00", Unit.CUBIC_METRE, "2024-11-30T22:00+08:00"),
                    r("w1", Points.VOLUME, "124.00", Unit.CUBIC_METRE, "2024-12-01T02:00+08:00"),
                    r("w1", "volume.dueDay", frozen, Unit.CUBIC_METRE, "2024-12-01T02:00+08:00"));
            HealthReport report = health.dueDayMismatch(readings, SHANGHAI);
            assertThat(report.skipped()).isEmpty();
            if (frozen.equals("121.50")) {
                assertThat(report.findings()).isEmpty();
                continue;
            }
            assertThat(report.findings()).singleElement().satisfies(f -> assertThat(f.evidence()).isEqualTo(
                    "meter w1: volume.dueDay froze 121.2 m³ at 2024-11-30T16:00:00Z (00:00 of 2024-12-01, Asia/Shanghai)"
                            + " but the hub's volume cut there is 122.000 m³ (estimated): difference -0.800 m³ (-0.66 % of"
                            + " the cut), tolerance 0.610 m³ (the larger of 0.1 m³ and 0.5 % of the cut); the value changed"
                            + " from 100 to 121.2 m³ between readings at 2024-11-30T14:00:00Z and 2024-11-30T18:00:00Z"));
        }
        // volume.dueDay above the volume read at the same instant
        assertThat(health.dueDayMismatch(List.of(
                r("w1", Points.VOLUME, "120.5", Unit.CUBIC_METRE, "2024-12-01T10:00+08:00"),
                r("w1", "volume.dueDay", "121", Unit.CUBIC_METRE, "2024-12-01T10:00+08:00")), SHANGHAI).findings())
                .singleElement().satisfies(f -> assertThat(f.evidence()).endsWith(
                        "worst 121 m³ against 120.5 m³ at 2024-12-01T02:00:00Z (0.5 m³ above)"));
    }

    @Test
    void theMidnightIsTheSitesAndAPollAtMidnightMayStillShowTheOldValue() {
        // readings at 07:00 and 09:00 Shanghai = 23:00 and 01:00 UTC. In UTC the value froze at 00:00Z, where the cut
        // 1190 + 20 × 1/2 = 1200 matches; in Shanghai the last 00:00 before 09:00 is before 07:00, so there is no
        // midnight between the two readings: skipped, not reported
        List<Reading> readings = List.of(
                energy("m1", "2024-12-01T07:00+08:00", "1190"), dueDay("m1", "2024-12-01T07:00+08:00", "1100"),
                energy("m1", "2024-12-01T09:00+08:00", "1210"), dueDay("m1", "2024-12-01T09:00+08:00", "1200"));

        assertThat(health.dueDayMismatch(readings, ZoneOffset.UTC)).isEqualTo(new HealthReport(List.of(), List.of()));
        HealthReport shanghai = health.dueDayMismatch(readings, SHANGHAI);
        assertThat(shanghai.findings()).isEmpty();
        assertThat(shanghai.skipped()).containsExactly("meter m1: heat.energy.dueDay not checked, the value changed from"
                + " 1100 to 1200 kWh between readings at 2024-11-30T23:00:00Z and 2024-12-01T01:00:00Z with no 00:00"
                + " (Asia/Shanghai) in between (meter clock or zone not the site's?)");

        // polled at exactly 00:00 the meter still showed 1100; the 00:15 reading is the first with 1190: frozen at
        // 00:00 (the instant of the reading before), cut 1200 there → −10 kWh, reported
        List<Reading> atMidnight = new ArrayList<>(hourlyAroundMidnight("1190"));
        atMidnight.add(dueDay("m1", "2024-12-01T00:00+08:00", "1100"));
        atMidnight.add(dueDay("m1", "2024-12-01T00:15+08:00", "1190"));
        assertThat(health.dueDayMismatch(atMidnight, SHANGHAI).findings()).singleElement().satisfies(f -> {
            assertThat(f.evidence()).contains("difference -10.000 kWh").endsWith(
                    "between readings at 2024-11-30T16:00:00Z and 2024-11-30T16:15:00Z");
            assertThat(f.firstSeen()).isEqualTo(at("2024-12-01T00:15+08:00"));
        });
    }

    @Test
    void aFindingBecomesTheAlarmConditionOfItsKindAndMeter() {
        MeterFinding finding = new MeterFinding("m2", FindingKind.SUPPLY_BELOW_RETURN, Severity.FAULT, "3.1 K",
                at("2024-12-01T08:00Z"), at("2024-12-01T08:00Z"));
        assertThat(finding.condition()).isEqualTo(new Condition("supplyBelowReturn", "m2", "3.1 K"));
        assertThat(finding.condition().alarmId()).isEqualTo("supplyBelowReturn:m2");
    }
}
