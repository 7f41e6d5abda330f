package io.heathub.billing.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.hub.SiteFile;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import io.heathub.billing.kpi.Quantity;
import io.heathub.billing.kpi.SiteKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiSectionTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void readsEveryKeyOfAGoodSection() {
        KpiSection s = KpiSection.parse("site.yaml", """
                site: { id: demo, zone: Asia/Shanghai }
                kpi:
                  seasonTargetsPerM2: { fuel: 31, electricity: 4.5 }
                  fuelUnit: t
                  perM2Scale: 4
                  maxInterpolationGap: 2d
                  season: { start: 11-01, end: 03-31 }
                  sites:
                    - id: boiler-1
                      kind: source
                      heatedAreaM2: 200000
                      counters:
                        - { device: coal-1, point: fuel.coal, quantity: fuel }
                        - { device: em-b, point: electric.energy, quantity: electricity }
                    - id: sub-1
                      kind: substation
                      heatedAreaM2: 10000.5
                      counters: [{ device: hm-1, point: heat.energy, quantity: heat }, { device: wm-1, point: volume, quantity: water }]
                  endpoint: "log:kpi"
                  delay: 90m
                """);

        assertThat(s.problems()).isEmpty();
        assertThat(s.zone()).isEqualTo(SHANGHAI);
        assertThat(s.config().seasonTarget(Quantity.FUEL)).contains(new BigDecimal("31"));
        assertThat(s.config().seasonTarget(Quantity.WATER)).isEmpty(); // a mapping replaces the default targets
        assertThat(s.config().fuelUnit()).isEqualTo("t");
        assertThat(s.config().perM2Scale()).isEqualTo(4);
        assertThat(s.config().maxInterpolationGap()).isEqualTo(Duration.ofDays(2));
        assertThat(s.season()).isEqualTo(new KpiSection.SeasonDates(MonthDay.of(11, 1), MonthDay.of(3, 31)));
        assertThat(s.sites()).containsExactly(new KpiSite("boiler-1", SiteKind.SOURCE, new BigDecimal("200000")),
                new KpiSite("sub-1", SiteKind.SUBSTATION, new BigDecimal("10000.5")));
        assertThat(s.counters()).containsExactly(new KpiCounter("coal-1", "fuel.coal", "boiler-1", Quantity.FUEL),
                new KpiCounter("em-b", "electric.energy", "boiler-1", Quantity.ELECTRICITY),
                new KpiCounter("hm-1", "heat.energy", "sub-1", Quantity.HEAT),
                new KpiCounter("wm-1", "volume", "sub-1", Quantity.WATER));
        assertThat(s.counterPoints()).containsExactly("fuel.coal", "electric.energy", "heat.energy", "volume");
        assertThat(s.endpoint()).isEqualTo("log:kpi");
        assertThat(s.delay()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void withoutASectionThereAreNoSitesAndTheDefaults() {
        KpiSection s = KpiSection.parse("site.yaml", "site: { id: demo, zone: UTC }\n");

        assertThat(s.problems()).isEmpty();
        assertThat(s.sites()).isEmpty();
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.season()).isEqualTo(KpiSection.SeasonDates.DEFAULT);
        assertThat(s.config().seasonTarget(Quantity.WATER)).contains(new BigDecimal("0.05"));
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void eachProblemNamesFileLineColumnAndKeyAndTheGoodSitesStay() {
        KpiSection s = KpiSection.parse("site.yaml", """
                site: { zone: Mars/Olympus }
                kpi:
                  perM2Scale: 20
                  season: { start: 11-31, end: 03-15 }
                  delay: 8d
                  sites:
                    - { id: sub-1, kind: substation, heatedAreaM2: 1000, counters: [{ device: hm-1, point: heat.energy, quantity: heat }] }
                    - { id: sub-1, kind: plant, heatedAreaM2: 0, counters: [{ device: hm-2, point: heat.energy, quantity: coal }] }
                    - { id: sub-3, kind: substation, heatedAreaM2: 500, counters: [] }
                    - id: sub-4
                      kind: substation
                      heatedAreaM2: 500
                      counters:
                        - { device: hm-4, point: heat.energy, quantity: heat }
                        - { device: hm-4, point: heat.energy, quantity: heat }
                        - { device: " ", point: volume, quantity: water, unit: m3 }
                    - { id: sub-5, kind: substation, area: 500 }
                """);

        assertThat(s.problems()).containsExactly(
                "site.yaml:1:15: site.zone: unknown time zone: Unknown time-zone ID: Mars/Olympus",
                "site.yaml:3:15: kpi.perM2Scale: expected 0–12 decimals, got 20",
                "site.yaml:4:20: kpi.season.start: expected a month-day MM-DD like 11-15, got \"11-31\"",
                "site.yaml:5:10: kpi.delay: expected a delay from 0 up to a week, e.g. 1h",
                "site.yaml:8:13: kpi.sites[1].id: site \"sub-1\" is listed twice (first on line 7)",
                "site.yaml:8:26: kpi.sites[1].kind: unknown value \"plant\"; expected one of source, substation",
                "site.yaml:8:47: kpi.sites[1].heatedAreaM2: heated area must be positive, got 0",
                "site.yaml:8:107: kpi.sites[1].counters[0].quantity: unknown quantity \"coal\"; expected heat, fuel,"
                        + " electricity or water",
                "site.yaml:9:67: kpi.sites[2].counters: a site needs at least one counter",
                "site.yaml:15:11: kpi.sites[3].counters[1]: counter hm-4/heat.energy is listed twice (first on line 14)",
                "site.yaml:16:58: kpi.sites[3].counters[2].unit: unknown field 'unit'; allowed: device, point, quantity",
                "site.yaml:17:38: kpi.sites[4].area: unknown field 'area'; allowed: id, kind, heatedAreaM2, counters");
        // the clean site stays; the broken settings keep their defaults
        assertThat(s.siteIds()).containsExactly("sub-1");
        assertThat(s.config().perM2Scale()).isEqualTo(6);
        assertThat(s.season()).isEqualTo(KpiSection.SeasonDates.DEFAULT);
        assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMisspeltKeyIsRefusedWithASuggestion() {
        KpiSection s = KpiSection.parse("site.yaml", "kpi:\n  sties: []\n");

        assertThat(s.problems()).containsExactly("site.yaml:2:3: kpi.sties: unknown field 'sties' (did you mean 'sites'?)");
    }

    @Test
    void theSeasonOfADayIsTheOneContainingItOrTheOneBefore() {
        KpiSection.SeasonDates winter = KpiSection.SeasonDates.DEFAULT;

        // across the new year: 15 Nov 2024 – 15 Mar 2025 holds 12 Jan 2025 and 17 Nov 2024
        assertThat(winter.containingOrBefore(LocalDate.of(2025, 1, 12), SHANGHAI))
                .isEqualTo(Season.of(LocalDate.of(2024, 11, 15), LocalDate.of(2025, 3, 15), SHANGHAI));
        assertThat(winter.containingOrBefore(LocalDate.of(2024, 11, 17), SHANGHAI).start()).isEqualTo("2024-11-15");
        // off season: the one that ended before (summer, and the day before the season opens)
        assertThat(winter.containingOrBefore(LocalDate.of(2025, 7, 1), SHANGHAI).start()).isEqualTo("2024-11-15");
        assertThat(winter.containingOrBefore(LocalDate.of(2024, 11, 14), SHANGHAI).start()).isEqualTo("2023-11-15");
        // a season within one year
        KpiSection.SeasonDates south = new KpiSection.SeasonDates(MonthDay.of(5, 1), MonthDay.of(9, 30));
        assertThat(south.containingOrBefore(LocalDate.of(2025, 3, 1), SHANGHAI))
                .isEqualTo(Season.of(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 9, 30), SHANGHAI));
        assertThat(south.containingOrBefore(LocalDate.of(2025, 6, 1), SHANGHAI).start()).isEqualTo("2025-05-01");

        KpiSection s = KpiSection.parse("site.yaml", "kpi: { season: { end: 03-31 } }\n");
        Season current = s.seasonOf(LocalDate.of(2025, 3, 31));
        assertThat(current.days().toString()).isEqualTo("2024-11-15/2025-03-31");
        assertThat(current.zone()).isEqualTo(Season.DEFAULT_ZONE);
        assertThat(s.previous(current).days().toString()).isEqualTo("2023-11-15/2024-03-31");
    }

    @Test
    void theShippedDemoSiteHasOneSubstationHeatingEveryHousehold() {
        Path site = Path.of("../../config/site.yaml");
        KpiSection s = KpiSection.read(site);

        assertThat(s.problems()).isEmpty();
        BigDecimal households = SiteFile.read(site, HouseholdsSection::read, p -> new HouseholdsSection(List.of(), p)).households().stream().map(Household::areaM2)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(households).isEqualByComparingTo("2088.5");
        assertThat(s.sites()).containsExactly(new KpiSite("demo", SiteKind.SUBSTATION, new BigDecimal("2088.5")));
        assertThat(s.counters()).extracting(c -> c.device() + "/" + c.point() + "/" + c.quantity().key())
                .containsExactly("mbus-1/heat.energy/heat", "pump-el/electric.energy/electricity", "water-1/volume/water");
        assertThat(s.config()).isEqualTo(io.heathub.billing.kpi.KpiConfig.defaults());
        assertThat(s.endpoint()).isEqualTo("file:${heathub.data}/kpi");
        assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
    }
}
