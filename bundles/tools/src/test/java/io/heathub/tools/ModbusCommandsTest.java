package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.testkit.peers.PymodbusServer;
import io.heathub.tools.cli.CliRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code heathub modbus read|write|scan} against pymodbus (a third-party Modbus server), over
 * Modbus TCP and RTU frames over TCP, with the hub's own framing and transports.
 */
class ModbusCommandsTest {
    private static PymodbusServer tcp;
    private static PymodbusServer rtu;

    @BeforeAll
    static void servers() throws Exception {
        // unit 1: holding 0 = 210, 1..2 = float32 21.5 (0x41AC 0x0000), 3 = -2 as int16; coils; unit 7: input registers
        Map<Integer, Map<String, int[]>> units = Map.of(
                1, Map.of("hr", new int[] {210, 0x41AC, 0x0000, 0xFFFE, 0, 0, 0, 0},
                        "co", new int[] {1, 0, 1, 0, 0, 0, 0, 0}),
                7, Map.of("ir", new int[] {1234, 5678}, "hr", new int[] {7}));
        tcp = PymodbusServer.tcp(units);
        rtu = PymodbusServer.rtuOverTcp(units);
    }

    @AfterAll
    static void stop() {
        tcp.close();
        rtu.close();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String bus(PymodbusServer server) {
        return "tcp://127.0.0.1:" + server.port();
    }

    @Test
    void readsRegistersAsTheTypeAsked() throws Exception {
        CliRun raw = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--address", "0", "--count", "4");
        assertThat(raw.exit()).as(raw.err()).isZero();
        assertThat(raw.out().lines().toList()).containsExactly(
                "unit  table    address  registers  value",
                "1     holding  0        0x00D2     210",
                "1     holding  1        0x41AC     16812",
                "1     holding  2        0x0000     0",
                "1     holding  3        0xFFFE     65534");

        CliRun floats = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--function", "3", "--address", "1",
                "--type", "float32", "--format", "json");
        assertThat(floats.exit()).as(floats.err()).isZero();
        JsonNode value = new ObjectMapper().readTree(floats.out());
        assertThat(value.path("value").decimalValue()).isEqualByComparingTo("21.5");
        assertThat(value.path("registers").toString()).isEqualTo("[16812,0]");
        assertThat(value.path("address").asInt()).isEqualTo(1);

        CliRun signed = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--address", "3", "--type", "int16",
                "--format", "csv");
        assertThat(signed.out().lines().toList()).containsExactly("unit,table,address,registers,value",
                "1,holding,3,0xFFFE,-2");

        CliRun input = run("modbus", "read", "--bus", bus(tcp), "--unit", "7", "--function", "input", "--address", "0",
                "--count", "2", "--format", "csv");
        assertThat(input.out().lines().toList()).containsExactly("unit,table,address,registers,value",
                "7,input,0,0x04D2,1234", "7,input,1,0x162E,5678");

