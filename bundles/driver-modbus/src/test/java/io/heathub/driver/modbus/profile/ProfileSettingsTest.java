package io.heathub.driver.modbus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Profile settings: numbers a device gives in site.yaml that a profile's points use as ${name}. */
class ProfileSettingsTest {
    private static final String FILE = "config/profiles/drive.yaml";
    private static final String DRIVE = """
            name: drive
            settings:
              maxFrequency: { default: 50, min: 1, max: 400, description: "Hz at 100 %" }
            defaults: { type: int16, scale: "${maxFrequency}/16384", unit: Hz }
            points:
              - { point: setpoint.frequency, address: 9, writable: true, min: 0, max: "${maxFrequency}" }
              - { point: frequency.limit, address: 10, scale: "2 * ${maxFrequency} / 100", offset: "${maxFrequency} * -0.01" }
            """;

    @Test
    void pointsUseTheDefaultsUntilADeviceGivesItsOwn() throws Exception {
        ProfileTemplate template = ProfileParser.template(FILE, DRIVE);
        assertThat(template.settings()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("maxFrequency");
            assertThat(s.defaultValue()).isEqualByComparingTo("50");
            assertThat(s.origin()).isEqualTo(FILE + ":3");
        });
        PointDefinition atDefault = template.defaults().byName().get("setpoint.frequency");
        assertThat(atDefault.scale()).isEqualByComparingTo("0.0030517578125");
        assertThat(atDefault.max()).isEqualByComparingTo("50");
        // another device's settings (the driver's own keys are ignored) give its own points
        Profile at60 = template.resolve(Map.of("profile", "drive", "maxFrequency", " 60 "));
        assertThat(at60.byName().get("setpoint.frequency").max()).isEqualByComparingTo("60");
        assertThat(at60.byName().get("setpoint.frequency").encode(new BigDecimal("30"))).containsExactly(8192);
        PointDefinition limit = at60.byName().get("frequency.limit");
        assertThat(limit.scale()).isEqualByComparingTo("1.2");
        assertThat(limit.offset()).isEqualByComparingTo("-0.6");
        // the same values as the defaults: the very same profile
        assertThat(template.resolve(Map.of("maxFrequency", "50.0"))).isSameAs(template.defaults());
        assertThat(template.resolve(Map.of())).isSameAs(template.defaults());
    }

    @Test
    void aDeviceValueThatIsNoNumberOrOutsideTheDeclaredRangeIsNamed() throws Exception {
        ProfileTemplate template = ProfileParser.template(FILE, DRIVE);
        assertThatThrownBy(() -> template.resolve(Map.of("maxFrequency", "fifty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settings.maxFrequency: expected a number 1..400 (Hz at 100 %) for profile drive ("
                        + FILE + ":3), got \"fifty\"");
        assertThatThrownBy(() -> template.resolve(Map.of("maxFrequency", "0")))
                .hasMessageContaining("expected a number 1..400");
    }

    @Test
    void badDeclarationsAndExpressionsAreLocated() {
        assertProblem("""
                name: p
                settings: { maxFrequency: { default: 500, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16 } ]
                """, FILE + ":2:27: settings.maxFrequency: needs min <= default <= max, got min 1, default 500, max 400");
        assertProblem("""
                name: p
                settings: { maxFrequency: { min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16 } ]
                """, "missing required field 'default'");
        assertProblem("""
                name: p
                settings: { max-frequency: { default: 50, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16 } ]
                """, "expected a setting name like maxFrequency");
        assertProblem("""
                name: p
                points: [ { point: a, address: 0, type: int16, scale: "${maxFrequency} / 16384" } ]
                """, "points[0].scale: unknown setting ${maxFrequency}: declare it under settings: (declared: none)");
        assertProblem("""
                name: p
                settings: { f: { default: 50, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16, scale: "${f} + 1" } ]
                """, "expected * or / at position 6 of \"${f} + 1\"");
        assertProblem("""
                name: p
                settings: { f: { default: 50, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16, scale: "${f} / 0" } ]
                """, "division by zero");
        assertProblem("""
                name: p
                settings: { f: { default: 50, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16, scale: "${f} / x" } ]
                """, "expected a number or ${setting} at position 8 of");
    }

    @Test
    void limitsThatCrossWithADevicesValueFailLikeInTheFile() throws Exception {
        ProfileTemplate template = ProfileParser.template(FILE, """
                name: p
                settings: { top: { default: 50, min: 1, max: 400 } }
                points: [ { point: a, address: 0, type: int16, writable: true, min: 40, max: "${top}" } ]
                """);
        assertThat(template.defaults().byName().get("a").max()).isEqualByComparingTo("50");
        assertThatThrownBy(() -> template.resolve(Map.of("top", "30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("min 40 is above max 30");
    }

    private static void assertProblem(String yaml, String expected) {
        assertThatThrownBy(() -> ProfileParser.parse(FILE, yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }
}
