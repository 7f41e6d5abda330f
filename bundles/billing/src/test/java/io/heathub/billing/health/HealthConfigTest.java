package io.heathub.billing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthConfigTest {

    @Test
    void readsOverridesAndKeepsDefaults() throws ConfigException {
        HealthConfig config = HealthConfig.read(ConfigNode.parse("health.yaml", """
                buildingAbovePercent: 12
                stuckAfter: 3h
                meterDefaults: { maxPowerKW: 30 }
                meters:
                  b-1: { maxPowerKW: 800, maxFlowM3h: 40, pollInterval: 5m }
                severities: { clockDrift: fault }
                """));

        assertThat(config.buildingAbovePercent()).isEqualByComparingTo("12");
        assertThat(config.householdsAbovePercent()).isEqualByComparingTo("5");
        assertThat(config.stuckAfter()).isEqualTo(Duration.ofHours(3));
        assertThat(config.limitsOf("h1").maxPowerKW()).isEqualByComparingTo("30");
        assertThat(config.limitsOf("h1").maxFlowM3h()).isEqualByComparingTo("5");
        assertThat(config.limitsOf("b-1").pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.severityOf(FindingKind.CLOCK_DRIFT)).isEqualTo(Severity.FAULT);
        assertThat(config.severityOf(FindingKind.BUILDING_IMBALANCE)).isEqualTo(Severity.WARNING);
    }

    @Test
    void errorsNameFileLineColumnAndKey() {
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "stuckAfter: 2h\nstukAfter: 3h\n")))
                .hasMessageContaining("health.yaml:2:1").hasMessageContaining("did you mean 'stuckAfter'");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "clockTolerance: soon\n")))
                .hasMessageContaining("health.yaml:1:17").hasMessageContaining("clockTolerance");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "buildingAbovePercent: 120\n")))
                .hasMessageContaining("health.yaml:1:23").hasMessageContaining("0–100");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "severities: { stuck: fault }\n")))
                .hasMessageContaining("unknown finding kind 'stuck'");
    }
}
