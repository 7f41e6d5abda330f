package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live alarms' sections (health:, alarms:, and the shared households and buildings) as core's site owner applies them. */
class HealthSiteTest {
    @TempDir
    Path dir;

    private TestSite site(String yaml) {
        return TestSite.of(dir, yaml, new HouseholdsSection(), new HealthSection(), new AlarmsSection());
    }

    @Test
    void readsHealthBuildingsAndAlarmsOfAGoodSite() {
        try (TestSite site = site("""
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                buildings: [{ id: b-1, meter: b-m, householdMeters: [m-1] }]
                health:
                  stuckAfter: 3h
                alarms: { clearAfter: 45m }
                supervision: { interval: 7m }
                """)) {
            assertThat(site.service().problems()).isEmpty(); // supervision: is not the alarms' to read
            HealthSite s = HealthSite.of(site.current()).orElseThrow();
            assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(s.health().stuckAfter()).isEqualTo(Duration.ofHours(3));
            assertThat(s.buildings()).singleElement().satisfies(b -> assertThat(b.meter()).isEqualTo("b-m"));
            assertThat(LiveAlarms.watchedMeters(s)).containsExactlyInAnyOrder("m-1", "b-m");
            assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
        }
    }

    @Test
    void eachBrokenSectionNamesFileLineAndColumn() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                health: { stuckAfter: often, buildings: [{ id: b-1, meter: b-m }] }
                alarms: { clearAfter: 45m, responseTime: { 1: 1h } }
                """)) {
            assertThat(site.problems("households")).containsExactly(site.siteFile() + ":2:5: households[0]: a two-part household needs a meter");
            assertThat(site.problems("health")).containsExactly(
                    site.siteFile() + ":3:23: health.stuckAfter: expected a duration like 10s, 500ms or 5m, got \"often\"",
                    site.siteFile() + ":3:41: health.buildings: the building meters are the top-level section buildings: now"
                            + " (read with the households): move this list there, unchanged");
            assertThat(site.problems("alarms")).containsExactly(
                    site.siteFile() + ":4:28: alarms.responseTime: unknown field 'responseTime' (did you mean 'responseTimes'?)");
            assertThat(site.service().current()).isEmpty();
        }
    }

    @Test
    void withoutItsSectionsTheDefaultsApply() {
        try (TestSite site = site("households: []\n")) {
            HealthSite s = HealthSite.of(site.current()).orElseThrow();
            assertThat(s.health().stuckAfter()).isEqualTo(Duration.ofHours(2));
            assertThat(s.alarms().classes()).containsExactly(1, 2, 3);
            assertThat(s.householdMeters()).isEmpty();
        }
    }

    @Test
    void theShippedDemoSiteReadsCleanly() throws Exception {
        try (TestSite site = site(Files.readString(Path.of("../../config/site.yaml")))) {
            HealthSite s = HealthSite.of(site.current()).orElseThrow();
            assertThat(s.householdMeters()).containsExactly("heat-101", "heat-102", "heat-103", "heat-201", "heat-202", "heat-203");
            assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
            assertThat(s.health().stuckAfter()).isEqualTo(Duration.ofMinutes(15));
        }
    }
}