        CliRun coils = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--function", "1", "--address", "0",
                "--count", "3", "--format", "csv");
        assertThat(coils.out().lines().toList()).containsExactly("unit,table,address,registers,value",
                "1,coil,0,1,1", "1,coil,1,0,0", "1,coil,2,1,1");
    }

    @Test
    void rtuFramesOverTcpToAGateway() {
        CliRun read = run("modbus", "read", "--bus", bus(rtu), "--framing", "rtu", "--unit", "1", "--address", "1",
                "--type", "float32", "--format", "csv");
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out().lines().toList()).containsExactly("unit,table,address,registers,value",
                "1,holding,1,0x41AC 0x0000,21.5");
    }

    @Test
    void writesAndReadsBack() {
        CliRun one = run("modbus", "write", "--bus", bus(tcp), "--unit", "1", "--address", "4", "77");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo("unit 1: wrote holding registers 4..4 = 0x004D (uint16 77); confirmed\n");
        CliRun f = run("modbus", "write", "--bus", bus(tcp), "--unit", "1", "--function", "16", "--address", "5",
                "--type", "float32", "--word-order", "little", "-12.25");
        assertThat(f.exit()).as(f.err()).isZero();
        CliRun back = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--address", "4", "--count", "3", "--format", "csv");
        // -12.25 = 0xC1440000, little word order: 0x0000 first
        assertThat(back.out().lines().toList()).containsExactly("unit,table,address,registers,value",
                "1,holding,4,0x004D,77", "1,holding,5,0x0000,0", "1,holding,6,0xC144,49476");
        CliRun asFloat = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--address", "5", "--type", "float32",
                "--word-order", "little", "--format", "csv");
        assertThat(asFloat.out()).contains("1,holding,5,0x0000 0xC144,-12.25");

        CliRun coil = run("modbus", "write", "--bus", bus(tcp), "--unit", "1", "--function", "coil", "--address", "3", "true");
        assertThat(coil.exit()).as(coil.err()).isZero();
        CliRun coils = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--function", "coil", "--address", "3",
                "--format", "csv");
        assertThat(coils.out().lines().toList()).containsExactly("unit,table,address,registers,value", "1,coil,3,1,1");
    }

    @Test
    void deviceAndUsageErrorsAreOneLine() {
        CliRun outside = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--address", "100");
        assertThat(outside.exit()).isEqualTo(1);
        assertThat(outside.err()).isEqualTo("heathub modbus read: unit 1 on " + bus(tcp)
                + ": read holding registers 100..100: illegal data address (Modbus exception 2)\n");
        CliRun tooBig = run("modbus", "write", "--bus", bus(tcp), "--unit", "1", "--address", "4", "70000");
        assertThat(tooBig.exit()).isEqualTo(2);
        assertThat(tooBig.err()).startsWith("heathub modbus write: value 70000 does not fit uint16");
        CliRun single = run("modbus", "write", "--bus", bus(tcp), "--unit", "1", "--function", "6", "--address", "4", "1", "2");
        assertThat(single.exit()).isEqualTo(2);
        assertThat(single.err()).startsWith("heathub modbus write: --function 6 writes one register, the values make 2 (use 16)");
        CliRun wrongType = run("modbus", "read", "--bus", bus(tcp), "--unit", "1", "--function", "1", "--address", "0",
                "--type", "float32");
        assertThat(wrongType.exit()).isEqualTo(2);
        assertThat(wrongType.err()).startsWith("heathub modbus read: --type float32 does not fit coils (bool)");
        CliRun noBus = run("modbus", "scan");
        assertThat(noBus.exit()).isEqualTo(2);
        assertThat(noBus.err().lines().toList()).hasSize(2).first().asString().startsWith("heathub modbus scan: --bus is required");
    }

    @Test
    void scanFindsTheUnitsThatAnswer() throws Exception {
        CliRun scan = run("modbus", "scan", "--bus", bus(tcp), "--units", "1-3,7", "--timeout", "300ms", "--format", "json");
        assertThat(scan.exit()).as(scan.err()).isZero();
        List<String> lines = scan.out().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).path("unit").asInt()).isEqualTo(1);
        assertThat(json.readTree(lines.get(0)).path("answer").asText()).isEqualTo("holding 0 = 210");
        assertThat(json.readTree(lines.get(1)).path("unit").asInt()).isEqualTo(7);
        assertThat(scan.err()).contains("modbus scan: 1/4 unit 1: holding 0 = 210", "modbus scan: 4/4 unit 7",
                "modbus scan: 2 unit(s) answered on " + bus(tcp));

        // a unit that answers with an exception is there too
        CliRun probe = run("modbus", "scan", "--bus", bus(rtu), "--framing", "rtu", "--units", "7", "--function", "holding",
                "--address", "5", "--timeout", "300ms");
        assertThat(probe.exit()).as(probe.err()).isZero();
        assertThat(probe.out().lines().toList()).containsExactly("unit  answer",
                "7     exception: illegal data address (Modbus exception 2)");
    }

    @Test
    void scanPrintsSiteYamlToPaste() {
        CliRun yaml = run("modbus", "scan", "--bus", bus(rtu), "--framing", "rtu", "--units", "1-2", "--timeout", "300ms",
                "--format", "yaml");
        assertThat(yaml.exit()).as(yaml.err()).isZero();
        assertThat(yaml.out()).startsWith("# heathub modbus scan on " + bus(rtu) + ": 1 device(s) in ")
                .contains("# Replace PROFILE by each device's profile (config/profiles/NAME.yaml).\n")
                .contains("""
                        buses:
                          - id: line-1
                            uri: "%s"
                        devices:
                          - id: modbus-1   # holding 0 = 210
                            bus: line-1
                            driver: modbus
                            address: "1"
                        """.formatted(bus(rtu)));
        // the last line; FoundDevice keeps its settings unordered
        assertThat(yaml.out()).containsPattern(
                "\"1\"\n    settings: \\{ (framing: rtu, profile: PROFILE|profile: PROFILE, framing: rtu) \\}\n$");
    }
}
