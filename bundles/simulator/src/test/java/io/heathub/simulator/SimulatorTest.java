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

    /** The configuration DS would pass: ports 0 (free ones), 4 panels. */
    private static SimulatorConfig config(boolean enabled) {
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
        };
    }
}
