package io.heathub.billing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.HouseholdTariff;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SiteSectionsTest {

    @Test
    void readsEverySectionOfAGoodSite() {
        SiteSections s = SiteSections.parse("site.yaml", """
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: 0.188 }
                health:
                  stuckAfter: 3h
                  buildings: [{ id: b-1, meter: b-m, householdMeters: [m-1] }]
                alarms: { clearAfter: 45m }
                supervision: { interval: 15m, endpoint: "log:feed", lowPercentile: 20 }
                """);
        assertThat(s.problems()).isEmpty();
        assertThat(s.households()).extracting(h -> h.id() + "/" + h.tariff()).containsExactly("h-1/TWO_PART", "h-2/AREA");
        assertThat(s.households().get(1).tariff()).isEqualTo(HouseholdTariff.AREA);
        assertThat(s.householdMeters()).containsExactly("m-1");
        assertThat(s.health().stuckAfter()).isEqualTo(Duration.ofHours(3));
        assertThat(s.buildings()).singleElement().satisfies(b -> assertThat(b.meter()).isEqualTo("b-m"));
        assertThat(LiveAlarms.watchedMeters(s)).containsExactlyInAnyOrder("m-1", "b-m");
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.supervision().interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.supervision().config().lowPercentile()).isEqualTo(20);
        assertThat(s.supervision().roomSensors()).containsExactly("p-1");
    }

    @Test
    void eachBrokenSectionNamesFileLineAndColumnAndLeavesTheOthers() {
        SiteSections s = SiteSections.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                  - { household: h-1, areaM2: 0, meter: m-2, tariff: flat }
                  - { household: h-3, areaM2: 50, tariff: area, colour: red }
                health: { stuckAfter: often }
                alarms: { clearAfter: 45m }
                supervision: { interval: 7m }
                """);
        assertThat(s.problemsOf("households")).containsExactly(
                "site.yaml:2:5: households[0]: a two-part household needs a meter",
                "site.yaml:3:18: households[1].household: household \"h-1\" is listed twice (first on line 2)",
                "site.yaml:3:31: households[1].areaM2: area must be positive, got 0",
                "site.yaml:3:54: households[1].tariff: unknown tariff \"flat\"; expected two-part or area",
                "site.yaml:4:49: households[2].colour: unknown field 'colour'; allowed: household, id, areaM2, meter, "
                        + "roomSensor, tariff, zone");
        assertThat(s.problemsOf("health")).singleElement().asString().startsWith("site.yaml:5:").contains("stuckAfter");
        assertThat(s.problemsOf("supervision")).singleElement().asString().startsWith("site.yaml:7:")
                .contains("divides a day");
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void theShippedDemoSiteReadsCleanly() {
        SiteSections s = SiteSections.read(Path.of("../../config/site.yaml"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.tariff()).isPresent();
        assertThat(s.householdMeters()).containsExactly("heat-101", "heat-102", "heat-103", "heat-201", "heat-202", "heat-203");
        assertThat(s.households()).allSatisfy(h -> assertThat(h.roomSensor()).startsWith("panel-"));
    }
}
