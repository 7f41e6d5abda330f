package io.heathub.driver.modbus;

import static io.heathub.driver.modbus.ModbusDriverAgainstPymodbusTest.command;
import static io.heathub.driver.modbus.TypesFixture.assertValue;
import static io.heathub.driver.modbus.TypesFixture.byPoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Unit;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.line.PtyLink;
import io.heathub.testkit.line.RecordingLink;
import io.heathub.testkit.peers.PymodbusServer;
import io.heathub.testkit.peers.SocatPtyPair;
import io.heathub.transport.TcpLinkFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU against pymodbus' RTU framer: over TCP (as behind a serial-to-TCP converter) and over
 * a real tty (a socat pty pair; pymodbus' serial server on one end, the hub on the other).
 */
class ModbusRtuAgainstPymodbusTest {
    private static final int TYPES_UNIT = 1;
    private static final int WRITES_UNIT = 2;
    /** The unit id in an RTU frame is byte 0: the function code is byte 1. */
    private static final int FUNCTION = 1;
    private static final String HOLE_PROFILE = "name: hole\npoints:\n  - { point: t.missing, address: 500, type: int16 }\n";
    private static final String BUSY_PROFILE = "name: busy\npoints:\n  - { point: t.busy, address: 60, type: int16 }\n";

    @TempDir
    static Path configDir;

    @BeforeAll
    static void profiles() throws Exception {
        Files.createDirectories(configDir.resolve("profiles"));
        Files.writeString(configDir.resolve("profiles/types.yaml"), TypesFixture.PROFILE);
        Files.writeString(configDir.resolve("profiles/writes.yaml"), ModbusDriverAgainstPymodbusTest.WRITES_PROFILE);
        Files.writeString(configDir.resolve("profiles/hole.yaml"), HOLE_PROFILE);
        Files.writeString(configDir.resolve("profiles/busy.yaml"), BUSY_PROFILE);
    }

    static Map<Integer, Map<String, int[]>> units() {
        Map<String, int[]> types = new HashMap<>(TypesFixture.image());
        types.put("busy", new int[] {60});
        return Map.of(TYPES_UNIT, types, WRITES_UNIT, Map.of("hr", new int[16], "co", new int[16]));
    }

    static DeviceSession open(Link link, int unit, String profile, Map<String, String> extra) throws DeviceException {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("profile", profile);
        settings.putIfAbsent("timeout", "1500ms");
        DeviceConfig device = new DeviceConfig("dev-" + unit, "modbus", "line", Integer.toString(unit), settings,
                Duration.ofSeconds(5), configDir, "site.yaml:20");
        return new ModbusDriver().open(device, link);
    }

    /** The same checks over both media. */
    abstract static class OverOneLine {
        abstract RecordingLink link();

        abstract Map<String, String> settings();

        @Test
        void everyTypeWordOrderAndByteOrderInOneRequestPerBlock() throws Exception {
            DeviceSession session = open(link(), TYPES_UNIT, "types", settings());
            link().reset();
            TypesFixture.assertAllReadings(session.read(Set.of()));
            assertThat(link().byteAt(FUNCTION)).containsExactly(0x03, 0x04, 0x04, 0x01, 0x01, 0x02);
        }

        @Test
        void twoUnitsOnOneLineTakeTurns() throws Exception {
            DeviceSession types = open(link(), TYPES_UNIT, "types", settings());
            DeviceSession writes = open(link(), WRITES_UNIT, "writes", settings());
            for (int round = 0; round < 3; round++) {
                assertValue(byPoint(types.read(Set.of("t.int16"))), "t.int16", "-200", Unit.NONE);
                assertThat(byPoint(writes.read(Set.of("setpoint.pump")))).containsKey("setpoint.pump");
            }
        }

        @Test
        void writesAreConfirmedAndReadBack() throws Exception {
            DeviceSession session = open(link(), WRITES_UNIT, "writes", settings());
            link().reset();
            for (String[] write : new String[][] {{"pump.run", "1"}, {"valve.run", "1"}, {"setpoint.flow", "12.5"},
                    {"setpoint.supply", "55.5"}, {"counter.preset", "42"}}) {
                CommandResult result = session.execute(command(write[0], write[1]));
                assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
                assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(write[1]));
            }
            assertThat(link().byteAt(FUNCTION)).containsExactly(0x05, 0x01, 0x0F, 0x01, 0x10, 0x03, 0x10, 0x03, 0x06, 0x03);
            assertValue(byPoint(session.read(Set.of("setpoint.supply"))), "setpoint.supply", "55.5", Unit.CELSIUS);
        }

        @Test
        void exceptionRepliesAreNaksNamingPointAndAddress() throws Exception {
            assertThatThrownBy(() -> open(link(), TYPES_UNIT, "hole", settings()).read(Set.of()))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK))
                    .hasMessageContaining("read holding registers 500..500 (t.missing): illegal data address (Modbus exception 2)");
            assertThatThrownBy(() -> open(link(), TYPES_UNIT, "busy", settings()).read(Set.of()))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK))
                    .hasMessageContaining("read holding registers 60..60 (t.busy): server device busy (Modbus exception 6)");
        }

        @Test
        void aUnitNobodyAnswersIsATimeoutAndTheLineStaysUsable() throws Exception {
            Map<String, String> quick = new HashMap<>(settings());
            quick.put("timeout", "300ms");
            DeviceSession silent = open(link(), 9, "hole", quick);
            assertThatThrownBy(() -> silent.read(Set.of()))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.TIMEOUT))
                    .hasMessageStartingWith("unit 9 (rtu): ")
                    .hasMessageContaining("no reply within 300 ms; request was 09 03 01 F4 00 01");
            DeviceSession types = open(link(), TYPES_UNIT, "types", settings());
            assertValue(byPoint(types.read(Set.of("t.uint16"))), "t.uint16", "65336", Unit.NONE);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OverTcp extends OverOneLine {
        private PymodbusServer server;
        private ManagedLink tcp;
        private RecordingLink link;

        @BeforeAll
        void start() throws Exception {
            server = PymodbusServer.rtuOverTcp(units());
            tcp = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + server.port()));
            link = new RecordingLink(tcp);
        }

        @AfterAll
        void stop() {
            if (tcp != null) {
                tcp.close();
            }
            if (server != null) {
                server.close();
            }
        }

        @Override
        RecordingLink link() {
            return link;
        }

        @Override
        Map<String, String> settings() {
            return Map.of("framing", "rtu"); // a tcp: bus defaults to Modbus TCP framing
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OverASerialLine extends OverOneLine {
        private Path ptys;
        private SocatPtyPair line;
        private PymodbusServer server;
        private PtyLink pty;
        private RecordingLink link;

        @BeforeAll
        void start() throws Exception {
            ptys = Files.createTempDirectory("heathub-pty");
            line = new SocatPtyPair(ptys);
            server = PymodbusServer.rtuOnSerial(units(), line.deviceEnd());
            pty = new PtyLink(line.hubEnd());
            link = new RecordingLink(pty);
        }

        @AfterAll
        void stop() throws Exception {
            if (pty != null) {
                pty.close();
            }
            if (server != null) {
                server.close();
            }
            if (line != null) {
                line.close();
            }
            try (var files = Files.list(ptys)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(ptys);
        }

        @Override
        RecordingLink link() {
            return link;
        }

        @Override
        Map<String, String> settings() {
            return Map.of(); // serial: bus: RTU by default
        }
    }
}
