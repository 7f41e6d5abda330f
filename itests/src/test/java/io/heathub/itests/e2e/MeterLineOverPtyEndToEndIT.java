package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.peers.SocatPtyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Household metering over a real (virtual) serial line: socat makes a pty pair, the simulator's
 * meter line answers on one end at an emulated 2400 baud, and the hub reads the other end through
 * a {@code serial:} bus. Three drivers (CJ/T 188, M-Bus, DL/T 645) share the one line. Then the
 * integrator tools read and scan the same line.
 */
class MeterLineOverPtyEndToEndIT {

    @Test
    void threeProtocolsShareOneSerialLineAndTheToolsReadIt(@TempDir Path work) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        SocatPtyPair socat = new SocatPtyPair(work.resolve("pty"));
        Path hubEnd = socat.hubEnd();
        Path meterEnd = socat.deviceEnd();
        Process meters = null;
        try (HubProcess hub = new HubProcess(work)) {
            meters = new ProcessBuilder("java", "-cp", hub.home().resolve("bundle") + "/*",
                    "io.heathub.simulator.StandaloneMain", "--no-modbus", "--meter-line", "pty:" + meterEnd,
                    "--cjt188", "1", "--cjt188-before", "1", "--mbus", "1", "--dlt645", "1", "--baud", "2400")
                    .redirectErrorStream(true).redirectOutput(work.resolve("meters.log").toFile()).start();
            Path metersLog = work.resolve("meters.log");
            Waits.until(Duration.ofSeconds(20), "simulated meters up", () -> read(metersLog).contains("dlt645"));
            String population = read(metersLog);
            assertThat(population).contains("20100000000001", "20200000000001", "71000001.HHS.01.04", "640000000001");

            hub.write("etc/io.heathub.simulator.cfg", "enabled=false\n");
            hub.write("config/site.yaml", """
                    site: { id: pty-line, zone: Asia/Shanghai }
                    buses:
                      - { id: meters, uri: "serial:%s?baud=2400&parity=even", timeout: 2s, statistics: 5s }
                    devices:
                      - { id: heat-a, bus: meters, driver: cjt188, address: "20100000000001", pollInterval: 3s,
                          settings: { unitPosition: after } }
                      - { id: heat-b, bus: meters, driver: cjt188, address: "20200000000001", pollInterval: 3s,
                          settings: { unitPosition: before } }
                      - { id: mbus-1, bus: meters, driver: mbus, address: "1", pollInterval: 3s }
                      - { id: pump-el, bus: meters, driver: dlt645, address: "640000000001", pollInterval: 3s }
                    """.formatted(hubEnd));
            hub.start(Map.of());

            Waits.until(Duration.ofSeconds(90), "every meter read twice\n" + hub.console(), () -> {
                String devices = hub.get("/api/devices");
                return devices != null && List.of("heat-a", "heat-b", "mbus-1", "pump-el").stream()
                        .allMatch(id -> polls(devices, id) >= 2);
            });
            String latest = hub.get("/api/readings/latest");
            assertThat(latest).contains("\"device\":\"heat-a\",\"point\":\"heat.energy\"",
                    "\"device\":\"heat-b\",\"point\":\"heat.energy\"",
                    "\"device\":\"mbus-1\",\"point\":\"heat.energy\"",
                    "\"device\":\"pump-el\",\"point\":\"electric.energy\"");
            assertThat(hub.get("/api/devices")).doesNotContain("CONFIG_ERROR");
            Waits.until(Duration.ofSeconds(30), "line statistics published",
                    () -> String.valueOf(hub.get("/api/readings/latest?device=bus:meters")).contains("bus.utilisation"));
            String buses = hub.get("/api/buses");
            assertThat(buses).contains("\"id\":\"meters\"", "\"checksumErrors\":0");
            hub.close(); // frees the port for the tools

            ToolRun read = tool(hub, "read", "--driver", "dlt645", "--bus", "serial:" + hubEnd + "?baud=2400",
                    "--address", "640000000001");
            assertThat(read.exit()).as(read.err()).isZero();
            assertThat(read.out()).contains("\"point\":\"electric.energy\"", "\"unit\":\"kWh\"");

            ToolRun scan = tool(hub, "scan", "--driver", "mbus", "--bus", "serial:" + hubEnd + "?baud=2400");
            assertThat(scan.exit()).as(scan.err()).isZero();
            assertThat(scan.out()).contains("\"address\":\"71000001.HHS.01.04\"");
            assertThat(scan.err()).contains("1 device(s) found");
        } finally {
            if (meters != null) {
                meters.destroy();
                meters.waitFor(10, TimeUnit.SECONDS);
            }
            socat.close();
        }
    }

    private record ToolRun(int exit, String out, String err) {
    }

    private static ToolRun tool(HubProcess hub, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = hub.home().resolve("bin/heathub").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tool %s finished", args[0]).isTrue();
        return new ToolRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int polls(String devicesJson, String id) {
        int at = devicesJson.indexOf("\"id\":\"" + id + "\"");
        if (at < 0) {
            return 0;
        }
        int p = devicesJson.indexOf("\"polls\":", at) + 8;
        int end = p;
        while (end < devicesJson.length() && Character.isDigit(devicesJson.charAt(end))) {
            end++;
        }
        return end > p ? Integer.parseInt(devicesJson.substring(p, end)) : 0;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
