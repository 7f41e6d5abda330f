package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.driver.modbus.ModbusDriver;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.transport.TcpLinkFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate-device} over Modbus TCP, read by the hub's own Modbus driver and by
 * {@code bin/heathub read}, and probed with hand-made frames where the driver would refuse to send.
 */
class SimulateDeviceTest {
    static final Path CONFIG = Path.of("../../config");
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    @Test
    void everyShippedProfileIsServedAndReadBackByTheHubsDriverWithValuesInsideTheirLimits() throws Exception {
        List<Path> profiles;
        try (Stream<Path> files = Files.list(CONFIG.resolve("profiles"))) {
            profiles = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(profiles).extracting(f -> f.getFileName().toString())
                .contains("bac-002.yaml", "boiler.yaml", "danfoss-fc51.yaml", "substation-plc.yaml", "vfd-cn.yaml");
        for (Path file : profiles) {
            String name = file.getFileName().toString().replace(".yaml", "");
            Profile profile = ProfileParser.parse(file);
            try (SimulateDevice.Running device = SimulateDevice.start(new String[] {"--profile", file.toString(),
                    "--unit", "7", "--port", "0"})) {
                List<Reading> first = readAll(device.port(), 7, name);
                Thread.sleep(1_200);
                List<Reading> second = readAll(device.port(), 7, name);
                Set<String> expected = profile.readableNames().keySet();
                assertThat(first).as(name).extracting(Reading::point).containsExactlyInAnyOrderElementsOf(expected);
                for (Reading r : first) {
                    assertThat(r.quality().name()).as(name + " " + r.point()).isEqualTo("GOOD");
                    assertPlausible(profile, r);
                }
                for (int i = 0; i < first.size(); i++) {
                    assertSlow(profile, first.get(i), second.get(i));
                }

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int exit = new Read(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"--driver", "modbus",
                            "--bus", "tcp://127.0.0.1:" + device.port(), "--address", "7", "--set", "profile=" + name,
                            "--config", CONFIG.toString()});
                assertThat(exit).as(name + ": " + err).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8).lines()).as(name).hasSize(expected.size())
                        .allMatch(line -> line.contains("\"quality\":\"GOOD\""));
            }
        }
    }

    /** Independent sanity: what a substation's devices report in these units. */
    private static void assertPlausible(Profile profile, Reading r) {
        PointDefinition p = profile.readableNames().get(r.point());
        double v = r.value().doubleValue();
        String what = profile.name() + " " + r.point() + " = " + r.value();
        if (!p.name().equals(r.point()) || r.point().startsWith("status.") || r.point().endsWith(".state")
                && p.states().isEmpty()) {
            assertThat(v).as(what).isIn(0.0, 1.0);
        } else if (!p.states().isEmpty()) {
            assertThat(p.states()).as(what).containsKey(r.value().longValueExact());
        } else if (p.writable() && p.min() != null) {
            assertThat(r.value()).as(what).isBetween(p.min(), p.max());
        }
        switch (r.unit()) {
            case CELSIUS -> assertThat(v).as(what).isBetween(-30.0, 130.0);
            case KPA -> assertThat(v).as(what).isBetween(0.0, 1600.0);
            case PERCENT -> assertThat(v).as(what).isBetween(0.0, 100.0);
            case HERTZ -> assertThat(v).as(what).isBetween(0.0, 60.0);
            case CUBIC_METRE_PER_HOUR -> assertThat(v).as(what).isBetween(0.0, 500.0);
            default -> { }
        }
        if (r.point().equals("temp.return")) {
            assertThat(v).as(what).isBetween(30.0, 60.0);
        }
        if (r.point().equals("temp.supply")) {
            assertThat(v).as(what).isBetween(50.0, 90.0);
        }
    }

    /** Levels move slowly: at most 2 % of their size (at least of 30) per second, counters likewise. */
    private static void assertSlow(Profile profile, Reading a, Reading b) {
        assertThat(b.point()).isEqualTo(a.point());
        PointDefinition p = profile.readableNames().get(a.point());
        double seconds = java.time.Duration.between(a.time(), b.time()).toMillis() / 1000.0;
        double change = Math.abs(b.value().doubleValue() - a.value().doubleValue());
        double resolution = p.scale().abs().doubleValue() * p.unit().toCanonical(BigDecimal.ONE).doubleValue();
        double size = Math.max(30, Math.abs(a.value().doubleValue()));
        assertThat(change).as(profile.name() + " " + a.point() + " " + a.value() + " → " + b.value() + " in " + seconds + " s")
                .isLessThanOrEqualTo(2 * resolution + 0.02 * size * seconds);
    }

    @Test
    void aWriteInsideTheLimitsReadsBackOutsideIsExceptionThreeUnknownRegistersExceptionTwo() throws Exception {
        try (SimulateDevice.Running device = SimulateDevice.start(new String[] {"--profile", "bac-002",
                "--config", CONFIG.toString(), "--unit", "3", "--port", "0"});
             ManagedLink link = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + device.port()))) {
            DeviceSession panel = new ModbusDriver().open(device(3, "bac-002"), link);
            CommandResult done = panel.execute(new Command("r1", "panel", "setpoint.room", new BigDecimal("23.5"), "test"));
            assertThat(done.status().name()).isEqualTo("DONE");
            assertThat(done.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("23.5"));
            assertThat(panel.read(Set.of("setpoint.room"))).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("23.5"));

            // the driver refuses out-of-limit values itself, so these go by hand: FC 06 register 3 = 40.0 °C
            assertThat(modbusTcp(device.port(), 3, "06 00 03 01 90")).isEqualTo("86 03");
            assertThat(modbusTcp(device.port(), 3, "06 00 03 00 31")).isEqualTo("86 03"); // 4.9 °C
            assertThat(modbusTcp(device.port(), 3, "06 00 03 00 DC")).isEqualTo("06 00 03 00 DC"); // 22.0 °C
            assertThat(modbusTcp(device.port(), 3, "03 00 03 00 01")).isEqualTo("03 02 00 DC");
            assertThat(modbusTcp(device.port(), 3, "06 00 08 00 DC")).as("temp.room is read-only").isEqualTo("86 02");
            assertThat(modbusTcp(device.port(), 3, "03 00 64 00 01")).as("register 100").isEqualTo("83 02");
            assertThat(modbusTcp(device.port(), 3, "03 00 00 00 0B")).as("0..10 runs past register 9").isEqualTo("83 02");
            assertThat(modbusTcp(device.port(), 3, "04 00 00 00 01")).as("no input registers").isEqualTo("84 02");
            assertThat(modbusTcp(device.port(), 3, "03 00 00 00 00")).as("quantity 0").isEqualTo("83 03");
            assertThat(modbusTcp(device.port(), 3, "2B 0E 01 00")).as("unknown function").isEqualTo("AB 01");
            assertThat(modbusTcp(device.port(), 4, "03 00 00 00 01")).as("no unit 4 behind the port").isEqualTo("83 0B");
            // the panel's whole map in one request, gaps reading 0: what the driver's merged poll asks
            assertThat(modbusTcp(device.port(), 3, "03 00 00 00 0A")).startsWith("03 14 00 01 00 00 00 00 00 DC 00 00");
        }
    }

    @Test
    void tablesTypesAndOrdersAreServedAsTheProfileSaysAndPinsHold(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("types.yaml");
        Files.writeString(profile, """
                name: types
                points:
                  - { point: t.bb, address: 0, type: float32, unit: °C }
                  - { point: t.lb, address: 2, type: float32, unit: °C, wordOrder: little }
                  - { point: t.bl, address: 4, type: float32, unit: °C, byteOrder: little }
                  - { point: t.ll, address: 6, type: float32, unit: °C, wordOrder: little, byteOrder: little }
                  - { point: counter.energy, address: 8, type: uint32, unit: kWh, wordOrder: little }
                  - { point: pressure.supply, address: 10, type: int16, scale: 0.01, unit: bar }
                  - { point: meter.bcd, address: 11, type: bcd16 }
                  - { point: drive.status, address: 0, function: input, type: uint16, bits: {0: running, 3: fault, 7: remote} }
                  - { point: pump.run, address: 5, function: coil, writable: true }
                  - { point: door.open, address: 2, function: discrete }
                  - { point: alarm.fault, address: 3, function: discrete }
                """);
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                t.bb: 21.5
                t.lb: 21.5
                t.bl: 21.5
                t.ll: 21.5
                meter.bcd: 1234
                "holding:20": 0xBEEF
                """);
        try (SimulateDevice.Running device = SimulateDevice.start(new String[] {"--profile", profile.toString(),
                "--unit", "1", "--port", "0", "--values", values.toString()});
             ManagedLink link = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + device.port()))) {
            // docs/protocols.md §4.4: 21.5 as float32 in each word/byte order
            assertThat(modbusTcp(device.port(), 1, "03 00 00 00 08")).isEqualTo(
                    "03 10 41 AC 00 00 00 00 41 AC AC 41 00 00 00 00 AC 41");
            assertThat(modbusTcp(device.port(), 1, "03 00 0B 00 01")).isEqualTo("03 02 12 34");
            assertThat(modbusTcp(device.port(), 1, "03 00 14 00 01")).as("pinned register").isEqualTo("03 02 BE EF");
            assertThat(modbusTcp(device.port(), 1, "04 00 00 00 01")).as("running and remote, no fault")
                    .isEqualTo("04 02 00 81");
            assertThat(modbusTcp(device.port(), 1, "02 00 02 00 02")).as("door, no alarm").isEqualTo("02 01 01");
            assertThat(modbusTcp(device.port(), 1, "05 00 02 FF 00")).as("coil 2 is not in the profile").isEqualTo("85 02");

            Files.createDirectories(dir.resolve("profiles"));
            Files.copy(profile, dir.resolve("profiles/types.yaml"));
            DeviceSession session = new ModbusDriver().open(new DeviceConfig("dev", "modbus", "bus", "1",
                    Map.of("profile", "types"), Duration.ofSeconds(10), dir, "test"), link);
            Map<String, BigDecimal> read = new java.util.HashMap<>();
            session.read(Set.of()).forEach(r -> read.put(r.point(), r.value()));
            assertThat(read).containsKeys("t.bb", "counter.energy", "drive.status.running", "door.open", "pump.run");
            for (String t : List.of("t.bb", "t.lb", "t.bl", "t.ll")) {
                assertThat(read.get(t)).as(t).isEqualByComparingTo("21.5");
            }
            assertThat(read.get("meter.bcd")).isEqualByComparingTo("1234");
            assertThat(read.get("drive.status.fault")).isEqualByComparingTo("0");
            assertThat(read.get("counter.energy").doubleValue()).isGreaterThan(1_000);
            assertThat(read.get("pressure.supply").doubleValue()).isBetween(400.0, 600.0); // kPa from bar ×0.01

            assertThat(session.execute(new Command("c1", "dev", "pump.run", BigDecimal.ONE, "test")).readBack())
                    .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1"));
            assertThat(session.execute(new Command("c2", "dev", "pump.run", BigDecimal.ZERO, "test")).readBack())
                    .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0"));
            assertThat(modbusTcp(device.port(), 1, "0F 00 05 00 02 01 03")).as("coil 6 is not in the profile")
                    .isEqualTo("8F 02");
        }
    }

    @Test
    void optionsAndFilesAreCheckedWithOneLocatedLine(@TempDir Path dir) throws Exception {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: heathub simulate-device").contains("--serial=URI", "--values=FILE");
        assertThat(help.err()).isEmpty();

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                name: broken
                points:
                  - point: temp.supply
                    address: 0
                    type: float32
                    unit: degF
                """);
        assertOneLine(run("--profile", broken.toString(), "--unit", "1", "--port", "0"),
                broken + ":6:11: points[0].unit: unknown unit \"degF\"");
        assertOneLine(run("--profile", dir.resolve("missing.yaml").toString(), "--unit", "1", "--port", "0"),
                "--profile: no profile file " + dir.resolve("missing.yaml"));
        Path plc = CONFIG.resolve("profiles/substation-plc.yaml");
        assertOneLine(run("--profile", plc.toString(), "--unit", "300", "--port", "0"),
                "--unit: expected a Modbus unit id 0..247, got \"300\"");
        assertOneLine(run("--profile", plc.toString(), "--unit", "x", "--port", "0"),
                "--unit: expected a Modbus unit id 0..247, got \"x\"");
        assertOneLine(run("--profile", plc.toString(), "--unit", "1"), "give either --port P");
        assertOneLine(run("--profile", plc.toString(), "--unit", "0", "--serial", dir.resolve("tty").toString()),
                "--unit: expected a Modbus unit id 1..247, got \"0\"");
        assertOneLine(run("--profile", plc.toString(), "--unit", "1", "--serial", dir.resolve("tty").toString()),
                "--serial: no serial port " + dir.resolve("tty"));

        Path values = dir.resolve("values.txt");
        Files.writeString(values, "# pins\ntemp.supply = 70\n\ntemp.suply = 71\n");
        assertOneLine(run("--profile", plc.toString(), "--unit", "1", "--port", "0", "--values", values.toString()),
                values + ":4: temp.suply: no point 'temp.suply' in profile substation-plc");
        Files.writeString(values, "setpoint.supply = hot\n");
        assertOneLine(run("--profile", plc.toString(), "--unit", "1", "--port", "0", "--values", values.toString()),
                values + ":1: setpoint.supply: expected a number, got \"hot\"");
        Path yaml = dir.resolve("values.yaml");
        Files.writeString(yaml, "temp.supply: 70\n\"holding:3\": 70000\n");
        assertOneLine(run("--profile", plc.toString(), "--unit", "1", "--port", "0", "--values", yaml.toString()),
                yaml + ":2: holding:3: expected a register value 0..65535");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run busy = run("--profile", plc.toString(), "--unit", "1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.err()).startsWith("heathub simulate-device: ").contains("cannot listen on").hasLineCount(1);
        }
    }

    @Test
    void pinnedValuesFromAKeyValueFileAndStatesByLabel(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("vfd.values");
        Files.writeString(values, "pump.state = stopped   # the drive is off\nsetpoint.frequency = 12.5\n");
        try (SimulateDevice.Running device = SimulateDevice.start(new String[] {"--profile", "vfd-cn", "--config",
                CONFIG.toString(), "--unit", "2", "--port", "0", "--values", values.toString()});
             ManagedLink link = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + device.port()))) {
            assertThat(device.banner().get(0)).contains("profile vfd-cn", "unit 2", "Modbus TCP 127.0.0.1:" + device.port());
            DeviceSession drive = new ModbusDriver().open(device(2, "vfd-cn"), link);
            Map<String, BigDecimal> read = new java.util.HashMap<>();
            drive.read(Set.of()).forEach(r -> read.put(r.point(), r.value()));
            assertThat(read.get("pump.state")).isEqualByComparingTo("3");
            assertThat(read.get("setpoint.frequency")).isEqualByComparingTo("12.5");
            assertThat(modbusTcp(device.port(), 2, "03 20 00 00 01")).as("the command word is write-only").isEqualTo("83 02");
            CommandResult command = drive.execute(new Command("c", "drive", "pump.command", BigDecimal.ONE, "test"));
            assertThat(command.status().name()).isEqualTo("DONE");
            assertThat(modbusTcp(device.port(), 2, "06 20 00 00 08")).as("command 8 outside 1..7").isEqualTo("86 03");
        }
    }

    static DeviceConfig device(int unit, String profile) {
        return new DeviceConfig("dev", "modbus", "bus", String.valueOf(unit), Map.of("profile", profile),
                Duration.ofSeconds(10), CONFIG.toAbsolutePath(), "test");
    }

    private static List<Reading> readAll(int port, int unit, String profile) throws Exception {
        try (ManagedLink link = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + port))) {
            List<Reading> readings = new ArrayList<>(new ModbusDriver().open(device(unit, profile), link).read(Set.of()));
            readings.sort(java.util.Comparator.comparing(Reading::point));
            return readings;
        }
    }

    /** One Modbus TCP request with the PDU in hex; the reply's PDU in hex. */
    static String modbusTcp(int port, int unit, String pduHex) throws IOException {
        byte[] pdu = HEX.parseHex(pduHex);
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = 0x12;
        frame[1] = 0x34;
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(frame);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[7];
            in.readFully(header);
            assertThat(header[0]).isEqualTo((byte) 0x12);
            assertThat(header[1]).isEqualTo((byte) 0x34);
            assertThat(header[6]).isEqualTo((byte) unit);
            byte[] reply = new byte[((header[4] & 0xFF) << 8 | header[5] & 0xFF) - 1];
            in.readFully(reply);
            return HEX.formatHex(reply);
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new SimulateDevice(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Run run, String expected) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("heathub simulate-device: ").contains(expected).hasLineCount(1);
    }
}
