package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.transport.TcpLinkFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against a third-party Modbus TCP server (pymodbus), through the real TCP link. */
class ModbusDriverAgainstPymodbusTest {
    private static final int TYPES_UNIT = 1;
    private static final int PLC_UNIT = 2;
    private static final int PANEL_UNIT = 3;
    /** The shipped profiles, seen from the module directory where the tests run. */
    private static final Path SHIPPED_CONFIG = Path.of("../../config");

    private static final String TYPES_PROFILE = """
            name: types
            description: one point of every type and word order
            defaults: { function: holding }
            points:
              - { point: t.int16, address: 0, type: int16 }
              - { point: t.uint16, address: 1, type: uint16 }
              - { point: t.int32.big, address: 2, type: int32, wordOrder: big }
              - { point: t.int32.little, address: 4, type: int32, wordOrder: little }
              - { point: t.uint32.big, address: 6, type: uint32 }
              - { point: t.uint32.little, address: 8, type: uint32, wordOrder: little }
              - { point: t.float32.big, address: 10, type: float32, unit: °C }
              - { point: t.float32.little, address: 12, type: float32, wordOrder: little, unit: °C }
              - { point: t.scaled, address: 14, type: int16, scale: 0.1, offset: -10, unit: bar }
              - { point: t.energy, address: 20, type: uint32, unit: MWh }   # 5 unused registers: same block
              - { point: t.input, address: 100, type: int16, function: input, scale: 0.5, unit: °C }
              - { point: t.input.far, address: 140, type: uint16, function: input }  # 39 unused: own block
            """;
    private static final String HOLE_PROFILE = """
            name: hole
            points:
              - { point: t.missing, address: 500, type: int16 }
            """;

    private static PymodbusServer server;
    @TempDir
    static Path configDir;

    private final ModbusDriver driver = new ModbusDriver();
    private ManagedLink tcp;
    private CountingLink link;

    @BeforeAll
    static void startServer() throws Exception {
        Files.createDirectories(configDir.resolve("profiles"));
        Files.writeString(configDir.resolve("profiles/types.yaml"), TYPES_PROFILE);
        Files.writeString(configDir.resolve("profiles/hole.yaml"), HOLE_PROFILE);

        int[] types = new int[30];
        types[0] = -200 & 0xFFFF;
        types[1] = 0xFF38;
        put(types, 2, bigWords(-123456789));
        put(types, 4, littleWords(-123456789));
        put(types, 6, bigWords((int) 4_000_000_000L));
        put(types, 8, littleWords((int) 4_000_000_000L));
        put(types, 10, bigWords(Float.floatToIntBits(21.5f)));
        put(types, 12, littleWords(Float.floatToIntBits(-3.25f)));
        types[14] = 125;
        put(types, 20, bigWords(1234));
        int[] inputs = new int[150];
        inputs[100] = -7 & 0xFFFF;
        inputs[140] = 65535;

        int[] plc = new int[14];
        float[] plcValues = {-5.5f, 70.25f, 45.5f, 6.5f, 2.5f, 70f, 42.5f};
        for (int i = 0; i < plcValues.length; i++) {
            put(plc, 2 * i, bigWords(Float.floatToIntBits(plcValues[i])));
        }
        int[] panel = {1, 0, 0, 215, 0, 0, 0, 0, 203, 1};

        server = new PymodbusServer(Map.of(
                TYPES_UNIT, Map.of("hr", types, "ir", inputs),
                PLC_UNIT, Map.of("hr", plc),
                PANEL_UNIT, Map.of("hr", panel)));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeLink() {
        if (tcp != null) {
            tcp.close();
        }
    }

    @Test
    void everyTypeAndWordOrderDecodesToCanonicalValuesInMergedBlocks() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "types", configDir);
        Instant before = Instant.now();
        List<Reading> readings = session.read(Set.of());
        Instant after = Instant.now();

