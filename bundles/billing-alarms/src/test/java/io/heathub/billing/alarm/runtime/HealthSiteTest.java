package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HealthSiteTest {

    @Test
    void readsHealthBuildingsAndAlarmsOfAGoodSite() {
        HealthSite s = HealthSite.parse("site.yaml", """
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                health:
                  stuckAfter: 3h
                  buildings: [{ id: b-1, meter: b-m, householdMeters: [m-1] }]
                alarms: { clearAfter: 45m }
                supervision: { interval: 7m }
                """);
        assertThat(s.problems()).isEmpty(); // supervision: is not the alarms' to read
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.health().stuckAfter()).isEqualTo(Duration.ofHours(3));
        assertThat(s.buildings()).singleElement().satisfies(b -> assertThat(b.meter()).isEqualTo("b-m"));
        assertThat(LiveAlarms.watchedMeters(s)).containsExactlyInAnyOrder("m-1", "b-m");
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void eachBrokenSectionNamesFileLineAndColumnAndLeavesTheOthers() {
        HealthSite s = HealthSite.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                health: { stuckAfter: often }
                alarms: { clearAfter: 45m }
                """);
        assertThat(s.problemsOf("households")).containsExactly("site.yaml:2:5: households[0]: a two-part household needs a meter");
        assertThat(s.problemsOf("health")).singleElement().asString().startsWith("site.yaml:3:").contains("stuckAfter");
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void buildingsFindTheirHouseholdsMetersOrSayTheyHaveNone() {
        HealthSite s = HealthSite.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part, building: b-3 }
                  - { household: h-2, areaM2: 60, meter: m-2, tariff: two-part, building: b-3 }
                  - { household: h-3, areaM2: 70, meter: m-3, tariff: two-part, building: b-4 }
                health:
                  buildings: [{ id: b-3, meter: b-m }]
                """);
        assertThat(s.problems()).isEmpty();
        // householdMeters left out: the meters of the households in building b-3
        assertThat(s.buildings()).singleElement().satisfies(b -> assertThat(b.householdMeters()).containsExactly("m-1", "m-2"));

        HealthSite empty = HealthSite.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part }
                health:
                  buildings: [{ id: b-9, meter: b-m }]
                """);
        assertThat(empty.problemsOf("health")).singleElement().asString().startsWith("site.yaml:4:")
                .contains("building b-9 needs at least one household meter");
    }

    @Test
    void theShippedDemoSiteReadsCleanly() {
        HealthSite s = HealthSite.read(Path.of("../../config/site.yaml"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.householdMeters()).containsExactly("heat-101", "heat-102", "heat-103", "heat-201", "heat-202", "heat-203");
        assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }
}
