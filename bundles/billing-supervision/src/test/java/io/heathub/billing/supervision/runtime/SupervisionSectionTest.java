package io.heathub.billing.supervision.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupervisionSectionTest {

    @Test
    void readsTheFeedsSettingsAndTakesTheHouseholdsRoomSensorsByDefault() {
        SupervisionSection s = SupervisionSection.parse("site.yaml", """
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                health: { stuckAfter: often }
                alarms: { clearAfter: 45m }
                supervision: { interval: 15m, endpoint: "log:feed", lowPercentile: 20 }
                """);
        assertThat(s.problems()).isEmpty(); // health: is not the feed's to read
        assertThat(s.siteId()).isEqualTo("demo");
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.supervision().interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.supervision().endpoint()).isEqualTo("log:feed");
        assertThat(s.supervision().config().lowPercentile()).isEqualTo(20);
        assertThat(s.supervision().roomSensors()).containsExactly("p-1");
    }

    @Test
    void aBrokenSectionNamesFileLineAndColumnAndLeavesTheOthers() {
        SupervisionSection s = SupervisionSection.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, tariff: two-part }
                alarms: { clearAfter: 45m }
                supervision: { interval: 7m }
                """);
        assertThat(s.problemsOf("supervision")).singleElement().asString().startsWith("site.yaml:4:")
                .contains("divides a day");
        assertThat(s.problemsOf("households")).hasSize(1);
        assertThat(s.alarms().clearAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.supervision().interval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theShippedDemoSiteReadsCleanly() {
        SupervisionSection s = SupervisionSection.read(Path.of("../../config/site.yaml"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.siteId()).isEqualTo("demo");
        assertThat(s.supervision().roomSensors()).hasSize(24).allSatisfy(r -> assertThat(r).startsWith("panel-"));
    }
}
