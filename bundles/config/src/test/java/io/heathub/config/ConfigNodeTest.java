package io.heathub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

    private static final String SITE = """
            site: demo
            devices:
              - id: plc-1
                pollInterval: 10s
              - id: panel-1
                pollInterval: often
            """;

    @Test
    void badValueNamesFileLineAndFieldPath() throws Exception {
        ConfigNode root = ConfigNode.parse("config/site.yaml", SITE);
        List<ConfigNode> devices = root.list("devices");
        assertThat(devices.get(0).duration("pollInterval", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> devices.get(1).duration("pollInterval", Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config/site.yaml:6:19: devices[1].pollInterval: expected a duration like 10s, 500ms or 5m, got \"often\"");
    }

    /** Issue 15 item 4: `timeout: 99999999999999999999s` used to pass the check and overflow later. */
    @Test
    void aDurationLongerThanTenYearsIsALocatedErrorNotAnOverflowLater() throws Exception {
        ConfigNode root = ConfigNode.parse("config/site.yaml", """
                devices:
                  - { id: a, pollInterval: 100000d }
                  - { id: b, pollInterval: 99999999999999999999s }
                  - { id: c, pollInterval: P999999999D }
                  - { id: d, pollInterval: 3650d }
                """);
        List<ConfigNode> devices = root.list("devices");
        assertThatThrownBy(() -> devices.get(0).duration("pollInterval", Duration.ZERO))
                .hasMessage("config/site.yaml:2:28: devices[0].pollInterval: 100000d is longer than the longest"
                        + " duration allowed, 3650d (10 years)");
        assertThatThrownBy(() -> devices.get(1).duration("pollInterval", Duration.ZERO))
                .hasMessageContaining("devices[1].pollInterval: 99999999999999999999s is longer than the longest");
        assertThatThrownBy(() -> devices.get(2).duration("pollInterval", Duration.ZERO))
                .hasMessageContaining("devices[2].pollInterval: P999999999D is longer than the longest");
        assertThat(devices.get(3).duration("pollInterval", Duration.ZERO)).isEqualTo(Durations.MAX);
        assertThat(Durations.parse("3650.0001d")).isEmpty();
        assertThat(Durations.tooLong("1" + "0".repeat(100) + "d")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .hasSizeLessThan(150).contains("… (102 characters) is longer");
    }

    @Test
    void missingFieldPointsAtItsParent() throws Exception {
        ConfigNode root = ConfigNode.parse("s.yaml", SITE);
        assertThatThrownBy(() -> root.list("devices").get(1).string("driver"))
                .hasMessage("s.yaml:5:5: devices[1]: missing required field 'driver'");
    }

    @Test
    void syntaxErrorsCarryTheLine() {
        assertThatThrownBy(() -> ConfigNode.parse("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isGreaterThanOrEqualTo(2))
                .hasMessageContaining("bad.yaml:")
                .hasMessageContaining("YAML syntax");
    }

    @Test
    void aTagSnakeYamlRefusesWithItsOwnExceptionIsAConfigProblem() {
        // found by ConfigNodeFuzzTest: SnakeYAML refuses this tag with an IllegalArgumentException
        assertThatThrownBy(() -> ConfigNode.parse("site.yaml", "!R:%d"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml: YAML: cannot be read (")
                .hasMessageContaining("Tag must not contain leading or trailing spaces");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> ConfigNode.parse("d.yaml", "a: 1\na: 2\n"))
                .hasMessageContaining("d.yaml:2");
    }

    @Test
    void unknownKeySuggestsTheNearOne() throws Exception {
        ConfigNode n = ConfigNode.parse("p.yaml", "id: x\nadress: 3\n");
        assertThatThrownBy(() -> n.rejectUnknownKeys(List.of("id", "address")))
                .hasMessage("p.yaml:2:1: adress: unknown field 'adress' (did you mean 'address'?)");
    }

    @Test
    void enumsAndNumbers() throws Exception {
        ConfigNode n = ConfigNode.parse("e.yaml", "order: little-endian\nreg: 0x10\nn: abc\n");
        assertThat(n.get("order").asEnum(Order.class)).isEqualTo(Order.LITTLE_ENDIAN);
        assertThat(n.get("reg").asInt()).isEqualTo(16);
        assertThatThrownBy(() -> n.get("n").asInt()).hasMessage("e.yaml:3:4: n: expected a whole number, got \"abc\"");
        assertThatThrownBy(() -> ConfigNode.parse("e.yaml", "order: middle\n").get("order").asEnum(Order.class))
                .hasMessageContaining("expected one of big-endian, little-endian");
    }

    @Test
    void aNestedTypoIsNamedWithItsPathAndTheClosestKey() throws Exception {
        ConfigNode root = ConfigNode.parse("site.yaml", """
                control:
                  binding:
                    outdoor: { device: plc-1, point: temp.outdoor }
                    supplyTemprature: { device: plc-1, point: temp.supply }
                """);
        ConfigNode binding = root.get("control").get("binding");
        assertThatThrownBy(() -> binding.rejectUnknownKeys(List.of("outdoor", "supply", "supplyTemperature",
                "returnTemperature")))
                .hasMessage("site.yaml:4:5: control.binding.supplyTemprature: unknown field 'supplyTemprature'"
                        + " (did you mean 'supplyTemperature'?)");
    }

    @Test
    void everyUnknownKeyIsReportedAndAFarOneListsTheAllowedKeys() throws Exception {
        ConfigNode n = ConfigNode.parse("p.yaml", "id: x\npolInterval: 3s\ncolour: red\n");
        assertThatThrownBy(() -> n.rejectUnknownKeys(List.of("id", "pollInterval", "address")))
                .isInstanceOfSatisfying(ConfigProblems.class, e -> assertThat(ConfigProblems.all(e))
                        .extracting(ConfigException::getMessage).containsExactly(
                                "p.yaml:2:1: polInterval: unknown field 'polInterval' (did you mean 'pollInterval'?)",
                                "p.yaml:3:1: colour: unknown field 'colour'; allowed: id, pollInterval, address"));
    }

    @Test
    void theClosestKeyWinsAndSwappedLettersCountOnce() {
        assertThat(DidYouMean.closest("devcies", List.of("buses", "devices", "commands"))).hasValue("devices");
        assertThat(DidYouMean.closest("kip", List.of("kpi", "site"))).hasValue("kpi");
        assertThat(DidYouMean.closest("adress", List.of("addresses", "address"))).hasValue("address");
        assertThat(DidYouMean.closest("weather", List.of("control", "tariff", "health"))).isEmpty();
        assertThat(DidYouMean.closest("Control", List.of("control"))).hasValue("control");
    }

    @Test
    void aSelectionKeepsOnlyItsKeysWithTheirPlaces() throws Exception {
        ConfigNode root = ConfigNode.parse("s.yaml", "site: { id: a }\ncontrol:\n  room: x\ncalendar: {}\n");
        ConfigNode mine = root.select(List.of("control", "calendar"));
        assertThat(mine.keys()).containsExactly("control", "calendar");
        assertThat(mine.has("site")).isFalse();
        assertThatThrownBy(() -> mine.get("control").get("room").asInt())
                .hasMessage("s.yaml:3:9: control.room: expected a whole number, got \"x\"");
        assertThat(root.select(List.of("kpi")).keys()).isEmpty();
    }

    enum Order { BIG_ENDIAN, LITTLE_ENDIAN }
}
