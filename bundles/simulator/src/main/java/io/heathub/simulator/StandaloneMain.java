package io.heathub.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.LocalTime;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar heathub-simulator-<version>-standalone.jar [options]}: runs the simulator until
 * interrupted (Ctrl-C).
 */
public final class StandaloneMain {

    private static final String USAGE = """
            usage: java -jar heathub-simulator-standalone.jar [options]
              --plc-port N       Modbus TCP port of the PLC, unit 1 (default 15020)
              --panel-port N     Modbus TCP port of the panel gateway, units 1..panels (default 15021)
              --panels N         number of BAC-002 thermostat panels, 1..247 (default 24)
              --step-seconds X   simulated seconds per real second (default 1 = real time)
              --bind ADDRESS     interface to listen on (default 127.0.0.1)
              --seed N           seed that makes the flats differ (default 1)
              --outdoor-mean X   daily mean outdoor temperature, °C (default -5)
              --outdoor-amplitude X  half the daily swing, K (default 4)
            """;

    private StandaloneMain() {
    }

    /** Entry point; exits with 2 on bad arguments and 1 if a port cannot be bound. */
    public static void main(String[] args) throws InterruptedException {
        Simulator.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            fail(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        Simulator simulator;
        try {
            simulator = Simulator.start(options);
        } catch (IOException e) {
            System.err.println("heathub simulator: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println(simulator.banner());
        stopped.await();
    }

    /** Parses the command line; null means "print the usage". */
    static Simulator.Options parse(String[] args) {
        int plcPort = 15020;
        int panelPort = 15021;
        int panels = 24;
        double stepSeconds = 1.0;
        String bind = "127.0.0.1";
        ThermalModel.Settings defaults = ThermalModel.Settings.defaults(1);
        long seed = defaults.seed();
        double outdoorMean = defaults.outdoorMean();
        double outdoorAmplitude = defaults.outdoorAmplitude();
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
                    case "--plc-port" -> plcPort = Integer.parseInt(value);
                    case "--panel-port" -> panelPort = Integer.parseInt(value);
                    case "--panels" -> panels = Integer.parseInt(value);
                    case "--step-seconds" -> stepSeconds = Double.parseDouble(value);
                    case "--bind" -> bind = value;
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--outdoor-mean" -> outdoorMean = Double.parseDouble(value);
                    case "--outdoor-amplitude" -> outdoorAmplitude = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + key + ": " + value);
            }
        }
        try {
            ThermalModel.Settings model = new ThermalModel.Settings(panels, seed, outdoorMean, outdoorAmplitude,
                    LocalTime.now().toSecondOfDay(), defaults.supplySetpoint());
            return new Simulator.Options(InetAddress.getByName(bind), plcPort, panelPort, stepSeconds, model);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address " + bind);
        }
    }

    private static void fail(PrintStream err, String message) {
        err.println("heathub simulator: " + message);
        err.print(USAGE);
    }
}
