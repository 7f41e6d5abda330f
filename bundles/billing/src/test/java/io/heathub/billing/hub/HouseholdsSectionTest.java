package io.heathub.billing.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.Building;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.config.ConfigNode;
import io.heathub.config.site.SiteContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared households: and buildings: sections, read by core's real site owner as in the hub. */
class HouseholdsSectionTest {
    @TempDir
    Path dir;

    private TestSite site(String yaml) {
        return TestSite.of(dir, yaml, new HouseholdsSection());
    }

    private static Households households(TestSite site) {
        return site.current().section(HouseholdsSection.KEY, Households.class).orElseThrow();
    }

    @Test
    void readsTheHouseholdsOfAGoodSite() {
        try (TestSite site = site("""
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                """)) {
            Households s = households(site);
            assertThat(s.households()).extracting(h -> h.id() + "/" + h.tariff()).containsExactly("h-1/TWO_PART", "h-2/AREA");
            assertThat(s.households().get(1).tariff()).isEqualTo(HouseholdTariff.AREA);
            assertThat(s.meters()).containsExactly("m-1");
            assertThat(s.roomSensors()).containsExactly("p-1");
            assertThat(s.buildings()).isEmpty();
        }
    }

    @Test
    void everyBadHouseholdNamesFileLineAndColumnAndTheSiteIsNotApplied() {
        try (TestSite site = site("households: []\n")) {
            site.write("""
                    households:
                      - { household: h-1, areaM2: 90, tariff: two-part }
                      - { household: h-1, areaM2: 0, meter: m-2, tariff: flat }
                      - { household: h-3, areaM2: 50, tariff: are, colour: red }
                      - { household: h-4, areaM2: 50, tariff: area }
                    """);
            assertThat(site.problems()).containsExactly(
                    site.siteFile() + ":2:5: households[0]: a two-part household needs a meter",
                    site.siteFile() + ":3:18: households[1].household: household \"h-1\" is listed twice (first on line 2)",
                    site.siteFile() + ":3:31: households[1].areaM2: area must be positive, got 0",
                    site.siteFile() + ":3:54: households[1].tariff: unknown tariff \"flat\"; expected two-part or area",
                    site.siteFile() + ":4:43: households[2].tariff: unknown tariff \"are\" (did you mean 'area'?); expected two-part or area",
                    site.siteFile() + ":4:48: households[2].colour: unknown field 'colour'; allowed: household, id, areaM2, meter, "
                            + "roomSensor, tariff, zone, building, elastic");
            // everything or nothing: the version before stays, with no households
            assertThat(site.current().version()).isEqualTo(1);
            assertThat(households(site).households()).isEmpty();
        }
    }

    @Test
    void theShippedDemoSiteReadsCleanly() throws Exception {
        Files.createDirectories(dir);
        String demo = Files.readString(Path.of("../../config/site.yaml"));
        try (TestSite site = site(demo)) {
            Households s = households(site);
            assertThat(s.meters()).containsExactly("heat-101", "heat-102", "heat-103", "heat-201", "heat-202", "heat-203");
            assertThat(s.households()).hasSize(24).allSatisfy(h -> assertThat(h.roomSensor()).startsWith("panel-"));
            assertThat(site.current().id()).isEqualTo("demo");
            assertThat(site.current().zone().getId()).isEqualTo("Asia/Shanghai");
        }
    }

