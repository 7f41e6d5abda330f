package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.driver.modbus.ModbusDriver;
import io.heathub.transport.SerialLinkFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate-device --serial}: Modbus RTU on one end of a socat pty pair at 9600 8N1, the
 * hub's driver and {@code bin/heathub read} on the other end through the transport's serial link.
 */
class SimulateDeviceRtuTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final String LINE = "?baud=9600&parity=none";
    @TempDir
    Path dir;
    private Process socat;
    private Path deviceEnd;
    private Path hubEnd;

    @BeforeEach
    void ptyPair() throws Exception {
        assertThat(Path.of("/usr/bin/socat")).as("socat is needed (apt-get install socat)").isExecutable();
        deviceEnd = dir.resolve("ttyDevice");
        hubEnd = dir.resolve("ttyHub");
        socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + deviceEnd, "pty,raw,echo=0,link=" + hubEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(deviceEnd) && Files.exists(hubEnd)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(hubEnd).exists();
    }

    @AfterEach
    void stopSocat() throws Exception {
        socat.destroy();
        socat.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void theHubsDriverAndReadToolTalkRtuToTheSimulatedPanelOverAPty() throws Exception {
        try (SimulateDevice.Running panel = SimulateDevice.start(new String[] {"--profile", "bac-002", "--config",
                SimulateDeviceTest.CONFIG.toString(), "--unit", "3", "--serial", deviceEnd + LINE})) {
            assertThat(panel.banner().get(0)).contains("unit 3 on Modbus RTU serial:" + deviceEnd + LINE);
            assertThat(panel.port()).isEqualTo(-1);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Read(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                    StandardCharsets.UTF_8)).run(new String[] {"--driver", "modbus", "--bus", "serial:" + hubEnd + LINE,
                        "--address", "3", "--set", "profile=bac-002", "--config", SimulateDeviceTest.CONFIG.toString()});
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"point\":\"setpoint.room\"",
                    "\"point\":\"temp.room\"", "\"point\":\"status.power\",\"value\":1", "\"point\":\"valve.state\"");

            try (ManagedLink link = new SerialLinkFactory().open(URI.create("serial:" + hubEnd + LINE))) {
                DeviceSession session = new ModbusDriver().open(SimulateDeviceTest.device(3, "bac-002"), link);
                CommandResult done = session.execute(new Command("r", "panel", "setpoint.room", new BigDecimal("19"), "test"));
                assertThat(done.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("19"));

                // protocols.md §4.5: the published poll of unit 3 gets a reply of its shape; a missing
                // register gets exactly the documented exception frame
                assertThat(rtu(link, "03 03 00 00 00 0A C4 2F")).startsWith("03 03 14 00 01 00 00 00 00 00 BE");
                assertThat(rtu(link, "03 03 00 64 00 01 " + crc("03 03 00 64 00 01"))).isEqualTo("03 83 02 61 31");
                assertThat(rtu(link, "03 06 00 03 01 90 " + crc("03 06 00 03 01 90")))
                        .isEqualTo("03 86 03 " + crc("03 86 03"));
                // FC 10 (length from its byte count), then a function RTU cannot delimit (11h, report
                // slave id: the frame ends at the pause) answered with exception 01
                assertThat(rtu(link, "03 10 00 03 00 01 02 00 C8 " + crc("03 10 00 03 00 01 02 00 C8")))
                        .isEqualTo("03 10 00 03 00 01 " + crc("03 10 00 03 00 01"));
                assertThat(rtu(link, "03 11 " + crc("03 11"))).isEqualTo("03 91 01 " + crc("03 91 01"));
                // a frame with a bad CRC is noise: no answer, and the next request is answered
                link.send(HEX.parseHex("03 03 00 08 00 01 00 00"));
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> link.receive((b, n) -> n, Duration.ofMillis(300))))
                        .isInstanceOf(io.heathub.api.driver.LinkTimeoutException.class);

                DeviceSession absent = new ModbusDriver().open(new DeviceConfig("absent", "modbus", "bus", "4",
                        Map.of("profile", "bac-002", "timeout", "300ms"), Duration.ofSeconds(10),
                        SimulateDeviceTest.CONFIG.toAbsolutePath(), "test"), link);
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(DeviceException.class,
                        () -> absent.read(Set.of())).kind()).as("an RTU unit that is not there is silent")
                        .isEqualTo(DeviceException.Kind.TIMEOUT);
                assertThat(rtu(link, "03 03 00 08 00 01 " + crc("03 03 00 08 00 01"))).as("line still in step")
                        .startsWith("03 03 02");
            }
        }
    }

    /** One RTU exchange on the hub's link; the reply in hex (its CRC checked by the caller's expectation). */
    private static String rtu(ManagedLink link, String requestHex) throws Exception {
        byte[] reply = link.exchange(HEX.parseHex(requestHex), (buffer, length) -> length < 3 ? -1
                : (buffer[1] & 0x80) != 0 ? 5 : (buffer[1] & 0xFF) <= 4 ? 5 + (buffer[2] & 0xFF) : 8,
                Duration.ofSeconds(2), frame -> true);
        String hex = HEX.formatHex(reply);
        assertThat(hex.substring(hex.length() - 5)).as("CRC of " + hex)
                .isEqualTo(crc(hex.substring(0, hex.length() - 6)));
        return hex;
    }

    /** CRC-16/MODBUS (reflected A001h, initial FFFFh), low byte first: written here, not taken from j2mod. */
    static String crc(String hex) {
        int crc = 0xFFFF;
        for (byte b : HEX.parseHex(hex)) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return String.format("%02X %02X", crc & 0xFF, crc >>> 8);
    }
}
