package io.heathub.simulator;

import io.heathub.simulator.meters.Cjt188Meter;
import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.MeterPopulation;
import io.heathub.simulator.meters.PtyMeterLine;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A large site in one process, for scale measurements: many household meter lines on existing ptys
 * (one thread each, paced at the line's baud rate as {@link StandaloneMain}'s single line is) and
 * many station-panel gateways on Modbus TCP ports (each a {@link Simulator} with its own flats).
 * {@link StandaloneMain} serves one line and one gateway; a 5,000-device site needs 16 lines and 5
 * gateways, in one JVM rather than 21.
 */
public final class SiteSimulator implements AutoCloseable {

    /**
     * What to serve.
     *
     * @param meterLines       the ptys of the meter lines, line 1, 2, ... in this order
     * @param metersPerLine    CJ/T 188 heat meters on each line, at {@link #meterAddress(int, int)}
     * @param timing           the lines' timing (baud rate, turnaround)
     * @param bindAddress      where the gateways listen
     * @param gatewayPorts     one gateway per port (0 picks a free one)
     * @param panelsPerGateway station panels behind each gateway, units 1..N (1..247)
     */
    public record Layout(List<Path> meterLines, int metersPerLine, MeterLine.Timing timing, InetAddress bindAddress,
                         List<Integer> gatewayPorts, int panelsPerGateway) {
        /** Checks the counts. */
        public Layout {
            meterLines = List.copyOf(meterLines);
            gatewayPorts = List.copyOf(gatewayPorts);
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (metersPerLine < 1 || metersPerLine > 999_999) {
                throw new IllegalArgumentException("metersPerLine must be 1..999999, got " + metersPerLine);
            }
        }
    }

    private final List<AutoCloseable> running;
    private final List<String> banner;
    private final List<Integer> gatewayPorts;

    private SiteSimulator(List<AutoCloseable> running, List<String> banner, List<Integer> gatewayPorts) {
        this.running = running;
        this.banner = List.copyOf(banner);
        this.gatewayPorts = List.copyOf(gatewayPorts);
    }

    /**
     * The address of meter {@code meter} on line {@code line}: {@code 201}, the line in 5 digits,
     * the meter in 6 — lines of different buildings' batches share no address.
     */
    public static String meterAddress(int line, int meter) {
        return String.format("201%05d%06d", line, meter);
    }

    /**
     * Opens every pty and binds every gateway.
     *
     * @throws IOException when a pty cannot be opened or a port bound (nothing is left open then)
     */
    public static SiteSimulator start(Layout layout) throws IOException {
        List<AutoCloseable> running = new ArrayList<>();
        List<String> banner = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int k = 1; k <= layout.meterLines().size(); k++) {
                List<MeterPopulation.Listed> meters = new ArrayList<>();
                for (int m = 1; m <= layout.metersPerLine(); m++) {
                    meters.add(new MeterPopulation.Listed(MeterPopulation.Kind.CJT188, meterAddress(k, m)));
                }
                MeterPopulation population = new MeterPopulation(0, 0, 0, 0, 0, meters,
                        Cjt188Meter.AddressWildcards.HIGH, true);
                MeterLine line = new MeterLine(population.build(k, MeterEnvironment.realTime()), layout.timing());
                Path pty = layout.meterLines().get(k - 1);
                running.add(PtyMeterLine.start(line, pty));
                banner.add("meter line " + k + ": " + layout.metersPerLine() + " CJ/T 188 heat meters "
                        + meterAddress(k, 1) + ".." + meterAddress(k, layout.metersPerLine()) + " on pty " + pty + ", "
                        + layout.timing().baud() + " baud");
            }
            for (int g = 1; g <= layout.gatewayPorts().size(); g++) {
                ThermalModel.Settings defaults = ThermalModel.Settings.defaults(layout.panelsPerGateway());
                ThermalModel.Settings flats = new ThermalModel.Settings(layout.panelsPerGateway(), g,
                        defaults.outdoorMean(), defaults.outdoorAmplitude(), LocalTime.now().toSecondOfDay(),
                        defaults.supplySetpoint());
                Simulator gateway = Simulator.start(new Simulator.Options(layout.bindAddress(), 0,
                        layout.gatewayPorts().get(g - 1), 1.0, flats));
                running.add(gateway);
                ports.add(gateway.panelPort());
                banner.add("panel gateway " + g + ": " + layout.panelsPerGateway() + " station panels (units 1.."
                        + layout.panelsPerGateway() + ") on " + layout.bindAddress().getHostAddress() + ":"
                        + gateway.panelPort());
            }
        } catch (IOException | RuntimeException e) {
            closeAll(running);
            throw e;
        }
        return new SiteSimulator(running, banner, ports);
    }

    /** One line per meter line and gateway. */
    public List<String> banner() {
        return banner;
    }

    /** The gateways' bound ports, in order. */
    public List<Integer> gatewayPorts() {
        return gatewayPorts;
    }

    /** Closes every line and gateway. */
    @Override
    public void close() {
        closeAll(running);
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(SiteSimulator.class.getName()).log(System.Logger.Level.WARNING, "closing " + c + ": " + e);
            }
        }
        running.clear();
    }
}
