package io.heathub.simulator;

import io.heathub.simulator.meters.MeterLine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp 'bundle/*' io.heathub.simulator.SiteSimulatorMain [options]}: runs a
 * {@link SiteSimulator} until the process is stopped, printing its banner and then
 * {@code site simulator ready}.
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

    /** Entry point; exits 2 on bad arguments, 1 when a pty or port cannot be opened. */
    public static void main(String[] args) throws InterruptedException {
        SiteSimulator.Layout layout;
        try {
            layout = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("site simulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (layout == null) {
            System.out.print(USAGE);
            return;
        }
        SiteSimulator site;
        try {
            site = SiteSimulator.start(layout);
        } catch (IOException e) {
            System.err.println("site simulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(site::close, "site-simulator-shutdown"));
        site.banner().forEach(System.out::println);
        System.out.println("site simulator ready");
        System.out.flush();
        new CountDownLatch(1).await(); // until the process is stopped; the shutdown hook closes everything
    }

    /** The layout the arguments describe; null for {@code --help}. */
    static SiteSimulator.Layout parse(String[] args) {
        List<Path> ptys = new ArrayList<>();
        List<Integer> gatewayPorts = new ArrayList<>();
        int metersPerLine = 250;
        int panels = 200;
        int baud = 2400;
        long turnaround = MeterLine.Timing.DEFAULT_TURNAROUND.toMillis();
        String bind = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--help") || key.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + key);
            }
            String value = args[++i];
            try {
                switch (key) {
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
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + key + ": " + value);
            }
        }
        try {
            return new SiteSimulator.Layout(ptys, metersPerLine, new MeterLine.Timing(baud, Duration.ofMillis(turnaround),
                    false), InetAddress.getByName(bind), gatewayPorts, panels);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address " + bind);
        }
    }
}
