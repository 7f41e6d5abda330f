package io.heathub.simulator;

import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.MeterPopulation;
import io.heathub.simulator.meters.PtyMeterLine;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A large site in one process, for scale measurements: many household meter lines on existing ptys
 * (one thread each, paced at the line's baud rate like {@link StandaloneMain}'s single line) and
 * many station-panel gateways on Modbus TCP ports (each a {@link Simulator} with its own flats).
 * {@link StandaloneMain} serves one line and one gateway; a 5,000-device site needs 16 lines and
 * 5 gateways, and one JVM for them all rather than 21.
 *
 * <pre>java -cp 'bundle/*' io.heathub.simulator.SiteSimulatorMain --meters-per-line 250 \
 *     --meter-line pty:/tmp/l1 --meter-line pty:/tmp/l2 --panels-per-gateway 200 --gateway-port 16000</pre>
 *
 * Line k (1-based, in the order given) carries CJ/T 188 heat meters (unit after the value) at
 * {@link #meterAddress(int, int)}; gateway g serves panels 1..N. One line per line and gateway is
 * printed, then {@code site simulator ready}.
 */
public final class SiteSimulatorMain {
    private static final String USAGE = """
            usage: java -cp 'bundle/*' io.heathub.simulator.SiteSimulatorMain [options]
              --meter-line pty:PATH      a meter line on an existing pty (repeatable; line 1, 2, ... in order)
              --meters-per-line N        CJ/T 188 heat meters on each line (default 250), addresses 201LLLLLMMMMMM
              --baud B                   line speed emulated, 11 bits per character (default 2400)
              --turnaround MS            meters' turnaround in ms (default 10)
              --gateway-port PORT        a Modbus TCP gateway of station panels (repeatable)
              --panels-per-gateway N     panels behind each gateway, units 1..N, 1..247 (default 200)
              --bind ADDRESS             interface of the gateways (default 127.0.0.1)
            """;

    private SiteSimulatorMain() {
    }

    /**
     * The address of meter {@code meter} on line {@code line}: {@code 201}, the line in 5 digits,
     * the meter in 6 (lines of different buildings' batches share no address).
     */
    public static String meterAddress(int line, int meter) {
        return String.format("201%05d%06d", line, meter);
    }

    /** Entry point; exits 2 on bad arguments, 1 when a pty or port cannot be opened. */
    public static void main(String[] args) throws InterruptedException {
        List<Path> ptys = new ArrayList<>();
        List<Integer> gatewayPorts = new ArrayList<>();
        int metersPerLine = 250;
        int panels = 200;
        int baud = 2400;
        long turnaround = MeterLine.Timing.DEFAULT_TURNAROUND.toMillis();
        String bind = "127.0.0.1";
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    System.out.print(USAGE);
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--meter-line" -> {
                        if (!value.startsWith("pty:") || value.length() == 4) {
                            throw new IllegalArgumentException("--meter-line " + value + ": expected pty:PATH");
                        }
                        ptys.add(Path.of(value.substring(4)));
                    }
                    case "--meters-per-line" -> metersPerLine = Integer.parseInt(value);
                    case "--baud" -> baud = Integer.parseInt(value);
                    case "--turnaround" -> turnaround = Long.parseLong(value);
                    case "--gateway-port" -> gatewayPorts.add(Integer.parseInt(value));
                    case "--panels-per-gateway" -> panels = Integer.parseInt(value);
                    case "--bind" -> bind = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (metersPerLine < 1 || metersPerLine > 999_999) {
                throw new IllegalArgumentException("--meters-per-line must be 1..999999, got " + metersPerLine);
            }
        } catch (NumberFormatException e) {
            fail("not a number: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }

        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(running), "site-simulator-shutdown"));
        try {
            MeterLine.Timing timing = new MeterLine.Timing(baud, Duration.ofMillis(turnaround), false);
            for (int k = 1; k <= ptys.size(); k++) {
                List<MeterPopulation.Listed> meters = new ArrayList<>();
                for (int m = 1; m <= metersPerLine; m++) {
                    meters.add(new MeterPopulation.Listed(MeterPopulation.Kind.CJT188, meterAddress(k, m)));
                }
                MeterPopulation population = new MeterPopulation(0, 0, 0, 0, 0, meters,
                        io.heathub.simulator.meters.Cjt188Meter.AddressWildcards.HIGH, true);
                MeterLine line = new MeterLine(population.build(k, MeterEnvironment.realTime()), timing);
                running.add(PtyMeterLine.start(line, ptys.get(k - 1)));
                System.out.println("meter line " + k + ": " + metersPerLine + " CJ/T 188 heat meters "
                        + meterAddress(k, 1) + ".." + meterAddress(k, metersPerLine) + " on pty " + ptys.get(k - 1)
                        + ", " + baud + " baud");
            }
            InetAddress address = InetAddress.getByName(bind);
            for (int g = 0; g < gatewayPorts.size(); g++) {
                ThermalModel.Settings defaults = ThermalModel.Settings.defaults(panels);
                ThermalModel.Settings flats = new ThermalModel.Settings(panels, g + 1L, defaults.outdoorMean(),
                        defaults.outdoorAmplitude(), java.time.LocalTime.now().toSecondOfDay(), defaults.supplySetpoint());
                Simulator gateway = Simulator.start(new Simulator.Options(address, 0, gatewayPorts.get(g), 1.0, flats));
                running.add(gateway);
                System.out.println("panel gateway " + (g + 1) + ": " + panels + " station panels (units 1.." + panels
                        + ") on " + bind + ":" + gateway.panelPort());
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("site simulator: " + e.getMessage());
            closeAll(running);
            System.exit(e instanceof IOException ? 1 : 2);
            return;
        }
        System.out.println("site simulator ready");
        System.out.flush();
        new CountDownLatch(1).await(); // until the process is stopped; the shutdown hook closes everything
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("site simulator: closing " + c + ": " + e);
            }
        }
        running.clear();
    }

    private static void fail(String message) {
        System.err.println("site simulator: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
