package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/heathub scan} finds every meter of its protocol on a shared line: three CJ/T 188 heat
 * meters (both unit positions), two DL/T 645 and two M-Bus meters on one socat pty, the simulator's
 * meters answering at an emulated 2400 baud. Each scan narrows the collisions of its wildcard
 * request down to single meters and prints site.yaml entries; pasted together they pass the hub's
 * own site check, and the unitPosition each CJ/T 188 entry carries reads its meter.
 */
class MeterLineScanEndToEndIT {
    private static final Pattern ADDRESS = Pattern.compile("address: \"([^\"]+)\"");

    @Test
    void eachProtocolsScanFindsAllItsMetersAndNoneOfTheOthers(@TempDir Path work) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        Path hubEnd = work.resolve("ttyHub");
        Path meterEnd = work.resolve("ttyMeters");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + hubEnd,
                "pty,raw,echo=0,link=" + meterEnd).redirectErrorStream(true)
                .redirectOutput(work.resolve("socat.log").toFile()).start();
        Process meters = null;
        try (HubProcess hub = new HubProcess(work)) {
            Path home = hub.home();
            Waits.until(Duration.ofSeconds(10), "socat pty links", () -> Files.exists(hubEnd) && Files.exists(meterEnd));
            meters = new ProcessBuilder("java", "-cp", home.resolve("bundle") + "/*",
                    "io.heathub.simulator.StandaloneMain", "--no-modbus", "--meter-line", "pty:" + meterEnd,
                    "--meter", "cjt188:20100000000001", "--meter", "cjt188:20100000000002",
                    "--meter", "cjt188-before:20200000000003", "--dlt645", "2", "--mbus", "2", "--baud", "2400")
                    .redirectErrorStream(true).redirectOutput(work.resolve("meters.log").toFile()).start();
            Path metersLog = work.resolve("meters.log");
            Waits.until(Duration.ofSeconds(20), "simulated meters up", () -> read(metersLog).contains("20200000000003"));
            String bus = "serial:" + hubEnd + "?baud=2400";

            ToolRun cjt188 = ToolRun.of(home, 300, "scan", "--driver", "cjt188", "--bus", bus, "--set", "scanWildcard=high",
                    "--set", "scanTimeout=400ms", "--format", "yaml");
            assertThat(cjt188.exit()).as(cjt188.err()).isZero();
            assertThat(addresses(cjt188.out())).containsExactlyInAnyOrder("20100000000001", "20100000000002",
                    "20200000000003");
            assertThat(cjt188.out()).contains("settings: { unitPosition: after }", "settings: { unitPosition: before }");
            assertThat(cjt188.err()).contains("narrowing with AA in the high address bytes", " left)",
                    "3 device(s) found on " + bus);

            ToolRun dlt645 = ToolRun.of(home, 300, "scan", "--driver", "dlt645", "--bus", bus, "--set", "scanTimeout=400ms",
                    "--format", "yaml");
            assertThat(dlt645.exit()).as(dlt645.err()).isZero();
            assertThat(addresses(dlt645.out())).containsExactlyInAnyOrder("640000000001", "640000000002");
            assertThat(dlt645.err()).contains("narrowing with abbreviated addresses", "2 device(s) found");

            ToolRun mbus = ToolRun.of(home, 300, "scan", "--driver", "mbus", "--bus", bus, "--format", "yaml");
            assertThat(mbus.exit()).as(mbus.err()).isZero();
            assertThat(addresses(mbus.out())).containsExactlyInAnyOrder("71000001.HHS.01.04", "71000002.HHS.01.04");

            System.out.printf("scan times on a 2400-baud pty: cjt188 %d ms, dlt645 %d ms, mbus %d ms%n",
                    cjt188.millis(), dlt645.millis(), mbus.millis());

            // the three outputs pasted into one site.yaml: the first one's bus, every scan's devices
            Path site = work.resolve("scanned");
            Files.createDirectories(site);
            Files.writeString(site.resolve("site.yaml"), "site: { id: scanned, zone: Asia/Shanghai }\n"
                    + cjt188.out() + devicesOnly(dlt645.out()) + devicesOnly(mbus.out()));
            ToolRun checked = ToolRun.of(home, 60, "check", "--config", site.toString());
            assertThat(checked.exit()).as(checked.err() + "\n" + Files.readString(site.resolve("site.yaml"))).isZero();
            assertThat(checked.out()).contains("site 'scanned' (", "is valid: 1 buses, 7 devices");

            // the settings the scan wrote read each CJ/T 188 meter (a wrong unitPosition would not decode)
            for (String entry : cjt188.out().split("\n  - ")) {
                Matcher address = ADDRESS.matcher(entry);
                if (!address.find()) {
                    continue;
                }
                String position = entry.contains("unitPosition: before") ? "before" : "after";
                ToolRun reading = ToolRun.of(home, 60, "read", "--driver", "cjt188", "--bus", bus, "--address",
                        address.group(1), "--set", "unitPosition=" + position);
                assertThat(reading.exit()).as(reading.err()).isZero();
                assertThat(reading.out()).contains("\"point\":\"heat.energy\"", "\"quality\":\"GOOD\"");
            }

            ToolRun standard = ToolRun.of(home, 60, "scan", "--driver", "cjt188", "--bus", bus);
            assertThat(standard.exit()).isEqualTo(2);
            assertThat(standard.err()).contains("several meters answered the broadcast read-address request",
                    "set scanWildcard: high");
        } finally {
            if (meters != null) {
                meters.destroy();
                meters.waitFor(10, TimeUnit.SECONDS);
            }
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> addresses(String yaml) {
        List<String> found = new ArrayList<>();
        Matcher m = ADDRESS.matcher(yaml);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The device entries of a scan's output, for a site.yaml that has its devices: key already. */
    private static String devicesOnly(String yaml) {
        return yaml.substring(yaml.indexOf("devices:\n") + "devices:\n".length());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
