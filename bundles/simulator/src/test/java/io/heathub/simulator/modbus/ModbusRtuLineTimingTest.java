package io.heathub.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.driver.modbus.ModbusDriver;
import io.heathub.testkit.peers.SocatPtyPair;
import io.heathub.transport.SerialLinkFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RTU server on a line's clock (socat pty, 9600 baud 8E1) read by the hub's Modbus driver:
 * replies come at the line's pace, a late unit costs its delay, and the master leaves the
 * 3.5-character silence before every request (the server counts requests that come sooner).
 */
class ModbusRtuLineTimingTest {
    private static final int BAUD = 9600;
    private static final String LINE = "?baud=" + BAUD + "&parity=even";

    @TempDir
    Path dir;

    @Test
    void backToBackPollsOfTwoUnitsKeepTheLinesPaceAndItsSilence() throws Exception {
        Assumptions.assumeTrue(SocatPtyPair.installed(), "socat is not installed");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/p.yaml"),
                "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n  - { point: b, address: 1, type: int16 }\n");
        ModbusRtuServer.LineTiming timing = new ModbusRtuServer.LineTiming(BAUD, 11, Duration.ofMillis(5),
                Map.of(2, Duration.ofMillis(50)));
        SerialLinkFactory serial = new SerialLinkFactory();
        try (SocatPtyPair socat = new SocatPtyPair(dir.resolve("pty"))) {
            ManagedLink deviceEnd = serial.open(URI.create("serial:" + socat.deviceEnd() + LINE));
            ManagedLink hubEnd = serial.open(URI.create("serial:" + socat.hubEnd() + LINE));
            try (ModbusRtuServer server = ModbusRtuServer.start("line", deviceEnd, Map.of(1, unit(), 2, unit()), timing)) {
                ModbusDriver driver = new ModbusDriver();
                DeviceSession one = driver.open(device(1), hubEnd);
                DeviceSession two = driver.open(device(2), hubEnd);
                long start = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    assertThat(one.read(Set.of())).hasSize(2);
                    assertThat(two.read(Set.of())).hasSize(2);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                // each transaction: 8 + 9 bytes at 11 bits, two 3.5-character gaps, 5 ms turnaround; unit 2 +50 ms
                double minimum = 10 * ((8 + 9) * 11.0 / BAUD + 2 * timing.frameGapNanos() / 1e9 + 0.005) + 5 * 0.050;
                assertThat(server.requests()).isEqualTo(10);
                assertThat(server.gapViolations()).as("requests sooner than 3.5 characters after a reply").isZero();
                assertThat(seconds).as("at the line's pace").isBetween(minimum - 0.005, minimum * 1.5);
            } finally {
                hubEnd.close();
                deviceEnd.close();
            }
        }
    }

    private DeviceConfig device(int unit) {
        return new DeviceConfig("u" + unit, "modbus", "line", Integer.toString(unit), Map.of("profile", "p",
                "timeout", "1s"), Duration.ofSeconds(1), dir, "test");
    }

    private static ModbusUnit unit() {
        return new ModbusUnit() {
            @Override
            public int[] read(Table table, int address, int count) throws RegisterAccessException {
                if (table != Table.HOLDING_REGISTERS || address + count > 2) {
                    throw RegisterAccessException.illegalAddress("only holding 0..1");
                }
                return new int[count];
            }

            @Override
            public void write(Table table, int address, int[] values) throws RegisterAccessException {
                throw RegisterAccessException.illegalAddress("read-only");
            }
        };
    }
}
