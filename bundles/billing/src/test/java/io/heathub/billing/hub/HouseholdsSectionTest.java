package io.heathub.billing.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.DayRange;
import io.heathub.billing.HouseholdTariff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HouseholdsSectionTest {

    private static HouseholdsSection parse(String yaml) {
        return SiteFile.parse("site.yaml", yaml, HouseholdsSection::read, p -> new HouseholdsSection(List.of(), p));
    }

    @Test
    void readsTheHouseholdsOfAGoodSite() {
        HouseholdsSection s = parse("""
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: 0.188 }
                """);
        assertThat(s.problems()).isEmpty();
        assertThat(s.households()).extracting(h -> h.id() + "/" + h.tariff()).containsExactly("h-1/TWO_PART", "h-2/AREA");
        assertThat(s.households().get(1).tariff()).isEqualTo(HouseholdTariff.AREA);
        assertThat(s.meters()).containsExactly("m-1");
        assertThat(s.roomSensors()).containsExactly("p-1");
    }

    @Test
    void eachBadHouseholdNamesFileLineAndColumnAndLeavesTheOthers() {
        HouseholdsSection s = parse("""
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                  - { household: h-1, areaM2: 0, meter: m-2, tariff: flat }
                  - { household: h-3, areaM2: 50, tariff: area, colour: red }
                  - { household: h-4, areaM2: 50, tariff: area }
                health: { stuckAfter: often }
                """);
        assertThat(s.problems()).containsExactly(
                "site.yaml:2:5: households[0]: a two-part household needs a meter",
                "site.yaml:3:18: households[1].household: household \"h-1\" is listed twice (first on line 2)",
                "site.yaml:3:31: households[1].areaM2: area must be positive, got 0",
                "site.yaml:3:54: households[1].tariff: unknown tariff \"flat\"; expected two-part or area",
                "site.yaml:4:49: households[2].colour: unknown field 'colour'; allowed: household, id, areaM2, meter, "
                        + "roomSensor, tariff, zone, building, elastic");
        assertThat(s.households()).extracting(h -> h.id()).containsExactly("h-4");
    }

    @Test
    void theShippedDemoSiteReadsCleanly() {
        Path site = Path.of("../../config/site.yaml");
        HouseholdsSection s = SiteFile.read(site, HouseholdsSection::read, p -> new HouseholdsSection(List.of(), p));
        assertThat(s.problems()).isEmpty();
        assertThat(s.meters()).containsExactly("heat-101", "heat-102", "heat-103", "heat-201", "heat-202", "heat-203");
        assertThat(s.households()).hasSize(24).allSatisfy(h -> assertThat(h.roomSensor()).startsWith("panel-"));
        SiteIdentity identity = SiteFile.read(site, SiteIdentity::read, p -> new SiteIdentity("hub", ZoneId.of("UTC"), p));
        assertThat(identity).isEqualTo(new SiteIdentity("demo", ZoneId.of("Asia/Shanghai"), List.of()));
    }

    @Test
    void accountsCarryBuildingZoneAndElasticDays() {
        HouseholdsSection s = parse("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, building: b-3, zone: east,
                      elastic: [2024-11-01/2024-11-14, 2025-03-16/2025-03-20] }
                  - { household: h-2, areaM2: 60, meter: m-2, tariff: two-part, building: b-3, elastic: 2024-11-10/2024-11-14 }
                  - { household: h-3, areaM2: 70, meter: m-3, tariff: two-part, building: b-4 }
                """);
        assertThat(s.problems()).isEmpty();
        assertThat(s.households().get(0).building()).isEqualTo("b-3");
        assertThat(s.households().get(0).zone()).isEqualTo("east");
        assertThat(s.households().get(0).elasticPeriods()).containsExactly(
                new DayRange(LocalDate.of(2024, 11, 1), LocalDate.of(2024, 11, 14)),
                new DayRange(LocalDate.of(2025, 3, 16), LocalDate.of(2025, 3, 20)));
        assertThat(s.households().get(1).elasticPeriods()).hasSize(1);
        assertThat(s.households().get(2).zone()).isEmpty();
    }

    @Test
    void badElasticPeriodsAreLocated() {
        HouseholdsSection s = parse("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, elastic: [2024-11-14/2024-11-01] }
                  - { household: h-2, areaM2: 60, tariff: area, elastic: soon }
                """);
        assertThat(s.problems()).containsExactly(
                "site.yaml:2:75: households[0].elastic[0]: day range ends (2024-11-01) before it starts (2024-11-14)",
                "site.yaml:3:58: households[1].elastic: expected FIRST/LAST dates, e.g. 2024-11-01/2024-11-14, got \"soon\"");
    }

    @Test
    void householdsMayComeFromACsvFileNextToTheSite(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("households.csv"), """
                household,area_m2,meter,room_sensor,tariff,building,zone,elastic
                3-2-501,89.5,m-501,p-501,two-part,3,east,2024-11-01/2024-11-14
                3-2-502,76,,p-502,area,3,east,
                """);
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "site: { id: s }\nhouseholds: households.csv\n");
        HouseholdsSection s = SiteFile.read(site, HouseholdsSection::read, p -> new HouseholdsSection(List.of(), p));
        assertThat(s.problems()).isEmpty();
        assertThat(s.households()).extracting(h -> h.id() + "/" + h.building() + "/" + h.zone() + "/" + h.elasticPeriods())
                .containsExactly("3-2-501/3/east/[2024-11-01/2024-11-14]", "3-2-502/3/east/[]");

        Files.writeString(dir.resolve("households.csv"), """
                household,area_m2,meter,room_sensor,tariff,elastic
                3-2-501,89.5,m-501,p-501,two-part,2024-11-01
                """);
        HouseholdsSection broken = SiteFile.read(site, HouseholdsSection::read, p -> new HouseholdsSection(List.of(), p));
        assertThat(broken.households()).isEmpty();
        assertThat(broken.problems()).isEqualTo(List.of(
                site + ":2:13: households: households file " + dir.resolve("households.csv") + " has 1 problem; none of its households is used",
                dir.resolve("households.csv") + ":2:35: elastic: expected FIRST/LAST dates, e.g. 2024-11-01/2024-11-14, got \"2024-11-01\"; separate periods with ';'"));
    }

    @Test
    void aBrokenZoneOrAnUnparsableFileIsOneLocatedProblemAndTheDefaultsStand() {
        SiteIdentity zone = SiteFile.parse("site.yaml", "site: { id: s-1, zone: Mars/Olympus }\n", SiteIdentity::read,
                p -> new SiteIdentity("hub", SiteIdentity.DEFAULT.zone(), p));
        assertThat(zone.id()).isEqualTo("s-1");
        assertThat(zone.zone()).isEqualTo(SiteIdentity.DEFAULT.zone());
        assertThat(zone.problems()).singleElement().asString().startsWith("site.yaml:1:24: site.zone: unknown time zone");

        HouseholdsSection unparsable = parse("households: [ { household: h-1 \n");
        assertThat(unparsable.households()).isEmpty();
        assertThat(unparsable.problems()).singleElement().asString().startsWith("site.yaml:");
    }
}
