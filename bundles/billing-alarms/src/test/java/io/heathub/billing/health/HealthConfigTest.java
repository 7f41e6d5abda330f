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
    void dueDayKeysHaveDefaultsAndCanBeSet() throws ConfigException {
        HealthConfig defaults = HealthConfig.read(ConfigNode.parse("health.yaml", "stuckAfter: 2h\n"));
        assertThat(defaults.dueDayToleranceKWh()).isEqualByComparingTo("1");
        assertThat(defaults.dueDayToleranceM3()).isEqualByComparingTo("0.1");
        assertThat(defaults.dueDayTolerancePercent()).isEqualByComparingTo("0.5");
        assertThat(defaults.dueDayMaxGap()).isEqualTo(Duration.ofDays(2));
        assertThat(defaults.severityOf(FindingKind.DUE_DAY_MISMATCH)).isEqualTo(Severity.WARNING);

        HealthConfig config = HealthConfig.read(ConfigNode.parse("health.yaml", """
                dueDayToleranceKWh: 2.5
                dueDayToleranceM3: 0.05
                dueDayTolerancePercent: 1
                dueDayMaxGap: 36h
                severities: { dueDayMismatch: fault }
                """));
        assertThat(config.dueDayToleranceKWh()).isEqualByComparingTo("2.5");
        assertThat(config.dueDayToleranceM3()).isEqualByComparingTo("0.05");
        assertThat(config.dueDayTolerancePercent()).isEqualByComparingTo("1");
        assertThat(config.dueDayMaxGap()).isEqualTo(Duration.ofHours(36));
        assertThat(config.severityOf(FindingKind.DUE_DAY_MISMATCH)).isEqualTo(Severity.FAULT);
    }

    @Test
    void dueDayKeyErrorsAreLocated() {
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "stuckAfter: 2h\ndueDayTolerancePercent: 150\n")))
                .hasMessageContaining("health.yaml:2:25").hasMessageContaining("dueDayTolerancePercent")
                .hasMessageContaining("0–100");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "dueDayToleranceM3: -0.1\n")))
                .hasMessageContaining("health.yaml:1:20").hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "dueDayMaxGap: 0s\n")))
                .hasMessageContaining("health.yaml:1:15").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> HealthConfig.read(ConfigNode.parse("health.yaml", "dueDayToleranceKwh: 1\n")))
                .hasMessageContaining("health.yaml:1:1").hasMessageContaining("did you mean 'dueDayToleranceKWh'");
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
