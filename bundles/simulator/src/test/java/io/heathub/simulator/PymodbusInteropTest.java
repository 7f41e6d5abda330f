package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party master, pymodbus 3.0.0rc1 under /usr/bin/python3 (Debian python3-pymodbus), reads
 * and writes the simulator over real TCP. The clock is frozen (stepSeconds 0) so what pymodbus
 * reads must equal the model exactly.
 */
class PymodbusInteropTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int PANELS = 5;

    @TempDir
    Path temp;

    private Simulator simulator;

    @BeforeEach
    void start() throws IOException {
        simulator = Simulator.start(new Simulator.Options(InetAddress.getLoopbackAddress(), 0, 0, 0,
                ThermalModel.Settings.defaults(PANELS)));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void pymodbusReadsThePlcAndEveryPanelButNoUnitBeyond() throws Exception {
        Map<String, List<String>> lines = probe("read");
        ThermalModel model = simulator.model();
        ThermalModel.PlcState plc = model.plc();

        double[] floats = lines.get("plc").stream().mapToDouble(Double::parseDouble).toArray();
        assertThat(floats).hasSize(7);
        assertThat(floats[0]).as("temp.outdoor").isBetween(-9.0, -1.0).isCloseTo(plc.outdoor(), within(1e-5));
        assertThat(floats[1]).as("temp.supply").isEqualTo(60.0);
        assertThat(floats[2]).as("temp.return").isBetween(35.0, 60.0).isCloseTo(plc.returnTemperature(), within(1e-5));
        assertThat(floats[3]).as("pressure.supply").isBetween(3.0, 4.5).isCloseTo(plc.supplyPressure(), within(1e-5));
        assertThat(floats[4]).as("pressure.return").isBetween(1.5, 3.0).isLessThan(floats[3]);
        assertThat(floats[5]).as("setpoint.supply").isEqualTo(60.0);
        assertThat(floats[6]).as("valve.opening").isBetween(0.0, 100.0).isCloseTo(plc.valveOpening(), within(1e-4));

        // A unit id the PLC port has no device for gets exception 0B, like a gateway's missing slave.
        assertThat(lines.get("plc-unit-2")).containsExactly("11");

        for (int unit = 1; unit <= PANELS; unit++) {
            ThermalModel.PanelState panel = model.panel(unit);
            assertThat(lines.get("panel-" + unit)).as("panel %d", unit).containsExactly("1", "0", "1",
                    tenths(panel.roomSetpoint()), "0", "0", "0", "0", tenths(panel.roomTemperature()),
                    panel.valveOpen() ? "1" : "0");
        }
        assertThat(lines.get("panel-" + (PANELS + 1))).as("unit beyond the last panel").containsExactly("11");
        assertThat(Double.parseDouble(lines.get("plc-read-ms").get(0))).isPositive();
    }

    @Test
    void pymodbusWritesSetpointsAndOutOfRangeValuesAreRefused() throws Exception {
        Map<String, List<String>> lines = probe("write");

        assertThat(lines.get("plc-write-70.5")).isEmpty();
        assertThat(lines.get("plc-write-120")).as("illegal data value").containsExactly("3");
        assertThat(lines.get("plc-write-high-word-10")).as("illegal data value").containsExactly("3");
        assertThat(lines.get("plc-write-readonly")).as("illegal data address").containsExactly("2");
        assertThat(lines.get("plc-setpoint")).containsExactly("70.5");
        assertThat(simulator.model().plc().supplySetpoint()).isEqualTo(70.5);

        assertThat(lines.get("panel-2-write-22.5")).isEmpty();
        assertThat(lines.get("panel-2-write-40")).as("illegal data value").containsExactly("3");
        assertThat(lines.get("panel-2-write-room")).as("illegal data address").containsExactly("2");
        assertThat(lines.get("panel-2-setpoint")).containsExactly("225");
        assertThat(simulator.model().panel(2).roomSetpoint()).isEqualTo(22.5);
    }

    @Test
    void pymodbusReadsAndWritesTheBoilerTheDriveAndTheStationRegisters() throws Exception {
        simulator.close();
        simulator = Simulator.start(new Simulator.Options(InetAddress.getLoopbackAddress(), 0, 0, 0,
                ThermalModel.Settings.defaults(PANELS).withPlant(ThermalModel.Plant.of(1, 50, true))));
        Map<String, List<String>> lines = probe("plant");

        double[] boiler = lines.get("boiler").stream().mapToDouble(Double::parseDouble).toArray();
        assertThat(boiler).hasSize(6);
        assertThat(boiler[3]).as("boiler.load at start").isEqualTo(70.0);
        assertThat(boiler[4]).as("setpoint.load at start").isEqualTo(70.0);
        assertThat(boiler[2]).as("flow at start").isEqualTo(4500.0);
        assertThat(lines.get("boiler-write-load-85")).isEmpty();
        assertThat(lines.get("boiler-write-load-120")).as("illegal data value").containsExactly("3");
        assertThat(lines.get("boiler-write-flow-4900")).isEmpty();
        assertThat(lines.get("boiler-write-flow-readonly")).as("illegal data address").containsExactly("2");
        assertThat(lines.get("boiler-setpoints")).containsExactly("85.0", "4900.0");

        // FC 51: 40 Hz at start (output ×0.1 Hz, reference 16384 = 50 Hz), running on the start word 0x047C
        assertThat(lines.get("drive-frequency")).containsExactly("400");
        assertThat(lines.get("drive-control")).containsExactly(String.valueOf(0x047C));
        assertThat(lines.get("drive-reference")).containsExactly("13107");
        assertThat(lines.get("drive-write-reference-8192")).isEmpty();
        assertThat(lines.get("drive-write-reference-20000")).as("above 100 %").containsExactly("3");
        assertThat(lines.get("drive-write-frequency")).as("read-only").containsExactly("2");
        assertThat(lines.get("drive-read-across")).as("unmapped registers").containsExactly("2");
        assertThat(lines.get("drive-reference-after")).containsExactly("8192");
        assertThat(lines.get("drive-write-stop")).isEmpty();
        assertThat(simulator.model().driveState(1)).isEqualTo(new ThermalModel.DriveState(25, 40, false, false));
        assertThat(lines.get("plc-unit-4")).as("no unit 4: gateway target failed").containsExactly("11");

        ThermalModel.PanelState panel = simulator.model().panel(1);
        List<String> before = lines.get("panel-1-station");
        assertThat(before).hasSize(13);
        assertThat(before.get(10)).as("mode: by temperature").isEqualTo("0");
        assertThat(before.get(11)).as("valve opening, on/off by the thermostat").isIn("0", "1000");
        assertThat(before.get(12)).as("fixed opening at start").isEqualTo("500");
        assertThat(lines.get("panel-1-write-mode-2")).isEmpty();
        assertThat(lines.get("panel-1-write-mode-3")).as("no mode 3").containsExactly("3");
        assertThat(lines.get("panel-1-write-fixed-35")).isEmpty();
        assertThat(lines.get("panel-1-write-valve-101")).as("above 100 %").containsExactly("3");
        // the flow mode holds the fixed opening: the valve followed it
        assertThat(lines.get("panel-1-after")).containsExactly("1", "2", "350", "350");
        assertThat(panel.mode()).isEqualTo(ThermalModel.MODE_FLOW);
        assertThat(panel.valveOpening()).isEqualTo(35.0);
    }

    private static String tenths(double celsius) {
        return Long.toString(Math.round(celsius * 10));
    }

    /** Runs the probe and returns label to values for "ok" lines, label to [code] for "error" lines. */
    private Map<String, List<String>> probe(String mode) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(PymodbusInteropTest.class.getResource("/pymodbus_probe.py").toURI());
        Path output = temp.resolve(mode + ".out");
        Process process = new ProcessBuilder(PYTHON, script.toString(), mode, "127.0.0.1",
                Integer.toString(simulator.plcPort()), Integer.toString(simulator.panelPort()), Integer.toString(PANELS))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("pymodbus probe did not finish in 60 s:%n%s", Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("pymodbus probe exit code (needs python3-pymodbus for %s); output:%n%s", PYTHON, text)
                .isZero();
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : text.strip().split("\\R")) {
            String[] fields = line.trim().split("\\s+");
            assertThat(fields.length).as("probe line '%s'", line).isGreaterThanOrEqualTo(2);
            assertThat(fields[1]).as("probe line '%s'", line).isIn("ok", "error");
            lines.put(fields[0], List.copyOf(Arrays.asList(fields).subList(2, fields.length)));
        }
        System.out.println("pymodbus " + mode + ": " + lines);
        return lines;
    }
}
