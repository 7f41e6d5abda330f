package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/heathub simulate-device} of the distribution serves a shipped profile and
 * {@code bin/heathub read} reads it back through the hub's Modbus driver, on the tools' own class
 * path (j2mod, its logging binding, the transport).
 */
class SimulateDeviceEndToEndIT {
    private static final Pattern PORT = Pattern.compile("on Modbus TCP 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void aShippedProfileIsServedAndReadBackWithTheReadTool(@TempDir Path work) throws Exception {
        try (HubProcess hub = new HubProcess(work)) {
            Path home = hub.home();
            ToolRun help = ToolRun.of(home, 60, "simulate-device", "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).startsWith("usage: heathub simulate-device");

            Process device = new ProcessBuilder(home.resolve("bin/heathub").toString(), "simulate-device", "--profile",
                    "danfoss-fc51", "--unit", "5", "--port", "0").redirectError(work.resolve("device.err").toFile()).start();
            try {
                BufferedReader banner = new BufferedReader(new InputStreamReader(device.getInputStream(),
                        StandardCharsets.UTF_8));
                String first = banner.readLine();
                assertThat(first).as(Files.readString(work.resolve("device.err"))).isNotNull()
                        .contains("profile danfoss-fc51", "unit 5");
                Matcher port = PORT.matcher(first);
                assertThat(port.find()).as(first).isTrue();
                assertThat(banner.readLine()).contains("holding 16129", "pump.frequency");

                ToolRun read = ToolRun.of(home, 60, "read", "--driver", "modbus", "--bus", "tcp://127.0.0.1:"
                        + port.group(1), "--address", "5", "--set", "profile=danfoss-fc51");
                assertThat(read.exit()).as(read.err()).isZero();
                assertThat(read.out().lines()).hasSize(4).allMatch(l -> l.contains("\"quality\":\"GOOD\""));
                // the bus reference read in Hz through the profile's ${maxFrequency} scaling (default 50 Hz = 16384)
                String reference = read.out().lines().filter(l -> l.contains("\"point\":\"setpoint.frequency\""))
                        .findFirst().orElseThrow(() -> new AssertionError(read.out()));
                assertThat(reference).contains("\"unit\":\"Hz\"");
                double hz = Double.parseDouble(reference.replaceAll(".*\"value\":([-0-9.Ee]+).*", "$1"));
                assertThat(hz).isBetween(0.0, 50.0);
                assertThat(Files.readString(work.resolve("device.err"))).as("nothing on stderr (no SLF4J noise)").isEmpty();
            } finally {
                device.destroy();
                device.waitFor(10, TimeUnit.SECONDS);
            }

            ToolRun badUnit = ToolRun.of(home, 60, "simulate-device", "--profile", "danfoss-fc51", "--unit", "300",
                    "--port", "0");
            assertThat(badUnit.exit()).isEqualTo(2);
            assertThat(badUnit.err()).isEqualTo("heathub simulate-device: --unit: expected a Modbus unit id 0..247, got \"300\"\n");
        }
    }
}
