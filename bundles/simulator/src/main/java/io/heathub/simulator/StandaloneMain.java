package io.heathub.simulator;

import io.heathub.simulator.meters.Cjt188Meter;
import io.heathub.simulator.meters.Faults;
import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.MeterPopulation;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
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
              --outdoor-scenario S   outdoor mean over time, e.g. "0h:-5, 2h:-5, 6h:-25" (hours:°C)
              --drives N         FC 51 pump drives on the PLC port, units 3.., one per zone (default 0)
              --drive-frequency X    the drives' nominal frequency, Hz (default 50)
              --boiler           a boiler controller on the PLC port, unit 2, limiting the supply
              --no-modbus        do not start the PLC and panel ports (meter line only)
            meter line (household meters sharing one RS-485/M-Bus line):
              --meter-line tcp:PORT|pty:PATH   serve a line on a TCP port or an existing pty
              --cjt188 N         CJ/T 188 heat meters, unit after value (201…)
              --cjt188-before N  CJ/T 188 heat meters, unit before value (202…)
              --water N          CJ/T 188 water meters (101…)
              --mbus N           M-Bus heat meters, primary 1..N, secondary 71xxxxxx.HHS.01.04
              --dlt645 N         DL/T 645 electricity meters (64…)
              --meter KIND:ADDRESS  one more meter at this address (repeatable); KIND cjt188,
                                 cjt188-before, water, dlt645, or mbus:PRIMARY:IDENTIFICATION
                                 (no count and no --meter: the demo line 3/3/2/2/1)
              --cjt188-wildcards high|none  CJ/T 188 meters answer AA in the high address bytes
                                 (default high) or the broadcast AA×7 only
              --dlt645-abbreviated yes|no   DL/T 645 meters honour abbreviated addresses (default yes)
              --baud B           line speed emulated, 11 bits per character (default 2400; 0 = off)
              --turnaround MS    meters' turnaround in ms (default 10)
              --echo             echo requests before replies (RS-485 adapter echo)
              --faults LIST      meter faults, e.g. 20100000000003:drift=1.08,20200000000003:stuck
                                 (drift=FACTOR, stuck, offline; M-Bus meters by identification number)
            """;

    /**
     * A meter line to serve.
     *
     * @param tcpPort    the port, or empty when on a pty
     * @param pty        the pty path, or empty when on TCP
     * @param population the meters
     * @param timing     line timing
     * @param faults     faults by meter address
     */
    record MeterLineOptions(Optional<Integer> tcpPort, Optional<Path> pty, MeterPopulation population,
                            MeterLine.Timing timing, Map<String, Faults> faults) {
        MeterLineOptions {
            faults = Map.copyOf(faults);
        }
    }

    /**
     * The parsed command line.
     *
     * @param simulator the Modbus simulator's options
     * @param modbus    false with {@code --no-modbus}
     * @param meterLine the meter line, if {@code --meter-line} was given
     */
    record CommandLine(Simulator.Options simulator, boolean modbus, Optional<MeterLineOptions> meterLine) {
    }

    private StandaloneMain() {
    }

    /** Entry point; exits with 2 on bad arguments and 1 if a port cannot be bound. */
    public static void main(String[] args) throws InterruptedException {
        CommandLine commandLine;
        try {
            commandLine = parseCommandLine(args);
        } catch (IllegalArgumentException e) {
            fail(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        if (commandLine == null) {
            System.out.print(USAGE);
            return;
        }
        Simulator simulator = null;
        MeterLineEndpoints meterLine = null;
        try {
            if (commandLine.modbus()) {
                simulator = Simulator.start(commandLine.simulator());
            }
            if (commandLine.meterLine().isPresent()) {
                meterLine = startMeterLine(commandLine, simulator);
            }
        } catch (IOException e) {
            System.err.println("heathub simulator: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            if (simulator != null) {
                simulator.close();
            }
            System.exit(1);
            return;
        }
        Simulator runningSimulator = simulator;
        MeterLineEndpoints runningLine = meterLine;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (runningLine != null) {
                runningLine.close();
            }
            if (runningSimulator != null) {
                runningSimulator.close();
            }
            stopped.countDown();
        }, "simulator-shutdown"));
        if (simulator != null) {
            System.out.println(simulator.banner());
        }
        if (meterLine != null) {
            meterLine.banner(commandLine.simulator().bindAddress()).forEach(System.out::println);
        }
        System.out.flush();
        stopped.await();
    }

    /** Starts the line; its heat meters follow the thermal model when the Modbus simulator runs. */
    static MeterLineEndpoints startMeterLine(CommandLine commandLine, Simulator simulator) throws IOException {
        MeterLineOptions options = commandLine.meterLine().orElseThrow();
        MeterEnvironment environment = simulator == null ? MeterEnvironment.realTime()
                : new MeterEnvironment(SimulatorComponent.scaledClock(commandLine.simulator().stepSeconds()),
                MeterEnvironment.CHINA, Optional.of(() -> {
                    ThermalModel.PlcState plc = simulator.model().plc();
                    return new io.heathub.simulator.meters.Temperatures(plc.supply(), plc.returnTemperature());
                }));
        MeterLine line = new MeterLine(options.population().build(commandLine.simulator().model().seed(), environment,
                options.faults()), options.timing());
        return MeterLineEndpoints.start(line, commandLine.simulator().bindAddress(), options.tcpPort(), options.pty());
    }

    /** Parses the command line for the Modbus simulator; null means "print the usage". */
    static Simulator.Options parse(String[] args) {
        CommandLine commandLine = parseCommandLine(args);
        return commandLine == null ? null : commandLine.simulator();
    }

    /** Parses the whole command line; null means "print the usage". */
    static CommandLine parseCommandLine(String[] args) {
        int plcPort = 15020;
        int panelPort = 15021;
        int panels = 24;
        double stepSeconds = 1.0;
        String bind = "127.0.0.1";
        ThermalModel.Settings defaults = ThermalModel.Settings.defaults(1);
        long seed = defaults.seed();
        double outdoorMean = defaults.outdoorMean();
        double outdoorAmplitude = defaults.outdoorAmplitude();
        boolean modbus = true;
        int drives = 0;
        double driveFrequency = 50;
        boolean boiler = false;
        ThermalModel.OutdoorScenario scenario = ThermalModel.OutdoorScenario.NONE;
        String meterLine = null;
        Integer[] counts = new Integer[5]; // after, before, water, mbus, dlt645
        int baud = 2400;
        long turnaroundMillis = MeterLine.Timing.DEFAULT_TURNAROUND.toMillis();
        boolean echo = false;
        Map<String, Faults> faults = Map.of();
        java.util.List<MeterPopulation.Listed> listed = new java.util.ArrayList<>();
        Cjt188Meter.AddressWildcards cjt188Wildcards = Cjt188Meter.AddressWildcards.HIGH;
        boolean dlt645Abbreviated = true;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            switch (key) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--boiler" -> {
                    boiler = true;
                    continue;
                }
                case "--no-modbus" -> {
                    modbus = false;
                    continue;
                }
                case "--echo" -> {
                    echo = true;
                    continue;
                }
                default -> { }
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
                    case "--outdoor-scenario" -> scenario = ThermalModel.OutdoorScenario.parse(value);
                    case "--drives" -> drives = Integer.parseInt(value);
                    case "--drive-frequency" -> driveFrequency = Double.parseDouble(value);
                    case "--meter-line" -> meterLine = value;
                    case "--cjt188" -> counts[0] = Integer.parseInt(value);
                    case "--cjt188-before" -> counts[1] = Integer.parseInt(value);
                    case "--water" -> counts[2] = Integer.parseInt(value);
                    case "--mbus" -> counts[3] = Integer.parseInt(value);
                    case "--dlt645" -> counts[4] = Integer.parseInt(value);
                    case "--baud" -> baud = Integer.parseInt(value);
                    case "--turnaround" -> turnaroundMillis = Long.parseLong(value);
                    case "--faults" -> faults = Faults.parseList(value);
                    case "--meter" -> listed.add(MeterPopulation.Listed.parse(value));
                    case "--cjt188-wildcards" -> cjt188Wildcards = switch (value) {
                        case "high" -> Cjt188Meter.AddressWildcards.HIGH;
                        case "none" -> Cjt188Meter.AddressWildcards.NONE;
                        default -> throw new IllegalArgumentException("--cjt188-wildcards: expected high or none, got "
                                + value);
                    };
                    case "--dlt645-abbreviated" -> dlt645Abbreviated = switch (value) {
                        case "yes" -> true;
                        case "no" -> false;
                        default -> throw new IllegalArgumentException("--dlt645-abbreviated: expected yes or no, got "
                                + value);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + key + ": " + value);
            }
        }
        Simulator.Options simulator;
        try {
            ThermalModel.Settings model = new ThermalModel.Settings(panels, seed, outdoorMean, outdoorAmplitude,
                    LocalTime.now().toSecondOfDay(), defaults.supplySetpoint(),
                    ThermalModel.Plant.of(drives, driveFrequency, boiler), scenario);
            simulator = new Simulator.Options(InetAddress.getByName(bind), plcPort, panelPort, stepSeconds, model);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address " + bind);
        }
        boolean anyCount = java.util.Arrays.stream(counts).anyMatch(c -> c != null) || !listed.isEmpty();
        if (meterLine == null) {
            if (!faults.isEmpty()) {
                throw new IllegalArgumentException("--faults needs --meter-line tcp:PORT or pty:PATH");
            }
            if (anyCount || !modbus) {
                throw new IllegalArgumentException(anyCount ? "meter counts need --meter-line tcp:PORT or pty:PATH"
                        : "--no-modbus needs --meter-line (nothing to run)");
            }
            return new CommandLine(simulator, true, Optional.empty());
        }
        MeterPopulation counted = anyCount
                ? new MeterPopulation(or0(counts[0]), or0(counts[1]), or0(counts[2]), or0(counts[3]), or0(counts[4]))
                : MeterPopulation.DEMO;
        MeterPopulation population = new MeterPopulation(counted.cjt188After(), counted.cjt188Before(), counted.water(),
                counted.mbus(), counted.dlt645(), listed, cjt188Wildcards, dlt645Abbreviated);
        population.build(seed, MeterEnvironment.realTime(), faults); // bad addresses and faults fail here, exit 2
        MeterLine.Timing timing = new MeterLine.Timing(baud, Duration.ofMillis(turnaroundMillis), echo);
        return new CommandLine(simulator, modbus, Optional.of(meterLineOptions(meterLine, population, timing, faults)));
    }

    private static MeterLineOptions meterLineOptions(String spec, MeterPopulation population, MeterLine.Timing timing,
                                                     Map<String, Faults> faults) {
        if (spec.startsWith("tcp:")) {
            int port;
            try {
                port = Integer.parseInt(spec.substring(4));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--meter-line " + spec + ": expected tcp:PORT with PORT 0..65535");
            }
            return new MeterLineOptions(Optional.of(port), Optional.empty(), population, timing, faults);
        }
        if (spec.startsWith("pty:") && spec.length() > 4) {
            return new MeterLineOptions(Optional.empty(), Optional.of(Path.of(spec.substring(4))), population, timing, faults);
        }
        throw new IllegalArgumentException("--meter-line " + spec + ": expected tcp:PORT or pty:PATH");
    }

    private static int or0(Integer count) {
        return count == null ? 0 : count;
    }

    private static void fail(PrintStream err, String message) {
        err.println("heathub simulator: " + message);
        err.print(USAGE);
    }
}