        Map<String, Reading> byPoint = byPoint(readings);
        assertThat(byPoint).hasSize(12);
        assertValue(byPoint, "t.int16", "-200", Unit.NONE);
        assertValue(byPoint, "t.uint16", "65336", Unit.NONE);
        assertValue(byPoint, "t.int32.big", "-123456789", Unit.NONE);
        assertValue(byPoint, "t.int32.little", "-123456789", Unit.NONE);
        assertValue(byPoint, "t.uint32.big", "4000000000", Unit.NONE);
        assertValue(byPoint, "t.uint32.little", "4000000000", Unit.NONE);
        assertValue(byPoint, "t.float32.big", "21.5", Unit.CELSIUS);
        assertValue(byPoint, "t.float32.little", "-3.25", Unit.CELSIUS);
        assertValue(byPoint, "t.scaled", "250", Unit.KPA);          // (125 × 0.1 − 10) bar
        assertValue(byPoint, "t.energy", "1234000", Unit.KWH);      // 1234 MWh
        assertValue(byPoint, "t.input", "-3.5", Unit.CELSIUS);
        assertValue(byPoint, "t.input.far", "65535", Unit.NONE);
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo("dev-" + TYPES_UNIT);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
            assertThat(r.time()).isBetween(before, after);
        });
        // holding 0..21 in one request, input 100 and input 140 in one each
        assertThat(link.sent()).isEqualTo(3);
    }

    @Test
    void readingSomePointsReadsOnlyTheirBlocks() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "types", configDir);
        List<Reading> readings = session.read(Set.of("t.int16", "t.int32.little", "t.input.far", "not.in.profile"));
        assertThat(readings).extracting(Reading::point)
                .containsExactlyInAnyOrder("t.int16", "t.int32.little", "t.input.far");
        // holding 0..5 (3 unused registers merged), input 140
        assertThat(link.sent()).isEqualTo(2);
        link.reset();
        // 9 unused registers between 1 and 10 exceed maxGap 8: two holding requests
        session.read(Set.of("t.int16", "t.float32.big"));
        assertThat(link.sent()).isEqualTo(2);
    }

    @Test
    void shippedSubstationPlcProfileReadsTheSimulatorMapInOneRequest() throws Exception {
        DeviceSession session = open(PLC_UNIT, "substation-plc", SHIPPED_CONFIG);
        Map<String, Reading> byPoint = byPoint(session.read(Set.of()));
        assertValue(byPoint, "temp.outdoor", "-5.5", Unit.CELSIUS);
        assertValue(byPoint, "temp.supply", "70.25", Unit.CELSIUS);
        assertValue(byPoint, "temp.return", "45.5", Unit.CELSIUS);
        assertValue(byPoint, "pressure.supply", "650", Unit.KPA);
        assertValue(byPoint, "pressure.return", "250", Unit.KPA);
        assertValue(byPoint, "setpoint.supply", "70", Unit.CELSIUS);
        assertValue(byPoint, "valve.opening", "42.5", Unit.PERCENT);
        assertThat(byPoint).hasSize(7);
        assertThat(link.sent()).isEqualTo(1);
    }

    @Test
    void shippedBac002ProfileReadsThePanelInOneRequest() throws Exception {
        DeviceSession session = open(PANEL_UNIT, "bac-002", SHIPPED_CONFIG);
        Map<String, Reading> byPoint = byPoint(session.read(Set.of()));
        assertValue(byPoint, "status.power", "1", Unit.NONE);
        assertValue(byPoint, "setpoint.room", "21.5", Unit.CELSIUS);
        assertValue(byPoint, "temp.room", "20.3", Unit.CELSIUS);
        assertValue(byPoint, "valve.state", "1", Unit.NONE);
        assertThat(byPoint).hasSize(4);
        assertThat(link.sent()).isEqualTo(1);
    }

    @Test
    void anIllegalAddressIsANakNamingTheException() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "hole", configDir);
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK);
                    assertThat(e.getMessage())
                            .contains("device dev-1 (unit 1 on tcp://127.0.0.1:" + server.port() + ")")
                            .contains("holding registers 500..500 (t.missing)")
                            .contains("illegal data address (Modbus exception 2)");
                });
    }

    @Test
    void aSetpointWithinLimitsIsWrittenWithOneRegisterAndReadBack() throws Exception {
        DeviceSession session = open(PANEL_UNIT, "bac-002", SHIPPED_CONFIG);
        CommandResult result = session.execute(command("setpoint.room", "22.5"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("22.5"));
        assertThat(link.sent()).isEqualTo(2); // 0x06 write + read back
        assertValue(byPoint(session.read(Set.of("setpoint.room"))), "setpoint.room", "22.5", Unit.CELSIUS);
    }

    @Test
    void aFloatSetpointIsWrittenWithTwoRegistersAndReadBack() throws Exception {
        DeviceSession session = open(PLC_UNIT, "substation-plc", SHIPPED_CONFIG);
        CommandResult result = session.execute(command("setpoint.supply", "65.5"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("65.5"));
        assertValue(byPoint(session.read(Set.of())), "setpoint.supply", "65.5", Unit.CELSIUS);
        assertValue(byPoint(session.read(Set.of())), "temp.supply", "70.25", Unit.CELSIUS); // neighbours untouched
    }

    @Test
    void commandsOutsideLimitsOrOnReadOnlyPointsAreRefusedBeforeTheWire() throws Exception {
        DeviceSession session = open(PANEL_UNIT, "bac-002", SHIPPED_CONFIG);
        CommandResult tooHot = session.execute(command("setpoint.room", "35.1"));
        assertThat(tooHot.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(tooHot.message()).contains("setpoint.room 35.1 is outside 5..35 °C").contains("bac-002.yaml:");
        CommandResult tooCold = session.execute(command("setpoint.room", "4.9"));
        assertThat(tooCold.status()).isEqualTo(CommandResult.Status.REFUSED);
        CommandResult readOnly = session.execute(command("temp.room", "20"));
        assertThat(readOnly.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(readOnly.message()).contains("'temp.room' is read-only");
        CommandResult unknown = session.execute(command("pump.frequency", "30"));
        assertThat(unknown.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(unknown.message()).contains("no point 'pump.frequency' in profile bac-002");
        assertThat(link.sent()).isZero();
    }

    private DeviceSession open(int unit, String profile, Path config) throws Exception {
        tcp = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + server.port()));
        link = new CountingLink(tcp);
        DeviceConfig device = new DeviceConfig("dev-" + unit, "modbus", "plc", Integer.toString(unit),
                Map.of("profile", profile, "timeout", "2s"), Duration.ofSeconds(5), config, "site.yaml:10");
        return driver.open(device, link);
    }

    private static Command command(String point, String value) {
        return new Command("req-1", "dev", point, new BigDecimal(value), "test");
    }

    private static Map<String, Reading> byPoint(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point, Function.identity()));
    }

    private static void assertValue(Map<String, Reading> byPoint, String point, String value, Unit unit) {
        assertThat(byPoint).containsKey(point);
        Reading r = byPoint.get(point);
        assertThat(r.value()).as(point).isEqualByComparingTo(value);
        assertThat(r.unit()).as(point).isEqualTo(unit);
    }

    private static int[] bigWords(int bits) {
        return new int[] {(bits >>> 16) & 0xFFFF, bits & 0xFFFF};
    }

    private static int[] littleWords(int bits) {
        return new int[] {bits & 0xFFFF, (bits >>> 16) & 0xFFFF};
    }

    private static void put(int[] registers, int address, int[] words) {
        System.arraycopy(words, 0, registers, address, words.length);
    }
}
