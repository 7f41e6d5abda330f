package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static Simulator.Options options(int plcPort, int panelPort, double stepSeconds) {
        return new Simulator.Options(LOOPBACK, plcPort, panelPort, stepSeconds, ThermalModel.Settings.defaults(3));
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closeFreesBothPortsAndDropsConnections() throws Exception {
        Simulator simulator = Simulator.start(options(0, 0, 0));
        int plcPort = simulator.plcPort();
        int panelPort = simulator.panelPort();
        assertThat(simulator.banner()).contains("127.0.0.1:" + plcPort, "127.0.0.1:" + panelPort, "units 1..3");
        assertThat(canBind(plcPort)).isFalse();
        try (Socket client = new Socket(LOOPBACK, plcPort)) {
            client.setSoTimeout(5000);
            // One raw FC 03 round trip (registers 10-11 of unit 1) so the connection is being served,
            // not still waiting in the accept backlog (the kernel would reset that one instead).
            client.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 1, 3, 0, 10, 0, 2});
            byte[] response = client.getInputStream().readNBytes(13);
            assertThat(response).endsWith(1, 3, 4, 0x42, 0x70, 0, 0); // 60.0f
            simulator.close();
            assertThat(client.getInputStream().read()).as("server closed the connection").isEqualTo(-1);
        }
        assertThat(canBind(plcPort)).isTrue();
        assertThat(canBind(panelPort)).isTrue();
    }

    @Test
    void theClockStepsTheModelFasterThanRealTime() throws Exception {
        try (Simulator simulator = Simulator.start(options(0, 0, 3600))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (simulator.model().elapsedSeconds() < 3600 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // One tick (1 s real) at 3600x is about an hour of simulated time.
            assertThat(simulator.model().elapsedSeconds()).isGreaterThanOrEqualTo(3000);
        }
    }

    @Test
    void aTakenPortFailsStartAndLeavesNothingOpen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            int freePlcPort;
            try (ServerSocket probe = new ServerSocket(0, 50, LOOPBACK)) {
                freePlcPort = probe.getLocalPort();
            }
            assertThatThrownBy(() -> Simulator.start(options(freePlcPort, taken.getLocalPort(), 0)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(":" + taken.getLocalPort());
            assertThat(canBind(freePlcPort)).as("PLC port released after the panel port failed").isTrue();
        }
    }

    @Test
    void componentStartsOnActivateAndFreesPortsOnDeactivate() {
        SimulatorComponent component = new SimulatorComponent(config(true));
        Simulator simulator = component.simulator();
        assertThat(simulator).isNotNull();
        assertThat(simulator.model().panels()).isEqualTo(4);
        int plcPort = simulator.plcPort();
        assertThat(canBind(plcPort)).isFalse();
        component.deactivate();
        assertThat(canBind(plcPort)).isTrue();
    }

    @Test
    void trippedDrivesTripThoseUnitsAtStartAndABadEntryIsNamed() {
        SimulatorComponent component = new SimulatorComponent(config(true, 0, "", "", " 4 "));
        try {
            ThermalModel model = component.simulator().model();
            assertThat(model.driveState(2).tripped()).as("unit 4 = drive 2").isTrue();
            assertThat(model.driveState(2).outputHz()).isZero();
            assertThat(model.driveState(1).tripped()).isFalse();
        } finally {
            component.deactivate();
        }
        assertThat(SimulatorComponent.trippedDrives("3,4", 2)).containsExactly(3, 4);
        assertThat(SimulatorComponent.trippedDrives("", 2)).isEmpty();
        assertThatThrownBy(() -> new SimulatorComponent(config(true, 0, "", "", "5")))
                .hasMessage("trippedDrives: unit 5 is no pump drive (the drives are units 3..4)");
        assertThatThrownBy(() -> SimulatorComponent.trippedDrives("3, east", 2))
                .hasMessage("trippedDrives: \"east\" is not a unit id (3, east)");
        assertThatThrownBy(() -> SimulatorComponent.trippedDrives("3", 0))
                .hasMessage("trippedDrives: unit 3 is no pump drive (the drives are none: drives=0)");
    }

    @Test
    void componentServesTheDemoMeterLineOnMeterPort() throws Exception {
        int meterPort;
        try (ServerSocket probe = new ServerSocket(0, 50, LOOPBACK)) {
            meterPort = probe.getLocalPort();
        }
        SimulatorComponent component = new SimulatorComponent(config(true, meterPort, ""));
        try {
            assertThat(component.meterLine().tcpPort()).contains(meterPort);
            // the demo line and its building meter over four of the household heat meters
            assertThat(component.meterLine().line().meters()).hasSize(12);
            assertThat(component.meterLine().banner(LOOPBACK)).hasSize(13).first().asString()
                    .contains("12 meters on tcp 127.0.0.1:" + meterPort);
            assertThat(component.meterLine().banner(LOOPBACK).get(12)).contains("cjt188 heat 20300000000001");
            try (java.net.Socket socket = new java.net.Socket(LOOPBACK, meterPort)) {
                socket.setSoTimeout(3000);
                socket.getOutputStream().write(io.heathub.driver.cjt188.Cjt188Codec.readCurrentData(4, 0x20,
                        "20200000000003", 1));
                byte[] reply = socket.getInputStream().readNBytes(63);
                java.util.Map<String, java.math.BigDecimal> readings = new java.util.HashMap<>();
                new io.heathub.driver.cjt188.Cjt188FrameDecoder().decode(reply, java.util.Map.of("unitPosition", "before"),
                        java.time.Instant.now()).forEach(r -> readings.put(r.point(), r.value()));
                // the heat meters hang on the thermal model's network: supply a little below the PLC's
                double plcSupply = component.simulator().model().plc().supply();
                assertThat(readings.get("temp.supply").doubleValue()).isBetween(plcSupply - 1.0, plcSupply + 0.1);
            }
        } finally {
            component.deactivate();
        }
        assertThat(canBind(meterPort)).isTrue();
    }

    @Test
    void aMissingMeterPtyFailsActivationNamingThePath() {
        assertThatThrownBy(() -> new SimulatorComponent(config(true, 0, "/nonexistent/heathub-pty")))
                .hasMessageContaining("/nonexistent/heathub-pty");
    }

    @Test
    void aBadMeterFaultFailsActivationNamingTheEntryAndFreesThePorts() throws Exception {
        int meterPort;
        try (ServerSocket probe = new ServerSocket(0, 50, LOOPBACK)) {
            meterPort = probe.getLocalPort();
        }
        assertThatThrownBy(() -> new SimulatorComponent(config(true, meterPort, "", "20100000000001:melted")))
                .hasMessageContaining("meterFaults entry 1").hasMessageContaining("unknown fault \"melted\"");
        assertThat(canBind(meterPort)).isTrue();
    }

    @Test
    void meterLineArgumentsAreParsed() {
        StandaloneMain.CommandLine line = StandaloneMain.parseCommandLine(new String[] {
            "--meter-line", "tcp:25030", "--cjt188", "4", "--cjt188-before", "2", "--mbus", "3", "--baud", "9600",
            "--turnaround", "25", "--echo", "--no-modbus", "--faults", "20100000000001:stuck"});
        assertThat(line.modbus()).isFalse();
        StandaloneMain.MeterLineOptions meters = line.meterLine().orElseThrow();
        assertThat(meters.tcpPort()).contains(25030);
        assertThat(meters.population()).isEqualTo(new io.heathub.simulator.meters.MeterPopulation(4, 2, 0, 3, 0));
        assertThat(meters.timing()).isEqualTo(new io.heathub.simulator.meters.MeterLine.Timing(9600,
                java.time.Duration.ofMillis(25), true));
        assertThat(meters.faults()).containsEntry("20100000000001", new io.heathub.simulator.meters.Faults(1.0, true, false));
        StandaloneMain.CommandLine pty = StandaloneMain.parseCommandLine(new String[] {"--meter-line", "pty:/tmp/A"});
        assertThat(pty.meterLine().orElseThrow().pty()).contains(java.nio.file.Path.of("/tmp/A"));
        assertThat(pty.meterLine().orElseThrow().population())
                .isEqualTo(io.heathub.simulator.meters.MeterPopulation.DEMO);
        assertThat(pty.meterLine().orElseThrow().timing().baud()).isEqualTo(2400);
        assertThat(pty.modbus()).isTrue();
        assertThatThrownBy(() -> StandaloneMain.parseCommandLine(new String[] {"--meter-line", "udp:1"}))
                .hasMessageContaining("udp:1");
        assertThatThrownBy(() -> StandaloneMain.parseCommandLine(new String[] {"--mbus", "2"}))
                .hasMessageContaining("--meter-line");
        assertThatThrownBy(() -> StandaloneMain.parseCommandLine(new String[] {"--meter-line", "tcp:1", "--mbus", "251"}))
                .hasMessageContaining("251");
    }

    @Test
    void disabledComponentOpensNothing() {
        SimulatorComponent component = new SimulatorComponent(config(false));
        assertThat(component.simulator()).isNull();
        component.deactivate();
    }

    @Test
    void standaloneArgumentsAreParsed() {
        Simulator.Options options = StandaloneMain.parse(new String[] {
            "--plc-port", "25020", "--panel-port", "25021", "--panels", "7", "--step-seconds", "60"});
        assertThat(options.plcPort()).isEqualTo(25020);
        assertThat(options.panelPort()).isEqualTo(25021);
        assertThat(options.model().panels()).isEqualTo(7);
        assertThat(options.model().plant().drives()).isZero();
        assertThat(options.model().plant().source()).isFalse();
        Simulator.Options plant = StandaloneMain.parse(new String[] {"--drives", "2", "--drive-frequency", "60", "--boiler",
            "--outdoor-scenario", "0h:-5, 6h:-25"});
        assertThat(plant.model().plant()).isEqualTo(ThermalModel.Plant.of(2, 60, true));
        assertThat(plant.model().scenario().points()).hasSize(2);
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--drives", "9"})).hasMessageContaining("drives must be 0..8");
        assertThat(options.stepSeconds()).isEqualTo(60);
        assertThat(options.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(StandaloneMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--panels", "300"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--plc-port"}))
                .hasMessageContaining("missing value");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("unknown option");
    }

    /** The configuration DS would pass: ports 0 (free ones), 4 panels, no meter line. */
    private static SimulatorConfig config(boolean enabled) {
        return config(enabled, 0, "");
    }

    /** As {@link #config(boolean)} with a meter line on {@code meterPort} / {@code meterPty}. */
    static SimulatorConfig config(boolean enabled, int meterPort, String meterPty) {
        return config(enabled, meterPort, meterPty, "");
    }

    /** As {@link #config(boolean, int, String)} with the {@code meterFaults} setting. */
    static SimulatorConfig config(boolean enabled, int meterPort, String meterPty, String meterFaults) {
        return config(enabled, meterPort, meterPty, meterFaults, "");
    }

    static SimulatorConfig config(boolean enabled, int meterPort, String meterPty, String meterFaults, String trippedDrives) {
        return new SimulatorConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SimulatorConfig.class; }
            @Override public boolean enabled() { return enabled; }
            @Override public String bindAddress() { return "127.0.0.1"; }
            @Override public int plcPort() { return 0; }
            @Override public int panelPort() { return 0; }
            @Override public int panels() { return 4; }
            @Override public double stepSeconds() { return 1.0; }
            @Override public long seed() { return 1L; }
            @Override public double outdoorMean() { return -5.0; }
            @Override public double outdoorAmplitude() { return 4.0; }
            @Override public int meterPort() { return meterPort; }
            @Override public String meterPty() { return meterPty; }
            @Override public int meterBaud() { return 0; }
            @Override public int meterTurnaroundMillis() { return 10; }
            @Override public boolean meterEcho() { return false; }
            @Override public String meterFaults() { return meterFaults; }
            @Override public String outdoorScenario() { return ""; }
            @Override public int drives() { return 2; }
            @Override public double driveFrequency() { return 50.0; }
            @Override public boolean boiler() { return true; }
            @Override public String trippedDrives() { return trippedDrives; }
            @Override public String buildingMeters() {
                return "20300000000001=20100000000001+20100000000002+20200000000001+20200000000002";
            }
            @Override public double buildingLossPercent() { return 3.0; }
        };
    }
}
