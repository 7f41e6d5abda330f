package io.heathub.billing.supervision.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed's section read by {@link SupervisionSection} in core's real site owner, with the other sections it takes. */
class SupervisionSectionTest {
    @TempDir
    Path dir;

    private TestSite site(String yaml) {
        return TestSite.of(dir, yaml, new HouseholdsSection(), new SupervisionSection());
    }

    @Test
    void readsTheFeedsSettingsAndTakesTheHouseholdsRoomSensorsByDefault() {
        try (TestSite site = site("""
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                health: { stuckAfter: often }
                alarms: { clearAfter: 45m }
                supervision: { interval: 15m, endpoint: "log:feed", lowPercentile: 20 }
                """)) {
            assertThat(site.service().problems()).isEmpty(); // health: is not the feed's to read
            FeedSite s = FeedSite.of(site.current()).orElseThrow();
            assertThat(s.siteId()).isEqualTo("demo");
            // no alarms bundle here: nobody reads alarms:, the default classes are counted
            assertThat(s.alarms()).isEqualTo(AlarmConfig.defaults());
            assertThat(s.supervision().interval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(s.supervision().endpoint()).isEqualTo("log:feed");
            assertThat(s.supervision().config().lowPercentile()).isEqualTo(20);
            assertThat(s.devices().roomSensors()).containsExactly("p-1");
        }
    }

    @Test
    void aBrokenSectionNamesFileLineAndColumn() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                supervision: { interval: 7m, delay: 1h, roomSenors: [p-1] }
                """)) {
            String file = site.siteFile();
            assertThat(site.problems(SupervisionSection.KEY)).containsExactly(
                    file + ":3:26: supervision.interval: expected an interval that divides a day (e.g. 15m, 1h, 1d)",
                    file + ":3:37: supervision.delay: expected a delay from 0 up to the interval",
                    file + ":3:41: supervision.roomSenors: unknown field 'roomSenors' (did you mean 'roomSensors'?)");
            assertThat(site.problems(HouseholdsSection.KEY)).hasSize(1);
            assertThat(site.service().current()).isEmpty();
        }
    }

    @Test
    void theShippedDemoSiteReadsCleanly() throws Exception {
        try (TestSite site = site(Files.readString(Path.of("../../config/site.yaml")))) {
            FeedSite s = FeedSite.of(site.current()).orElseThrow();
            assertThat(s.siteId()).isEqualTo("demo");
            assertThat(s.devices().roomSensors()).hasSize(24).allSatisfy(r -> assertThat(r).startsWith("panel-"));
        }
    }
}
