package io.heathub.driver.modbus;

import static io.heathub.driver.modbus.TypesFixture.assertValue;
import static io.heathub.driver.modbus.TypesFixture.byPoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.line.RecordingLink;
import io.heathub.testkit.peers.PymodbusServer;
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
    private static final int WRITES_UNIT = 4;
    private static final int FC51_UNIT = 5;
    private static final int VFD_UNIT = 6;
    /** MBAP header + unit id: the function code's offset in a Modbus TCP frame. */
    private static final int FUNCTION = 7;
    /** The shipped profiles, seen from the module directory where the tests run. */
    private static final Path SHIPPED_CONFIG = Path.of("../../config");

    private static final String HOLE_PROFILE = """
            name: hole
            points:
              - { point: t.missing, address: 500, type: int16 }
            """;
    private static final String BUSY_PROFILE = """
            name: busy
            points:
              - { point: t.busy, address: 60, type: int16 }
            """;
    private static final String BAD_BCD_PROFILE = """
            name: bad-bcd
            points:
              - { point: meter.heat, address: 43, type: bcd16, unit: kWh }
            """;
    static final String WRITES_PROFILE = """
            name: writes
            points:
              - { point: pump.run, address: 3, function: coil, writable: true }
              - { point: valve.run, address: 10, function: coil, writable: true, write: multiple }
              - { point: setpoint.flow, address: 0, type: int16, scale: 0.1, unit: m³/h, writable: true, min: 0, max: 100, write: multiple }
              - { point: setpoint.supply, address: 1, type: float32, wordOrder: little, byteOrder: little, unit: °C, writable: true, min: 20, max: 95 }
              - { point: counter.preset, address: 3, type: bcd16, writable: true, min: 0, max: 9999 }
              - { point: mode, address: 4, type: uint16, writable: true, enum: {1: auto, 2: manual, 5: off} }
              - { point: command, address: 5, type: uint16, writable: true, writeOnly: true, min: 0, max: 7 }
              - { point: setpoint.pump, address: 6, type: float64, unit: Hz, writable: true, min: 0, max: 50 }
            """;

    private static PymodbusServer server;
    @TempDir
    static Path configDir;

    private final ModbusDriver driver = new ModbusDriver();
    private ManagedLink tcp;
    private RecordingLink link;

    @BeforeAll
    static void startServer() throws Exception {
        Files.createDirectories(configDir.resolve("profiles"));
        Files.writeString(configDir.resolve("profiles/types.yaml"), TypesFixture.PROFILE);
        Files.writeString(configDir.resolve("profiles/hole.yaml"), HOLE_PROFILE);
        Files.writeString(configDir.resolve("profiles/busy.yaml"), BUSY_PROFILE);
        Files.writeString(configDir.resolve("profiles/bad-bcd.yaml"), BAD_BCD_PROFILE);
        Files.writeString(configDir.resolve("profiles/writes.yaml"), WRITES_PROFILE);

        Map<String, int[]> types = new java.util.HashMap<>(TypesFixture.image());
        types.put("busy", new int[] {60});
        int[] plc = new int[14];
        float[] plcValues = {-5.5f, 70.25f, 45.5f, 6.5f, 2.5f, 70f, 42.5f};
        for (int i = 0; i < plcValues.length; i++) {
            TypesFixture.put(plc, 2 * i, TypesFixture.words(Float.floatToIntBits(plcValues[i]), 2, false, false));
        }
        int[] panel = {1, 0, 0, 215, 0, 0, 0, 0, 203, 1};

        server = PymodbusServer.tcp(Map.of(
                TYPES_UNIT, types,
                PLC_UNIT, Map.of("hr", plc),
                PANEL_UNIT, Map.of("hr", panel),
                WRITES_UNIT, Map.of("hr", new int[16], "co", new int[16]),
                FC51_UNIT, Map.of("hr", new int[50010]),
                VFD_UNIT, Map.of("hr", new int[0x3001])));
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
    void everyTypeWordOrderAndByteOrderDecodesToCanonicalValuesInMergedBlocks() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "types", configDir);
        Instant before = Instant.now();
        List<Reading> readings = session.read(Set.of());
        Instant after = Instant.now();

        TypesFixture.assertAllReadings(readings);
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo("dev-" + TYPES_UNIT);
            assertThat(r.time()).isBetween(before, after);
        });
        // one request per block: holding 0..42, input 100, input 140, coils 3..10, coil 200, discrete 0..7
        assertThat(link.sent()).hasSize(TypesFixture.REQUESTS_FOR_ALL);
        assertThat(link.byteAt(FUNCTION)).containsExactly(0x03, 0x04, 0x04, 0x01, 0x01, 0x02);
    }

    @Test
    void readingSomePointsReadsOnlyTheirBlocks() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "types", configDir);
        List<Reading> readings = session.read(Set.of("t.int16", "t.int32.little", "t.input.far", "not.in.profile"));
        assertThat(readings).extracting(Reading::point)
                .containsExactlyInAnyOrder("t.int16", "t.int32.little", "t.input.far");
        // holding 0..5 (3 unused registers merged), input 140
        assertThat(link.sent()).hasSize(2);
        link.reset();
        // 9 unused registers between 1 and 10 exceed maxGap 8: two holding requests
        session.read(Set.of("t.int16", "t.float32.big"));
        assertThat(link.sent()).hasSize(2);
        link.reset();
        // a bit point alone reads its word and yields only itself
        assertThat(session.read(Set.of("status.fault"))).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("1"));
        assertThat(link.sent()).hasSize(1);
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
        assertThat(link.sent()).hasSize(1);
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
        assertThat(link.sent()).hasSize(1);
    }

    @Test
    void shippedDriveProfilesTakeTheControlLoopsHertzThroughTheDrivesMaximumFrequency() throws Exception {
        // FC 51: 16384 = 100 % = maxFrequency (50 Hz by default); 45 Hz is 14745.6, written 14746
        DeviceSession fc51 = open(FC51_UNIT, Map.of("profile", "danfoss-fc51"), SHIPPED_CONFIG);
        CommandResult result = fc51.execute(command("setpoint.frequency", "45"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("45.001220703125"));
        assertThat(raw(FC51_UNIT, 50009)).isEqualTo(14746);
        assertThat(fc51.execute(command("setpoint.frequency", "50.1")).status()).isEqualTo(CommandResult.Status.REFUSED);
        // the Chinese VFD: 0.01 % of a 60 Hz maximum frequency, so 45 Hz is 75.00 %
        DeviceSession vfd = open(VFD_UNIT, Map.of("profile", "vfd-cn", "maxFrequency", "60"), SHIPPED_CONFIG);
        result = vfd.execute(command("setpoint.frequency", "45"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("45"));
        assertThat(raw(VFD_UNIT, 0x1000)).isEqualTo(7500);
        assertValue(byPoint(vfd.read(Set.of("setpoint.frequency"))), "setpoint.frequency", "45", Unit.HERTZ);
        // 55 Hz is within 60 Hz here but would be refused with the default 50 Hz
        assertThat(vfd.execute(command("setpoint.frequency", "55")).status()).isEqualTo(CommandResult.Status.DONE);
        assertThat(raw(VFD_UNIT, 0x1000)).isEqualTo(9167); // 91.666…, half up
        // a device whose setting is no number is refused at open, naming the setting and the profile
        assertThatThrownBy(() -> open(VFD_UNIT, Map.of("profile", "vfd-cn", "maxFrequency", "fifty"), SHIPPED_CONFIG))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG))
                .hasMessageStartingWith("settings.maxFrequency: expected a number 1..600")
                .hasMessageContaining("vfd-cn.yaml:");
        assertThatThrownBy(() -> driver.validate(new DeviceConfig("dev", "modbus", "plc", "6",
                Map.of("profile", "danfoss-fc51", "maxFrequency", "500"), Duration.ofSeconds(5), SHIPPED_CONFIG, "site.yaml:3")))
                .hasMessageContaining("settings.maxFrequency: expected a number 1..400");
    }

    private int raw(int unit, int address) throws Exception {
        ModbusLinkMaster master = ModbusLinkMaster.over(link, unit, false, Duration.ofSeconds(2), "test");
        return master.readHoldingRegisters(address, 1)[0];
    }

    @Test
    void anIllegalAddressIsANakNamingThePointAndAddress() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "hole", configDir);
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK);
                    assertThat(e.getMessage())
                            .startsWith("unit 1: ")
                            .contains("holding registers 500..500 (t.missing)")
                            .contains("illegal data address (Modbus exception 2)");
                });
    }

    @Test
    void aBusyDeviceIsANakSayingSo() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "busy", configDir);
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK))
                .hasMessageContaining("read holding registers 60..60 (t.busy): server device busy (Modbus exception 6)");
    }

    @Test
    void aBcdDigitAboveNineIsMalformedNamingThePoint() throws Exception {
        DeviceSession session = open(TYPES_UNIT, "bad-bcd", configDir);
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.MALFORMED))
                .hasMessageContaining("meter.heat (holding 43, bcd16, " + configDir.resolve("profiles/bad-bcd.yaml") + ":3)")
                .hasMessageContaining("0x12A4 is not BCD: digit 3 (from the left) is 0xA");
    }

    @Test
    void aSetpointWithinLimitsIsWrittenWithOneRegisterAndReadBack() throws Exception {
        DeviceSession session = open(PANEL_UNIT, "bac-002", SHIPPED_CONFIG);
        CommandResult result = session.execute(command("setpoint.room", "22.5"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("22.5"));
        assertThat(link.byteAt(FUNCTION)).containsExactly(0x06, 0x03); // write + read back
        assertValue(byPoint(session.read(Set.of("setpoint.room"))), "setpoint.room", "22.5", Unit.CELSIUS);
    }

    @Test
    void aFloatSetpointIsWrittenWithTwoRegistersAndReadBack() throws Exception {
        DeviceSession session = open(PLC_UNIT, "substation-plc", SHIPPED_CONFIG);
        CommandResult result = session.execute(command("setpoint.supply", "65.5"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("65.5"));
        assertThat(link.byteAt(FUNCTION)).containsExactly(0x10, 0x03);
        assertValue(byPoint(session.read(Set.of())), "setpoint.supply", "65.5", Unit.CELSIUS);
        assertValue(byPoint(session.read(Set.of())), "temp.supply", "70.25", Unit.CELSIUS); // neighbours untouched
    }

    @Test
    void everyWriteFunctionIsUsedAsTheTypeNeedsAndReadBack() throws Exception {
        DeviceSession session = open(WRITES_UNIT, "writes", configDir);
        assertDone(session.execute(command("pump.run", "1")), "1");
        assertDone(session.execute(command("valve.run", "1")), "1");
        assertDone(session.execute(command("setpoint.flow", "42.5")), "42.5");
        assertDone(session.execute(command("setpoint.supply", "71.25")), "71.25");
        assertDone(session.execute(command("counter.preset", "1234")), "1234");
        assertDone(session.execute(command("mode", "2")), "2");
        assertDone(session.execute(command("setpoint.pump", "37.5")), "37.5");
        CommandResult command = session.execute(command("command", "5"));
        assertThat(command.status()).as(command.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(command.readBack()).isEmpty();
        assertThat(link.byteAt(FUNCTION)).containsExactly(
                0x05, 0x01,    // one coil
                0x0F, 0x01,    // one coil, write: multiple
                0x10, 0x03,    // one register, write: multiple
                0x10, 0x03,    // float32
                0x06, 0x03,    // bcd16
                0x06, 0x03,    // enum
                0x10, 0x03,    // float64
                0x06);         // write-only: no read back

        Map<String, Reading> now = byPoint(session.read(Set.of()));
        assertValue(now, "pump.run", "1", Unit.NONE);
        assertValue(now, "valve.run", "1", Unit.NONE);
        assertValue(now, "setpoint.flow", "42.5", Unit.CUBIC_METRE_PER_HOUR);
        assertValue(now, "setpoint.supply", "71.25", Unit.CELSIUS);
        assertValue(now, "counter.preset", "1234", Unit.NONE);
        assertValue(now, "mode", "2", Unit.NONE);
        assertValue(now, "setpoint.pump", "37.5", Unit.HERTZ);
        assertThat(now).doesNotContainKey("command");
        assertDone(session.execute(command("pump.run", "0")), "0");
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
        assertThat(link.sent()).isEmpty();
    }

    @Test
    void valuesOutsideStatesCoilValuesAndBitsAreRefusedBeforeTheWire() throws Exception {
        DeviceSession session = open(WRITES_UNIT, "writes", configDir);
        CommandResult notAState = session.execute(command("mode", "3"));
        assertThat(notAState.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(notAState.message()).contains("mode 3 is not one of the values it accepts: 1 auto, 2 manual, 5 off");
        CommandResult notABit = session.execute(command("pump.run", "2"));
        assertThat(notABit.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(notABit.message()).contains("pump.run is a single coil: write 0 or 1, not 2");
        CommandResult tooFast = session.execute(command("setpoint.pump", "50.01"));
        assertThat(tooFast.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(tooFast.message()).contains("setpoint.pump 50.01 is outside 0..50 Hz");
        assertThat(link.sent()).isEmpty();

        DeviceSession types = open(TYPES_UNIT, "types", configDir);
        CommandResult bit = types.execute(command("status.fault", "0"));
        assertThat(bit.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(bit.message()).contains("'status.fault' is a bit of 'status'");
        assertThat(link.sent()).isEmpty();
    }

    @Test
    void aRawWriteIsExecutedOnlyOnAWritablePointWithinItsLimits() throws Exception {
        DeviceSession session = open(PLC_UNIT, "substation-plc", SHIPPED_CONFIG);
        // 66.5 °C as float32 big-endian: 0x4285 0x0000, sent as one unsigned integer
        BigDecimal raw = ModbusLinkMaster.rawWriteValue(new int[] {0x4285, 0x0000});
        String point = ModbusLinkMaster.rawWritePoint("holding", 10, 2);
        assertThat(point).isEqualTo("raw.holding.10.2");
        CommandResult done = session.execute(new Command("r-raw", "dev", point, raw, "route:test"));
        assertThat(done.status()).as(done.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(done.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(raw));
        assertThat(link.byteAt(FUNCTION)).containsExactly(0x10, 0x03);
        assertValue(byPoint(session.read(Set.of("setpoint.supply"))), "setpoint.supply", "66.5", Unit.CELSIUS);
        int sentBefore = link.sent().size();

        // 96 °C = 0x42C0 0x0000 is above the profile's 95: refused before the wire, naming the point
        CommandResult tooHot = session.execute(new Command("r-hot", "dev", point,
                ModbusLinkMaster.rawWriteValue(new int[] {0x42C0, 0}), "route:test"));
        assertThat(tooHot.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(tooHot.message()).contains("raw write of holding 10..11 = 1119879168 is setpoint.supply 96 is outside 20..95 °C");
        // temp.supply at 2 is read-only: no raw write there either
        CommandResult readOnly = session.execute(new Command("r-ro", "dev", "raw.holding.2.2", raw, "route:test"));
        assertThat(readOnly.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(readOnly.message()).contains("raw write of 2 holding from 2: no writable point of profile"
                + " substation-plc is exactly that (writable: [setpoint.supply holding 10..11]");
        // half of the float: refused too, a raw write never tears a value
        CommandResult half = session.execute(new Command("r-half", "dev", "raw.holding.10.1", BigDecimal.ONE, "route:test"));
        assertThat(half.message()).contains("raw write of 1 holding from 10: no writable point");
        CommandResult tooBig = session.execute(new Command("r-big", "dev", point, new BigDecimal("4294967296"), "route:test"));
        assertThat(tooBig.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(tooBig.message()).contains("does not fit 2 register(s) (0..4294967295)");
        CommandResult badName = session.execute(new Command("r-bad", "dev", "raw.input.3.1", raw, "route:test"));
        assertThat(badName.message()).contains("is not a raw write point");
        assertThat(link.sent()).hasSize(sentBefore);
        // the other tests read the image's 70 °C (0x428C 0x0000)
        assertThat(session.execute(new Command("r-back", "dev", point,
                ModbusLinkMaster.rawWriteValue(new int[] {0x428C, 0}), "route:test")).status())
                .isEqualTo(CommandResult.Status.DONE);
    }

    @Test
    void theLinkMasterReadsRawRegistersAndBitsOfAUnitOverTheBusLink() throws Exception {
        open(WRITES_UNIT, "writes", configDir); // the link
        DeviceSession writes = driver.open(new DeviceConfig("w", "modbus", "plc", Integer.toString(WRITES_UNIT),
                Map.of("profile", "writes"), Duration.ofSeconds(5), configDir, "site.yaml:1"), link);
        assertDone(writes.execute(command("pump.run", "1")), "1");
        assertDone(writes.execute(command("mode", "5")), "5");
        ModbusLinkMaster master = ModbusLinkMaster.over(link, WRITES_UNIT, ModbusLinkMaster.rtuByDefault(link),
                Duration.ofSeconds(2), "route test (unit " + WRITES_UNIT + ")");
        assertThat(master.readHoldingRegisters(4, 1)).containsExactly(5);
        assertThat(master.readCoils(2, 3)).containsExactly(0, 1, 0);
        ModbusLinkMaster plc = ModbusLinkMaster.over(link, PLC_UNIT, false, Duration.ofSeconds(2), "route test");
        int[] registers = plc.readHoldingRegisters(0, 14);
        assertThat(Float.intBitsToFloat(registers[2] << 16 | registers[3])).isEqualTo(70.25f);
        assertThatThrownBy(() -> plc.readHoldingRegisters(500, 1)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK)).hasMessageContaining("illegal data address");
        assertThatThrownBy(() -> plc.readHoldingRegisters(0, 126)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModbusLinkMaster.over(link, 0, true, Duration.ofSeconds(1), "x"))
                .hasMessageContaining("unit 0 is not a Modbus unit id (1..247 with RTU framing)");
    }

    private static void assertDone(CommandResult result, String readBack) {
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(readBack));
    }

    private DeviceSession open(int unit, String profile, Path config) throws Exception {
        return open(unit, Map.of("profile", profile), config);
    }

    private DeviceSession open(int unit, Map<String, String> settings, Path config) throws Exception {
        if (tcp != null) {
            tcp.close();
        }
        tcp = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + server.port()));
        link = new RecordingLink(tcp);
        DeviceConfig device = new DeviceConfig("dev-" + unit, "modbus", "plc", Integer.toString(unit),
                with(settings, "timeout", "2s"), Duration.ofSeconds(5), config, "site.yaml:10");
        return driver.open(device, link);
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(settings);
        out.put(key, value);
        return out;
    }

    static Command command(String point, String value) {
        return new Command("req-1", "dev", point, new BigDecimal(value), "test");
    }
}
