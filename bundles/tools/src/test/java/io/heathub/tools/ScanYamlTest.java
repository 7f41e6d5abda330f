package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.FoundDevice;
import io.heathub.config.ConfigNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code scan --format yaml} (site.yaml entries) and the time-left estimate on stderr. */
class ScanYamlTest {

    @Test
    void foundDevicesBecomeSiteYamlEntriesWithTheirSettingsAndCollisionsAsComments() throws Exception {
        String yaml = SiteYaml.of("cjt188", "serial:/dev/ttyUSB1?baud=2400&parity=even", List.of(
                FoundDevice.withSettings("00000040314132", "heat meter (T 20); current data decodes with unitPosition before",
                        Map.of("unitPosition", "before")),
                FoundDevice.withSettings("10100000000004", "cold water meter (T 10)", Map.of("meterType", "10")),
                FoundDevice.collision("20100000000007", "collision: several meters share address 20100000000007"),
                new FoundDevice("20100000000001", "heat meter (T 20)\nsecond line")), 83);

        assertThat(yaml).startsWith("# heathub scan --driver cjt188 on serial:/dev/ttyUSB1?baud=2400&parity=even:"
                + " 3 device(s) in 1 min 23 s\n");
        assertThat(yaml).contains("# not configured, several devices answered at 20100000000007: collision:");
        ConfigNode root = ConfigNode.parse("scan.yaml", yaml);
        ConfigNode bus = root.get("buses").asList().get(0);
        assertThat(bus.string("uri")).isEqualTo("serial:/dev/ttyUSB1?baud=2400&parity=even");
        List<ConfigNode> devices = root.get("devices").asList();
        assertThat(devices).hasSize(3);
        assertThat(devices).extracting(d -> d.get("id").asString()).containsExactly("cjt188-1", "cjt188-2", "cjt188-3");
        assertThat(devices).allSatisfy(d -> {
            assertThat(d.string("bus")).isEqualTo(bus.string("id"));
            assertThat(d.string("driver")).isEqualTo("cjt188");
        });
        assertThat(devices.get(0).string("address")).isEqualTo("00000040314132"); // quoted: the zeros stay
        assertThat(devices.get(0).get("settings").string("unitPosition")).isEqualTo("before");
        assertThat(devices.get(1).get("settings").string("meterType")).isEqualTo("10");
        assertThat(devices.get(2).has("settings")).isFalse();
        assertThat(yaml).contains("# heat meter (T 20) second line");
    }

    @Test
    void nothingFoundIsAnEmptyDeviceList() throws Exception {
        ConfigNode root = ConfigNode.parse("scan.yaml", SiteYaml.of("dlt645", "tcp://10.0.0.5:4001", List.of(), 3));
        assertThat(root.get("devices").asList()).isEmpty();
    }

    @Test
    void theScanCommandPrintsYamlAndEstimatesTheTimeLeft() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Scan(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(new String[] {"--driver", "mem-meter", "--bus", "mem:line", "--format", "yaml"});
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("devices:\n  - id: mem-meter-1", "address: \"3\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scan: 5/5 address 5", "3 device(s) found on mem:line in 0 s");

        assertThat(Scan.timing(12_000_000_000L, 3, 9)).isEqualTo(" (12 s, ~24 s left)");
        assertThat(Scan.timing(30_000_000_000L, 10, 101)).isEqualTo(" (30 s, ~4 min 33 s left)");
        assertThat(Scan.timing(5_000_000_000L, 7, 7)).isEqualTo(" (5 s)");
        assertThat(new Scan(new PrintStream(out), new PrintStream(err)).run(new String[] {"--driver", "mem-meter", "--bus",
                "mem:line", "--format", "xml"})).isEqualTo(2);
    }
}
