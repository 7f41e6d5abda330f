package io.heathub.billing.kpi;

import static io.heathub.billing.fixtures.R.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.DayRange;
import io.heathub.billing.Season;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyKpisTest {
    // 2024-11-15 … 2025-03-15: 16 + 31 + 31 + 28 + 15 = 121 days; the season before (leap February): 122 days
    private static final Season SEASON = Season.of(LocalDate.of(2024, 11, 15), LocalDate.of(2025, 3, 15), Season.DEFAULT_ZONE);
    private static final Season PREVIOUS = Season.of(LocalDate.of(2023, 11, 15), LocalDate.of(2024, 3, 15), Season.DEFAULT_ZONE);

    private final EnergyKpis kpis = new EnergyKpis(KpiConfig.defaults(),
            List.of(new KpiSite("sub-1", SiteKind.SUBSTATION, new BigDecimal("10000")),
                    new KpiSite("boiler-1", SiteKind.SOURCE, new BigDecimal("200000"))),
            List.of(new KpiCounter("hm-1", Points.HEAT_ENERGY, "sub-1", Quantity.HEAT),
                    new KpiCounter("em-1", Points.ELECTRIC_ENERGY, "sub-1", Quantity.ELECTRICITY),
                    new KpiCounter("wm-1", Points.VOLUME, "sub-1", Quantity.WATER),
                    new KpiCounter("coal-1", "fuel.coal", "boiler-1", Quantity.FUEL)));

    private static Reading heat(String time, String kWh) {
        return r("hm-1", Points.HEAT_ENERGY, kWh, Unit.KWH, time);
    }

    private static Reading electricity(String time, String kWh) {
        return r("em-1", Points.ELECTRIC_ENERGY, kWh, Unit.KWH, time);
    }

    private static Reading water(String time, String m3) {
        return r("wm-1", Points.VOLUME, m3, Unit.CUBIC_METRE, time);
    }

    /** 2025-W02 is Mon 6 – Sun 12 January 2025; 2024-W02 is Mon 8 – Sun 14 January 2024. */
    private static final List<Reading> TWO_WINTERS = List.of(
            heat("2025-01-06T00:00+08:00", "500000"), heat("2025-01-13T00:00+08:00", "525000"),
            electricity("2025-01-06T00:00+08:00", "80000"),
            electricity("2025-01-12T20:00+08:00", "80420"), electricity("2025-01-13T04:00+08:00", "80460"),
            water("2025-01-06T00:00+08:00", "1200.00"), water("2025-01-13T00:00+08:00", "1203.50"),
            heat("2024-01-08T00:00+08:00", "300000"), heat("2024-01-15T00:00+08:00", "327500"),
            electricity("2024-01-08T00:00+08:00", "70000"), electricity("2024-01-15T00:00+08:00", "70400"),
            water("2024-01-08T00:00+08:00", "900"));

    @Test
    void aWeekPerSquareMetreAgainstTargetsAndLastSeasonsSameWeek() {
        WeeklyKpi week = kpis.week("sub-1", 2025, 2, SEASON, PREVIOUS, TWO_WINTERS);
        PeriodKpi now = week.week();

        assertThat(now.label()).isEqualTo("2025-W02");
        assertThat(now.from()).isEqualTo(r("x", "p", "0", Unit.NONE, "2025-01-06T00:00+08:00").time());
        // heat 525000 − 500000 = 25000 kWh = 25000 × 0.0036 = 90 GJ; / 10000 m² = 2.5 kWh/m²
        QuantityTotal heat = now.total(Quantity.HEAT).orElseThrow();
        assertThat(heat.total()).isEqualByComparingTo("25000");
        assertThat(heat.totalGJ()).isEqualByComparingTo("90");
        assertThat(heat.perM2()).isEqualByComparingTo("2.5");
        assertThat(heat.estimated()).isFalse();
        assertThat(now.targetsPerM2()).doesNotContainKey(Quantity.HEAT);
        // electricity: cut at 13 Jan 00:00 interpolated 80420 + 40 × 4 h / 8 h = 80440 (estimated);
        // 80440 − 80000 = 440 kWh / 10000 m² = 0.044; target 5 × 7 / 121 = 0.2892561… → 0.289256
        QuantityTotal electricity = now.total(Quantity.ELECTRICITY).orElseThrow();
        assertThat(electricity.total()).isEqualByComparingTo("440");
        assertThat(electricity.estimated()).isTrue();
        assertThat(electricity.perM2()).isEqualByComparingTo("0.044");
        assertThat(now.targetsPerM2().get(Quantity.ELECTRICITY)).isEqualByComparingTo("0.289256");
        assertThat(now.withinTarget(Quantity.ELECTRICITY)).contains(true);
        // water 3.5 m³ / 10000 = 0.00035; target 0.05 × 7 / 121 = 0.00289256… → 0.002893
        assertThat(now.total(Quantity.WATER).orElseThrow().perM2()).isEqualByComparingTo("0.00035");
        assertThat(now.targetsPerM2().get(Quantity.WATER)).isEqualByComparingTo("0.002893");

        PeriodKpi before = week.lastSeason().orElseThrow();
        assertThat(before.label()).isEqualTo("2024-W02");
        // last season: heat 27500 → (25000 − 27500) / 27500 = −9.0909 % → −9.09; electricity 400 → +10.00 %
        assertThat(before.total(Quantity.HEAT).orElseThrow().total()).isEqualByComparingTo("27500");
        assertThat(week.changePercent(Quantity.HEAT)).contains(new BigDecimal("-9.09"));
        assertThat(week.changePercent(Quantity.ELECTRICITY)).contains(new BigDecimal("10.00"));
        // last season's electricity target: 5 × 7 / 122 = 0.28688524… → 0.286885
        assertThat(before.targetsPerM2().get(Quantity.ELECTRICITY)).isEqualByComparingTo("0.286885");
        // last season's water meter has no reading after the week: unknown, said why, no change
        QuantityTotal waterBefore = before.total(Quantity.WATER).orElseThrow();
        assertThat(waterBefore.known()).isFalse();
        assertThat(waterBefore.problems()).singleElement().asString().isEqualTo("wm-1/volume: no cut at 2024-01-14T16:00:00Z: no good reading on each side within 3d");
        assertThat(week.changePercent(Quantity.WATER)).isEmpty();
        assertThat(before.withinTarget(Quantity.WATER)).isEmpty();
    }

    @Test
    void monthAndSeasonTotals() {
        List<Reading> readings = List.of(
                electricity("2024-11-15T00:00+08:00", "60000"), electricity("2025-01-01T00:00+08:00", "79000"),
                electricity("2025-02-01T00:00+08:00", "81000"), electricity("2025-03-16T00:00+08:00", "105000"),
                water("2024-11-15T00:00+08:00", "1100"), water("2025-03-16T00:00+08:00", "1700"));

        // January: 81000 − 79000 = 2000 kWh → 0.2 kWh/m²; target 5 × 31 / 121 = 1.2809917… → 1.280992
        PeriodKpi january = kpis.month("sub-1", YearMonth.of(2025, 1), SEASON, readings);
        assertThat(january.label()).isEqualTo("2025-01");
        assertThat(january.total(Quantity.ELECTRICITY).orElseThrow().perM2()).isEqualByComparingTo("0.2");
        assertThat(january.targetsPerM2().get(Quantity.ELECTRICITY)).isEqualByComparingTo("1.280992");

        // season: electricity 105000 − 60000 = 45000 kWh → 4.5 ≤ 5 kWh/m²; water 600 m³ → 0.06 > 0.05 m³/m²
        PeriodKpi season = kpis.season("sub-1", SEASON, readings);
        assertThat(season.label()).isEqualTo("2024-11-15/2025-03-15");
        assertThat(season.total(Quantity.ELECTRICITY).orElseThrow().perM2()).isEqualByComparingTo("4.5");
        assertThat(season.withinTarget(Quantity.ELECTRICITY)).contains(true);
        assertThat(season.total(Quantity.WATER).orElseThrow().perM2()).isEqualByComparingTo("0.06");
        assertThat(season.withinTarget(Quantity.WATER)).contains(false);
        assertThat(season.targetsPerM2().get(Quantity.WATER)).isEqualByComparingTo("0.05");
    }

    @Test
    void aWeekPartlyBeforeTheSeasonGetsThatShareOfTheTarget() {
        // 2024-W46 = 11–17 Nov; season days in it: 15, 16, 17 → 5 × 3 / 121 = 0.12396694… → 0.123967
        PeriodKpi week = kpis.week("sub-1", 2024, 46, SEASON, PREVIOUS, List.of()).week();

        assertThat(week.targetsPerM2().get(Quantity.ELECTRICITY)).isEqualByComparingTo("0.123967");
        assertThat(week.total(Quantity.ELECTRICITY).orElseThrow().known()).isFalse();
    }

    @Test
    void fuelPerSquareMetreAtTheSource() {
        // 2025-W02 coal 1 200 000 → 1 310 000 kg = 110 000 kg / 200 000 m² = 0.55 kg/m²;
        // target 32 × 7 / 121 = 1.85123966… → 1.851240
        List<Reading> readings = List.of(r("coal-1", "fuel.coal", "1200000", Unit.NONE, "2025-01-06T00:00+08:00"),
                r("coal-1", "fuel.coal", "1310000", Unit.NONE, "2025-01-13T00:00+08:00"));

        PeriodKpi week = kpis.week("boiler-1", 2025, 2, SEASON, PREVIOUS, readings).week();

        assertThat(week.totals()).containsOnlyKeys(Quantity.FUEL);
        assertThat(week.total(Quantity.FUEL).orElseThrow().perM2()).isEqualByComparingTo("0.55");
        assertThat(week.targetsPerM2().get(Quantity.FUEL)).isEqualByComparingTo("1.851240");
    }

    @Test
    void week53HasNoSameWeekInAYearWithout53Weeks() {
        // 2026 has 53 ISO weeks (28 Dec 2026 – 3 Jan 2027), 2025 only 52
        Season next = Season.of(LocalDate.of(2026, 11, 15), LocalDate.of(2027, 3, 15), Season.DEFAULT_ZONE);
        WeeklyKpi week = kpis.week("sub-1", 2026, 53, next, SEASON, List.of());

        assertThat(week.week().label()).isEqualTo("2026-W53");
        assertThat(week.lastSeason()).isEmpty();
        assertThat(EnergyKpis.isoWeek(2026, 53)).contains(new DayRange(LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 3)));
        assertThatThrownBy(() -> kpis.week("sub-1", 2025, 53, SEASON, PREVIOUS, List.of()))
                .hasMessage("2025 has no ISO week 53");
    }

    @Test
    void readingsInAnotherUnitAreLeftOutAndSaid() {
        List<Reading> readings = List.of(water("2025-01-06T00:00+08:00", "1200"), water("2025-01-13T00:00+08:00", "1203"),
                r("wm-1", Points.VOLUME, "5000", Unit.KWH, "2025-01-13T00:00+08:00"));

        QuantityTotal water = kpis.week("sub-1", 2025, 2, SEASON, PREVIOUS, readings).week()
                .total(Quantity.WATER).orElseThrow();

        assertThat(water.total()).isEqualByComparingTo("3");
        assertThat(water.problems()).containsExactly("wm-1/volume: 1 readings left out, unit is not m³");
    }

    @Test
    void configFromYaml() throws ConfigException {
        KpiConfig config = KpiConfig.read(ConfigNode.parse("kpi.yaml", "seasonTargetsPerM2: { fuel: 31, electricity: 4.9 }\n"));

        assertThat(config.seasonTarget(Quantity.FUEL)).contains(new BigDecimal("31"));
        assertThat(config.seasonTarget(Quantity.WATER)).isEmpty();
        assertThat(config.perM2Scale()).isEqualTo(6);
        assertThatThrownBy(() -> KpiConfig.read(ConfigNode.parse("kpi.yaml", "seasonTargetsPerM2: { coal: 32 }\n")))
                .hasMessageContaining("kpi.yaml:1:29").hasMessageContaining("unknown quantity 'coal'");
    }
}