    @Test
    void accountsCarryBuildingAndZone() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, building: b-3, zone: east }
                  - { household: h-3, areaM2: 70, meter: m-3, tariff: two-part, building: b-4 }
                """)) {
            Households s = households(site);
            assertThat(s.households().get(0).building()).isEqualTo("b-3");
            assertThat(s.households().get(0).zone()).isEqualTo("east");
            assertThat(s.households().get(1).zone()).isEmpty();
            assertThat(s.households()).allSatisfy(h -> assertThat(h.elasticPeriods()).isEmpty());
        }
    }

    @Test
    void elasticPeriodsOfAHouseholdAreRefusedWithThePointerToTheCalendar() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part,
                      elastic: [2024-11-01/2024-11-14, 2025-03-16/2025-03-20] }
                  - { household: h-2, areaM2: 60, tariff: area, elastic: soon }
                """)) {
            assertThat(site.problems()).containsExactly(
                    site.siteFile() + ":3:16: households[0].elastic: elastic periods are written in the site's calendar now"
                            + " (calendar.elastic, one calendar for control and billing): move them there as"
                            + " - { household: h-1, from: 2024-11-01, to: 2024-11-14 }"
                            + " - { household: h-1, from: 2025-03-16, to: 2025-03-20 } and remove this key",
                    site.siteFile() + ":4:58: households[1].elastic: elastic periods are written in the site's calendar now"
                            + " (calendar.elastic, one calendar for control and billing): move them there as"
                            + " - { household: h-2, from: FIRST, to: LAST } and remove this key");
        }
    }

    @Test
    void buildingsFindTheirHouseholdsMetersOrSayTheyHaveNone() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, building: b-3 }
                  - { household: h-2, areaM2: 60, meter: m-2, tariff: two-part, building: b-3 }
                buildings:
                  - { id: b-3, meter: b-m }
                  - { id: b-1, meter: b-1m, householdMeters: [m-1] }
                """)) {
            assertThat(households(site).buildings()).containsExactly(
                    new Building("b-3", "b-m", List.of("m-1", "m-2")), new Building("b-1", "b-1m", List.of("m-1")));

            site.write("""
                    households:
                      - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, building: b-3 }
                    buildings:
                      - { id: b-9, meter: b-m }
                      - { id: b-3, metre: b-m }
                    """);
            assertThat(site.problems()).containsExactly(
                    site.siteFile() + ":4:11: buildings[0].id: building b-9 needs at least one household meter: list householdMeters"
                            + " or give households building: b-9",
                    site.siteFile() + ":5:5: buildings[1]: missing required field 'meter'",
                    site.siteFile() + ":5:16: buildings[1].metre: unknown field 'metre' (did you mean 'meter'?)");
        }
    }

    @Test
    void householdsMayComeFromACsvFileNextToTheSiteAndItsChangesAreChangesOfTheSite() {
        Path csv = dir.resolve("households.csv");
        try (TestSite site = TestSite.of(dir, "site: { id: s }\nhouseholds: households.csv\n", new HouseholdsSection())) {
            site.change("households.csv", """
                    household,area_m2,meter,room_sensor,tariff,building,zone,elastic
                    3-2-501,89.5,m-501,p-501,two-part,3,east,
                    3-2-502,76,,p-502,area,3,east,
                    """);
            assertThat(households(site).households())
                    .extracting(h -> h.id() + "/" + h.building() + "/" + h.zone() + "/" + h.elasticPeriods())
                    .containsExactly("3-2-501/3/east/[]", "3-2-502/3/east/[]");
            long version = site.current().version();

            site.change("households.csv", """
                    household,area_m2,meter,room_sensor,tariff,elastic
                    3-2-501,89.5,m-501,p-501,two-part,2024-11-01
                    """);
            assertThat(site.problems()).isEqualTo(List.of(
                    site.siteFile() + ":2:13: households: households file " + csv + " has 1 problem; none of its households is used",
                    csv + ":2:35: elastic: elastic periods are written in the site's calendar now (calendar.elastic in site.yaml,"
                            + " one calendar for control and billing): move \"2024-11-01\" there as"
                            + " - { household: 3-2-501, from: FIRST, to: LAST } and empty this column"));
            assertThat(site.problems("households")).hasSize(2);
            assertThat(site.problems("tariff")).isEmpty();

            // a typo in the header and in a tariff is named with the nearest spelling
            site.change("households.csv", """
                    household,area_m2,meter,room_senser,tariff
                    3-2-501,89.5,m-501,p-501,two-part
                    """);
            assertThat(site.problems()).contains(csv + ":1:25: room_senser: unknown column (did you mean 'room_sensor'?);"
                    + " expected the header household,area_m2,meter,room_sensor,tariff (optional: building,zone,elastic)");
            site.change("households.csv", """
                    household,area_m2,meter,room_sensor,tariff
                    3-2-501,89.5,m-501,p-501,two-prat
                    """);
            assertThat(site.problems()).contains(csv + ":2:26: tariff: unknown tariff \"two-prat\" (did you mean 'two-part'?);"
                    + " expected two-part or area");

            site.change("households.csv", """
                    household,area_m2,meter,room_sensor,tariff
                    3-2-501,89.5,m-501,p-501,two-part
                    3-2-503,70,m-503,p-503,two-part
                    """);
            assertThat(site.problems()).isEmpty();
            assertThat(site.current().version()).isEqualTo(version + 1);
            assertThat(households(site).meters()).containsExactly("m-501", "m-503");
        }
    }

    @Test
    void theImportedFileIsNamedForTheOwnerToWatch() throws Exception {
        SiteContext context = new SiteContext(dir, dir.resolve("site.yaml"), "s", ZoneOffset.UTC, Set.of());
        assertThat(new HouseholdsSection().files(ConfigNode.parse("site.yaml", "households: accounts/h.csv\n"), context))
                .containsExactly(dir.resolve("accounts/h.csv"));
        assertThat(new HouseholdsSection().files(ConfigNode.parse("site.yaml", "households: []\n"), context)).isEmpty();
    }

    @Test
    void anUnparsableFileIsOneLocatedProblem() {
        try (TestSite site = site("households: [ { household: h-1 \n")) {
            assertThat(site.service().current()).isEmpty();
            assertThat(site.problems()).singleElement().asString().startsWith(site.siteFile() + ":");
            assertThat(site.problems("households")).hasSize(1);
        }
    }
}
