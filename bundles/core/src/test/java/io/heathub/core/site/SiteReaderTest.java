package io.heathub.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.config.ConfigException;
import io.heathub.config.site.BusConfig;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteSection;
import io.heathub.driver.cjt188.Cjt188Driver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteReaderTest {
    private static final Path FOLDER = Path.of("/sites/demo");
    private static final String FILE = FOLDER.resolve("site.yaml").toString();

    private static SiteReader.Result read(String yaml) {
        return read(yaml, SiteReader.Mode.RUNNING_HUB, List.of());
    }

    private static SiteReader.Result read(String yaml, SiteReader.Mode mode, List<SiteSection<?>> sections) {
        Map<String, DeviceDriver> drivers = Map.of("cjt188", new Cjt188Driver());
        return new SiteReader(FOLDER, sections, id -> Optional.ofNullable(drivers.get(id)), mode)
                .read(yaml.getBytes(StandardCharsets.UTF_8), 7, Instant.EPOCH);
    }

    private static List<String> problems(SiteReader.Result r) {
        return r.problems().stream().map(ConfigException::getMessage).toList();
    }

    @Test
    void loadsBusesAndDevicesWithDefaults() {
        SiteReader.Result r = read("""
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
        Site site = r.site().orElseThrow();
        assertThat(site.version()).isEqualTo(7);
        assertThat(site.zone().getId()).isEqualTo("Asia/Harbin");
        assertThat(site.file()).isEqualTo(FOLDER.resolve("site.yaml"));
        var d = site.devices().get(0);
        assertThat(d.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.settings()).containsEntry("profile", "substation-plc").containsEntry("timeout", "500ms");
        assertThat(d.origin()).isEqualTo(FILE + ":5");
        assertThat(d.configDir()).isEqualTo(FOLDER);
    }

    @Test
    void reportsEveryProblemWithItsPlace() {
        SiteReader.Result r = read("""
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
                  - { id: f, bus: lien, driver: modbus, address: 7 }
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.site()).isEmpty();
        assertThat(problems(r)).containsExactly(
                FILE + ":2:21: buses[0].uri: expected a bus URI such as tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=2400, got \"127.0.0.1:502\"",
                FILE + ":4:11: buses[2].id: duplicate bus id 'line' (first at " + FILE + ":3)",
                FILE + ":5:20: buses[3].uri: a tcp bus needs host and port, e.g. tcp://10.0.0.5:502",
                FILE + ":7:19: devices[0].bus: unknown bus 'nowhere'; declared buses: plc, line, gw",
                FILE + ":8:67: devices[1].pollInterval: expected a duration like 10s, 500ms or 5m, got \"-5s\"",
                FILE + ":9:53: devices[2].adress: unknown field 'adress' (did you mean 'address'?)",
                FILE + ":11:11: devices[4].id: duplicate device id 'd' (first at " + FILE + ":10)",
                FILE + ":12:50: devices[5].address: address 4 on bus 'line' is already used by device 'd'",
                FILE + ":13:11: devices[6].id: ids are 1-64 letters, digits, '.', '_' or '-' (they appear in MQTT topics), got \"bad id\"",
                FILE + ":14:19: devices[7].bus: unknown bus 'lien' (did you mean 'line'?); declared buses: plc, line, gw");
    }

    @Test
    void aDeviceMayTalkAtItsOwnSerialSettingsOnASerialBusOnly() {
        SiteReader.Result r = read("""
                buses:
                  - { id: rs485, uri: "serial:/dev/ttyUSB0?baud=2400&parity=even" }
                  - { id: plc, uri: "tcp://127.0.0.1:502" }
                devices:
                  - { id: heat-1, bus: rs485, driver: modbus, address: 1 }
                  - { id: elec-1, bus: rs485, driver: modbus, address: 2, line: "300 7E1" }
                """);
        assertThat(r.problems()).isEmpty();
        var devices = r.site().orElseThrow().devices();
        assertThat(devices.get(0).line()).as("the bus's").isNull();
        assertThat(devices.get(1).line()).hasToString("300 7E1");

        assertThat(problems(read("""
                buses:
                  - { id: rs485, uri: "serial:/dev/ttyUSB0" }
                  - { id: plc, uri: "tcp://127.0.0.1:502" }
                devices:
                  - { id: a, bus: rs485, driver: modbus, address: 1, line: "300 7X1" }
                  - { id: b, bus: plc, driver: modbus, address: 2, line: "9600 8N1" }
                """))).satisfiesExactly(
                a -> assertThat(a).startsWith(FILE + ":5:").contains("devices[0].line").contains("7X1"),
                b -> assertThat(b).startsWith(FILE + ":6:").contains("devices[1].line")
                        .contains("for a device on a serial bus; bus 'plc' is tcp://127.0.0.1:502"));
    }

    @Test
    void aDeviceOnABrokenBusIsNotReportedAgain() {
        assertThat(problems(read("""
                buses:
                  - { id: plc, uri: "tcp://@PLC_PORT@" }
                devices:
                  - { id: plc-1, bus: plc, driver: modbus, address: 1 }
                  - { id: plc-2, bus: pcl, driver: modbus, address: 2 }
                """))).containsExactly(
                FILE + ":2:21: buses[0].uri: a tcp bus needs host and port, e.g. tcp://10.0.0.5:502",
                FILE + ":5:23: devices[1].bus: unknown bus 'pcl' (did you mean 'plc'?); declared buses: plc");
    }

    @Test
    void anEmptyOrCommentOnlyFileIsAProblemNotASiteWithoutBuses() {
        assertThat(problems(read(""))).containsExactly(FILE + ": the site file is empty");
        assertThat(problems(read("# only a comment\n\n"))).containsExactly(FILE + ": the site file is empty");
        assertThat(problems(read("- a\n- b\n"))).singleElement().asString()
                .contains("expected the site's sections").contains("found a list");
    }

    @Test
    void aTruncatedFileIsASyntaxProblem() {
        assertThat(problems(read("buses:\n  - { id: plc, uri: \"tcp://127.0.0.1:502\"\n"))).singleElement().asString()
                .startsWith(FILE + ":").contains("YAML syntax");
    }

    @Test
    void unknownZoneIsNamed() {
        assertThat(problems(read("site: { zone: Mars/Olympus }\n")))
                .containsExactly(FILE + ":1:15: site.zone: unknown time zone \"Mars/Olympus\" (e.g. Asia/Shanghai)");
    }

    @Test
    void readsCommandBoundsRateAndBusStatistics() {
        SiteReader.Result r = read("""
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
        Site site = r.site().orElseThrow();
        assertThat(site.buses()).extracting(BusConfig::statistics)
                .containsExactly(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(5));
        assertThat(site.commands().maxPerDevicePerMinute()).isEqualTo(4);
        assertThat(site.commands().bound("setpoint.room")).hasValueSatisfying(b ->
                assertThat(b.max()).isEqualByComparingTo("24"));
        assertThat(read("buses: []\n").site().orElseThrow().commands()).isEqualTo(CommandPolicy.DEFAULT);
    }

    @Test
    void everyProblemOfTheCommandPolicyIsPlaced() {
        assertThat(problems(read("""
                commands:
                  maxPerDevicePerMinute: 0
                  bounds:
                    setpoint.room: { min: 25, max: 24 }
                    setpoint.supply: { min: 30, mx: 80 }
                """))).containsExactly(
                FILE + ":2:26: commands.maxPerDevicePerMinute: must be at least 1",
                FILE + ":4:27: commands.bounds.setpoint.room.min: min 25 is above max 24",
                FILE + ":5:33: commands.bounds.setpoint.supply.mx: unknown field 'mx' (did you mean 'max'?)");
    }

    @Test
    void theDriverChecksItsDevicesAtTheFieldItNames() {
        SiteReader.Result r = read("""
                buses:
                  - { id: meters, uri: "tcp://127.0.0.1:4001" }
                devices:
                  - { id: heat-1, bus: meters, driver: cjt188, address: "2010000000001" }
                  - { id: heat-2, bus: meters, driver: cjt188, address: "20100000000002", settings: { meterType: "99" } }
                  - { id: heat-3, bus: meters, driver: cjt188, address: "20100000000003" }
                  - { id: pump, bus: meters, driver: dlt645, address: "nonsense" }
                """);
        assertThat(problems(r)).containsExactly(
                FILE + ":4:57: devices[0].address: expected the meter's 14-digit address, got \"2010000000001\"",
                FILE + ":5:98: devices[1].settings.meterType: expected 10..20 (hex), got \"99\"");
        // no dlt645 driver installed: the device waits for it in the running hub, no word about it
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void anEmptyAddressIsTheDriversToJudgeAndTwoDevicesWithoutOneCollide() {
        SiteReader.Result r = read("""
                site: { id: s1 }
                buses: [{ id: meters, uri: "tcp://127.0.0.1:4001" }, { id: optical, uri: "tcp://127.0.0.1:4002" }]
                devices:
                  - { id: heat-1, bus: meters, driver: cjt188 }
                  - { id: iec-1, bus: optical, driver: iec62056, address: "" }
                  - { id: iec-2, bus: optical, driver: iec62056 }
                """);
        // CJ/T 188 has no meter without an address: its driver says so, at the device; a driver not
        // installed (IEC 62056-21 allows "/?!" without one) is not second-guessed by the hub
        assertThat(problems(r)).containsExactly(
                FILE + ":4:5: devices[0]: address: expected the meter's 14-digit address, got \"\"",
                FILE + ":6:11: devices[2].id: no address on bus 'optical' is already used by device 'iec-1'");
    }

    @Test
    void aSectionReaderGetsOnlyItsKeysAndTheContext() {
        SiteReader.Result r = read("""
                site: { id: s, zone: Asia/Urumqi }
                buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
                devices: [{ id: level-1, bus: b, driver: modbus, address: 1 }]
                tank: { level: level-1, litres: 5000 }
                tankAlarms: on
                households: []
                """, SiteReader.Mode.OFFLINE_CHECK, List.of(new TankSection()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.site().orElseThrow().section("tank", TankSection.Tank.class))
                .hasValue(new TankSection.Tank("level-1", 5000, "Asia/Urumqi", true, List.of()));
        assertThat(r.site().orElseThrow().section("tank", String.class)).isEmpty();
        assertThat(r.site().orElseThrow().section("control", Object.class)).isEmpty();
    }

    @Test
    void aProblemInAFeatureSectionRefusesTheWholeFile() {
        SiteReader.Result r = read("""
                buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
                devices: [{ id: level-1, bus: b, driver: modbus, address: 1, pollInterval: soon }]
                tank: { level: level-2, liters: 5000 }
                """, SiteReader.Mode.RUNNING_HUB, List.of(new TankSection()));
        assertThat(r.site()).isEmpty();
        assertThat(problems(r)).containsExactly(
                FILE + ":2:76: devices[0].pollInterval: expected a duration like 10s, 500ms or 5m, got \"soon\"",
                FILE + ":3:16: tank.level: no device 'level-2' in devices:",
                FILE + ":3:25: tank.liters: unknown field 'liters' (did you mean 'litres'?)");
    }

    @Test
    void aSectionNoReaderClaimsIsAWarningUnlessATypoOfAClaimedOne() {
        // in the hub its bundle may not have started yet; offline it may be left out of the distribution
        String yaml = "buses: []\ncontrol: { room: { minimumRooms: 2 } }\n";
        SiteReader.Result hub = read(yaml);
        assertThat(hub.problems()).isEmpty();
        assertThat(hub.warnings()).extracting(ConfigException::getMessage).containsExactly(
                FILE + ":2:10: control: no installed bundle reads section 'control' (yet): it is ignored");
        SiteReader.Result offline = read(yaml, SiteReader.Mode.OFFLINE_CHECK, List.of(new TankSection()));
        assertThat(offline.problems()).isEmpty();
        assertThat(offline.warnings()).extracting(ConfigException::getMessage).containsExactly(
                FILE + ":2:10: control: no bundle of this distribution reads section 'control': it is not checked and"
                        + " not used (sections read: buses, commands, devices, site, tank, tankAlarms)");

        // a typo of a claimed key (a reader's or core's) is an error in both, and that section's problem
        for (SiteReader.Mode mode : SiteReader.Mode.values()) {
            SiteReader.Result typo = read("buses: []\ntnak: { level: x }\ndevice: []\n", mode, List.of(new TankSection()));
            assertThat(problems(typo)).containsExactly(
                    FILE + ":2:7: tnak: unknown section 'tnak' (did you mean 'tank'?)",
                    FILE + ":3:9: device: unknown section 'device' (did you mean 'devices'?)");
            assertThat(typo.problemsIn(List.of("tank"))).extracting(ConfigException::getMessage)
                    .containsExactly(FILE + ":2:7: tnak: unknown section 'tnak' (did you mean 'tank'?)");
        }
    }

    @Test
    void problemsAreToldApartBySectionAndThoseOfTheWholeFileConcernEveryone() {
        SiteReader.Result r = read("""
                site: { zone: Nowhere/Land }
                buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
                devices: [{ id: level-1, bus: b, driver: modbus, address: 1, pollInterval: soon }]
                tank: { level: level-2 }
                tankAlarms: missing.txt
                """, SiteReader.Mode.RUNNING_HUB, List.of(new TankSection()));
        assertThat(r.problemsIn(List.of("tank"))).extracting(ConfigException::getMessage).containsExactly(
                FILE + ":4:16: tank.level: no device 'level-2' in devices:",
                FILE + ":5:13: tankAlarms: no file " + FOLDER.resolve("missing.txt"));
        assertThat(r.problemsIn(List.of("tankAlarms"))).hasSize(2); // a reader's problems are under each of its keys
        assertThat(r.problemsIn(List.of("site"))).extracting(ConfigException::field).containsExactly("site.zone");
        assertThat(r.problemsIn(List.of("devices"))).extracting(ConfigException::field)
                .containsExactly("devices[0].pollInterval");
        assertThat(r.problemsIn(List.of("commands"))).isEmpty();
        // a file the section names is one the owner watches
        assertThat(r.files()).containsExactly(FOLDER.resolve("missing.txt"));

        SiteReader.Result broken = read("tank: [\n", SiteReader.Mode.RUNNING_HUB, List.of(new TankSection()));
        assertThat(broken.problemsIn(List.of("commands"))).hasSize(1).first().asString().contains("YAML syntax");
    }

    @Test
    void aSectionSeesTheCommandBoundsAndWarnsWithoutRefusingTheFile() {
        SiteReader.Result r = read("""
                buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
                devices: [{ id: level-1, bus: b, driver: cjt188, address: "20100000000001" }]
                commands: { bounds: { tank.fill: { min: 0, max: 4000 } } }
                tank: { level: level-1, litres: 5000 }
                """, SiteReader.Mode.OFFLINE_CHECK, List.of(new TankSection()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.site()).isPresent();
        assertThat(r.warnings()).extracting(ConfigException::getMessage).containsExactly(
                FILE + ":4:33: tank.litres: more than commands.bounds.tank.fill.max 4000: a fill to it would be refused");
        assertThat(r.site().orElseThrow().warnings()).hasSize(1);
    }

    @Test
    void aSectionClaimedTwiceOrACoreKeyIsRefused() {
        SiteSection<TankSection.Tank> greedy = new SiteSection<>() {
            @Override
            public String key() {
                return "devices";
            }

            @Override
            public Class<TankSection.Tank> type() {
                return TankSection.Tank.class;
            }

            @Override
            public TankSection.Tank read(io.heathub.config.ConfigNode sections, io.heathub.config.site.SiteContext c) {
                return null;
            }
        };
        assertThat(problems(read("buses: []\n", SiteReader.Mode.RUNNING_HUB, List.of(new TankSection(), new TankSection()))))
                .singleElement().asString().contains("top-level key 'tank' is claimed by");
        assertThat(problems(read("buses: []\n", SiteReader.Mode.RUNNING_HUB, List.of(greedy))))
                .singleElement().asString().contains("top-level key 'devices' is claimed by").contains("and by core");
    }
}
