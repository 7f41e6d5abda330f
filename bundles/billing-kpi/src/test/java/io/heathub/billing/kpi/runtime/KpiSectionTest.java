package io.heathub.billing.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.calendar.section.CalendarSection;
import java.util.Optional;
import org.threeten.extra.LocalDateRange;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import io.heathub.billing.kpi.Quantity;
import io.heathub.billing.kpi.SiteKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kpi: section read by {@link KpiSection} in core's real site owner. */
class KpiSectionTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    @TempDir
    Path dir;

    private TestSite site(String yaml) {
        return TestSite.of(dir, yaml, new KpiSection(), new HouseholdsSection(), new CalendarSection());
    }

    /** The kpi settings of the version that {@code yaml} becomes. */
    private KpiSettings parse(String yaml) {
        try (TestSite site = site(yaml)) {
            return site.current().section(KpiSection.KEY, KpiSettings.class).orElseThrow();
        }
    }

    @Test
    void readsEveryKeyOfAGoodSection() {
        KpiSettings s = parse("""
                site: { id: demo, zone: Asia/Shanghai }
                kpi:
                  seasonTargetsPerM2: { fuel: 31, electricity: 4.5 }
                  fuelUnit: t
                  perM2Scale: 4
                  maxInterpolationGap: 2d
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

        assertThat(s.zone()).isEqualTo(SHANGHAI);
        assertThat(s.config().seasonTarget(Quantity.FUEL)).contains(new BigDecimal("31"));
        assertThat(s.config().seasonTarget(Quantity.WATER)).isEmpty(); // a mapping replaces the default targets
        assertThat(s.config().fuelUnit()).isEqualTo("t");
        assertThat(s.config().perM2Scale()).isEqualTo(4);
        assertThat(s.config().maxInterpolationGap()).isEqualTo(Duration.ofDays(2));
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
        KpiSettings s = parse("site: { id: demo, zone: UTC }\n");

        assertThat(s.sites()).isEmpty();
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.config().seasonTarget(Quantity.WATER)).contains(new BigDecimal("0.05"));
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void eachProblemNamesFileLineColumnAndKeyAndTheLastGoodVersionStays() {
        try (TestSite site = site("kpi: { sites: [{ id: sub-0, kind: substation, heatedAreaM2: 5, counters: [{ device: d, point: p, quantity: heat }] }] }\n")) {
            site.write("""
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
                          kind: substaton
                          heatedAreaM2: 500
                          counters:
                            - { device: hm-4, point: heat.energy, quantity: heat }
                            - { device: hm-4, point: heat.energy, quantity: heat }
                            - { device: " ", point: volume, quantity: watr, unit: m3 }
                        - { id: sub-5, kind: substation, area: 500 }
                    """);

            assertThat(site.problems()).containsExactly(
                    site.siteFile() + ":1:15: site.zone: unknown time zone \"Mars/Olympus\" (e.g. Asia/Shanghai)",
                    site.siteFile() + ":3:15: kpi.perM2Scale: expected 0–12 decimals, got 20",
                    site.siteFile() + ":4:11: kpi.season: the season is the site calendar's now (calendar.season, one calendar"
                            + " for control, settlement and the energy figures): write calendar: { season: { from: 11-31, to: 03-15 } }"
                            + " if it differs from the default 11-15–03-15, and remove this key",
                    site.siteFile() + ":5:10: kpi.delay: expected a delay from 0 up to a week, e.g. 1h",
                    site.siteFile() + ":8:13: kpi.sites[1].id: site \"sub-1\" is listed twice (first on line 7)",
                    site.siteFile() + ":8:26: kpi.sites[1].kind: unknown value \"plant\"; expected one of source, substation",
                    site.siteFile() + ":8:47: kpi.sites[1].heatedAreaM2: heated area must be positive, got 0",
                    site.siteFile() + ":8:107: kpi.sites[1].counters[0].quantity: unknown quantity \"coal\"; expected heat, fuel,"
                            + " electricity or water",
                    site.siteFile() + ":9:67: kpi.sites[2].counters: a site needs at least one counter",
                    site.siteFile() + ":11:13: kpi.sites[3].kind: unknown value \"substaton\" (did you mean 'substation'?);"
                            + " expected one of source, substation",
                    site.siteFile() + ":15:11: kpi.sites[3].counters[1]: counter hm-4/heat.energy is listed twice (first on line 14)",
                    site.siteFile() + ":16:21: kpi.sites[3].counters[2].device: must not be empty",
                    site.siteFile() + ":16:51: kpi.sites[3].counters[2].quantity: unknown quantity \"watr\" (did you mean 'water'?);"
                            + " expected heat, fuel, electricity or water",
                    site.siteFile() + ":16:57: kpi.sites[3].counters[2].unit: unknown field 'unit'; allowed: device, point, quantity",
                    site.siteFile() + ":17:7: kpi.sites[4]: missing required field 'heatedAreaM2'",
                    site.siteFile() + ":17:7: kpi.sites[4]: a site needs at least one counter",
                    site.siteFile() + ":17:38: kpi.sites[4].area: unknown field 'area'; allowed: id, kind, heatedAreaM2, counters");
            // everything or nothing: the version before stays
            assertThat(site.current().version()).isEqualTo(1);
            KpiSettings s = site.current().section(KpiSection.KEY, KpiSettings.class).orElseThrow();
            assertThat(s.siteIds()).containsExactly("sub-0");
            assertThat(s.config().perM2Scale()).isEqualTo(6);
            assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void aMisspeltKeyIsRefusedWithASuggestion() {
        try (TestSite site = site("kpi:\n  sties: []\n  sesaon: { start: 11-15 }\nkip: {}\n")) {
            assertThat(site.problems()).containsExactly(
                    site.siteFile() + ":2:3: kpi.sties: unknown field 'sties' (did you mean 'sites'?)",
                    site.siteFile() + ":3:3: kpi.sesaon: unknown field 'sesaon' (did you mean 'season'?)",
                    site.siteFile() + ":4:6: kip: unknown section 'kip' (did you mean 'kpi'?)");
            assertThat(site.problems(KpiSection.KEY)).hasSize(3);
        }
    }

    @Test
    void theSeasonOfADayIsTheCalendarsSeasonContainingItOrTheOneBefore() {
        KpiSeasons winter = new KpiSeasons(HeatingCalendar.defaults(), SHANGHAI);

        // across the new year: 15 Nov 2024 – 15 Mar 2025 holds 12 Jan 2025 and 17 Nov 2024
        assertThat(winter.of(LocalDate.of(2025, 1, 12)))
                .isEqualTo(Season.of(LocalDate.of(2024, 11, 15), LocalDate.of(2025, 3, 15), SHANGHAI));
        assertThat(winter.of(LocalDate.of(2024, 11, 17)).start()).isEqualTo("2024-11-15");
        // off season: the one that ended before (summer, and the day before the season opens)
        assertThat(winter.of(LocalDate.of(2025, 7, 1)).start()).isEqualTo("2024-11-15");
        assertThat(winter.of(LocalDate.of(2024, 11, 14)).start()).isEqualTo("2023-11-15");
        assertThat(winter.previous(winter.of(LocalDate.of(2025, 1, 12))).days().toString()).isEqualTo("2023-11-15/2024-03-15");
        // a season within one year
        KpiSeasons south = new KpiSeasons(new HeatingCalendar(MonthDay.of(5, 1), MonthDay.of(9, 30), Optional.empty(),
                List.of(), List.of()), SHANGHAI);
        assertThat(south.of(LocalDate.of(2025, 3, 1)))
                .isEqualTo(Season.of(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 9, 30), SHANGHAI));
        assertThat(south.of(LocalDate.of(2025, 6, 1)).start()).isEqualTo("2025-05-01");
        // decree extensions touching the season are season days: a late end and an early start
        KpiSeasons extended = new KpiSeasons(new HeatingCalendar(MonthDay.of(11, 15), MonthDay.of(3, 15), Optional.empty(),
                List.of(new HeatingCalendar.Extension(LocalDateRange.ofClosed(LocalDate.of(2025, 3, 16), LocalDate.of(2025, 3, 31)), "cold spring"),
                        new HeatingCalendar.Extension(LocalDateRange.ofClosed(LocalDate.of(2025, 11, 5), LocalDate.of(2025, 11, 14)), "early snow")),
                List.of()), SHANGHAI);
        assertThat(extended.of(LocalDate.of(2025, 3, 31)).days().toString()).isEqualTo("2024-11-15/2025-03-31");
        assertThat(extended.of(LocalDate.of(2025, 11, 9)).days().toString()).isEqualTo("2025-11-05/2026-03-15");
        assertThat(extended.previous(extended.of(LocalDate.of(2025, 11, 9))).days().toString()).isEqualTo("2024-11-15/2025-03-31");
    }

    @Test
    void theShippedDemoSiteHasOneSubstationHeatingEveryHousehold() throws Exception {
        try (TestSite site = site(Files.readString(Path.of("../../config/site.yaml")))) {
        KpiSettings s = site.current().section(KpiSection.KEY, KpiSettings.class).orElseThrow();
        BigDecimal households = site.current().section(HouseholdsSection.KEY, Households.class).orElseThrow()
                .households().stream().map(Household::areaM2).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(households).isEqualByComparingTo("2088.5");
        assertThat(s.sites()).containsExactly(new KpiSite("demo", SiteKind.SUBSTATION, new BigDecimal("2088.5")));
        assertThat(s.counters()).extracting(c -> c.device() + "/" + c.point() + "/" + c.quantity().key())
                .containsExactly("mbus-1/heat.energy/heat", "pump-el/electric.energy/electricity", "water-1/volume/water");
        assertThat(s.config()).isEqualTo(io.heathub.billing.kpi.KpiConfig.defaults());
        assertThat(s.endpoint()).isEqualTo("file:${heathub.data}/kpi");
        assertThat(s.delay()).isEqualTo(Duration.ofHours(1));
        }
    }
}
