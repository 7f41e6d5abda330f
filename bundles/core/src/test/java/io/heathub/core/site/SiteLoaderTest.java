package io.heathub.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteLoaderTest {

    private static SiteLoader.Result load(String yaml) throws ConfigException {
        return SiteLoader.fromTree(ConfigNode.parse("site.yaml", yaml), Path.of("/sites/demo"));
    }

    @Test
    void loadsBusesAndDevicesWithDefaults() throws Exception {
        SiteLoader.Result r = load("""
                site: { id: s1, name: Station 1, zone: Asia/Harbin }
                buses:
                  - { id: plc, uri: "tcp://127.0.0.1:502", timeout: 500ms }
                devices:
                  - id: plc-1
                    bus: plc
                    driver: modbus
                    address: 1
                    settings: { profile: substation-plc }
                """);
        assertThat(r.problems()).isEmpty();
        Site site = r.site();
        assertThat(site.zone().getId()).isEqualTo("Asia/Harbin");
        var d = site.devices().get(0);
        assertThat(d.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.settings()).containsEntry("profile", "substation-plc").containsEntry("timeout", "500ms");
        assertThat(d.origin()).isEqualTo("site.yaml:5");
        assertThat(d.configDir()).isEqualTo(Path.of("/sites/demo"));
    }

    @Test
    void reportsEveryProblemWithItsPlace() throws Exception {
        SiteLoader.Result r = load("""
                buses:
                  - { id: plc, uri: "127.0.0.1:502" }
                  - { id: line, uri: "tcp://10.0.0.9:4001" }
                  - { id: line, uri: "tcp://10.0.0.9:4002" }
                  - { id: gw, uri: "tcp://10.0.0.9" }
                devices:
                  - { id: a, bus: nowhere, driver: modbus, address: 1 }
                  - { id: b, bus: line, driver: modbus, address: 1, pollInterval: -5s }
                  - { id: c, bus: line, driver: modbus, address: 2, adress: 3 }
                  - { id: d, bus: line, driver: modbus, address: 4 }
                  - { id: d, bus: line, driver: modbus, address: 5 }
                  - { id: e, bus: line, driver: modbus, address: 4 }
                  - { id: "bad id", bus: line, driver: modbus, address: 6 }
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.site()).isNull();
        assertThat(r.problems()).extracting(ConfigException::getMessage).containsExactly(
                "site.yaml:2:21: buses[0].uri: expected a bus URI such as tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=2400, got \"127.0.0.1:502\"",
                "site.yaml:4:11: buses[2].id: duplicate bus id 'line' (first at site.yaml:3)",
                "site.yaml:5:20: buses[3].uri: a tcp bus needs host and port, e.g. tcp://10.0.0.5:502",
                "site.yaml:7:19: devices[0].bus: unknown bus 'nowhere'; declared buses: line",
                "site.yaml:8:67: devices[1].pollInterval: expected a duration like 10s, 500ms or 5m, got \"-5s\"",
                "site.yaml:9:53: devices[2].adress: unknown field 'adress' (did you mean 'address'?)",
                "site.yaml:11:11: devices[4].id: duplicate device id 'd' (first at site.yaml:10)",
                "site.yaml:12:50: devices[5].address: address 4 on bus 'line' is already used by device 'd'",
                "site.yaml:13:11: devices[6].id: ids are 1-64 letters, digits, '.', '_' or '-' (they appear in MQTT topics), got \"bad id\"");
    }

    @Test
    void missingFileAndSyntaxErrorsAreOneClearLine(@TempDir Path dir) throws Exception {
        assertThat(SiteLoader.load(dir).problems()).extracting(ConfigException::getMessage)
                .containsExactly(dir.resolve("site.yaml") + ": site file not found");
        Files.writeString(dir.resolve("site.yaml"), "buses:\n  - id: x\n    uri: [tcp://a:1\n");
        assertThat(SiteLoader.load(dir).problems()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).startsWith(dir.resolve("site.yaml") + ":").contains("YAML syntax"));
    }

    @Test
    void unknownZoneIsNamed() throws Exception {
        assertThat(load("site: { zone: Mars/Olympus }\n").problems()).extracting(ConfigException::getMessage)
                .containsExactly("site.yaml:1:15: site.zone: unknown time zone \"Mars/Olympus\" (e.g. Asia/Shanghai)");
    }

    @Test
    void readsCommandBoundsRateAndBusStatistics() throws Exception {
        SiteLoader.Result r = load("""
                buses:
                  - { id: a, uri: "tcp://127.0.0.1:502" }
                  - { id: b, uri: "tcp://127.0.0.1:503", statistics: off }
                  - { id: c, uri: "tcp://127.0.0.1:504", statistics: 5m }
                commands:
                  maxPerDevicePerMinute: 4
                  bounds:
                    setpoint.room: { min: 16, max: 24 }
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.site().buses()).extracting(BusConfig::statistics)
                .containsExactly(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(5));
        assertThat(r.site().commands().maxPerDevicePerMinute()).isEqualTo(4);
        assertThat(r.site().commands().bound("setpoint.room")).hasValueSatisfying(b ->
                assertThat(b.max()).isEqualByComparingTo("24"));
        assertThat(load("buses: []\n").site().commands()).isEqualTo(CommandPolicy.DEFAULT);
    }

    @Test
    void badCommandPolicyIsPlaced() throws Exception {
        assertThat(load("""
                commands:
                  maxPerDevicePerMinute: 0
                """).problems()).extracting(ConfigException::getMessage)
                .containsExactly("site.yaml:2:26: commands.maxPerDevicePerMinute: must be at least 1");
        assertThat(load("""
                commands:
                  bounds:
                    setpoint.room: { min: 25, max: 24 }
                """).problems()).extracting(ConfigException::getMessage)
                .containsExactly("site.yaml:3:27: commands.bounds.setpoint.room.min: min 25 is above max 24");
    }
}
