package io.heathub.tools;

import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.config.ConfigException;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.simulator.modbus.ModbusRtuServer;
import io.heathub.simulator.modbus.ModbusTcpServer;
import io.heathub.tools.device.ProfileDevice;
import io.heathub.tools.device.ValuePins;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heathub simulate-device --profile FILE --unit N (--port P | --serial URI)}: serves the
 * registers of a Modbus profile as a device of that type would, over Modbus TCP or RTU on a serial
 * line, until Ctrl-C. The profile is read by the driver's own parser, so what the simulated device
 * offers is exactly what the hub will ask for. Exit 0 after {@code --help}, 2 with one line on bad
 * options, profile or values file, 1 when the port or line cannot be opened.
 */
@Command(name = "simulate-device", description = "A Modbus device made from a profile, served until Ctrl-C.")
public final class SimulateDevice implements Callable<Integer> {
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "FILE|NAME", description = "a profile file, or the name of one in CONFIG/profiles (e.g. bac-002)")
    String profileText;

    @Option(names = "--unit", paramLabel = "N", description = "the device's Modbus unit id (1..247; 0..247 on TCP)")
    String unitText;

    @Option(names = "--port", paramLabel = "P", description = "serve Modbus TCP on this port (0: any free port, printed)")
    String portText;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "interface for --port (default 127.0.0.1)")
    String bindText = "127.0.0.1";

    @Option(names = "--serial", paramLabel = "URI", description = {
        "serve Modbus RTU on a serial line, as the hub's buses write it: serial:/dev/ttyUSB0?baud=9600&parity=none",
        "(or a pty of socat; defaults 2400 baud 8E1, like the hub's)"})
    String serialText;

    @Option(names = "--values", paramLabel = "FILE", description = "pin points (canonical unit) or registers (holding:ADDRESS) to values; YAML (.yaml/.yml) or key = value lines")
    String valuesText;

    @Option(names = "--seed", paramLabel = "N", description = "makes the plausible values of two devices differ (default 1)")
    String seedText = "1";

    @Option(names = "--config", paramLabel = "DIR", description = "site folder whose profiles/ holds named profiles")
    Path configDir = Path.of(System.getProperty("heathub.config", "config"));

    public SimulateDevice(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A device being served; closing it frees the port or line. */
    static final class Running implements AutoCloseable {
        private final ProfileDevice device;
        private final List<String> banner;
        private final AutoCloseable server;
        private final AutoCloseable line;
        private final int port;

        private Running(ProfileDevice device, List<String> banner, AutoCloseable server, AutoCloseable line, int port) {
            this.device = device;
            this.banner = banner;
            this.server = server;
            this.line = line;
            this.port = port;
        }

        ProfileDevice device() {
            return device;
        }

        /** The TCP port served, -1 on a serial line. */
        int port() {
            return port;
        }

        List<String> banner() {
            return banner;
        }

        @Override
        public void close() {
            closeQuietly(server);
            closeQuietly(line);
        }

        private static void closeQuietly(AutoCloseable closeable) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // stopping: nothing more to do
                }
            }
        }
    }

    /** Runs {@code heathub simulate-device ARGS} until Ctrl-C; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "simulate-device", out, err, args);
    }

    @Override
    public Integer call() {
        Running running;
        try {
            running = start();
        } catch (DeviceCli.UsageException e) {
            // mostly the profile or values file: its located line says it all, no hint to --help
            err.println("heathub simulate-device: " + e.getMessage());
            return Heathub.USAGE;
        } catch (IOException e) {
            err.println("heathub simulate-device: " + e.getMessage());
            return Heathub.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "simulate-device-stop"));
        running.banner().forEach(out::println);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Parses the options, reads the profile and values and starts serving.
     *
     * @throws DeviceCli.UsageException with the one line to print (exit 2)
     * @throws IOException              when the port or the line cannot be opened (exit 1)
     */
    static Running start(String[] args) throws DeviceCli.UsageException, IOException {
        SimulateDevice options = new SimulateDevice(System.out, System.err);
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new DeviceCli.UsageException(e.getMessage());
        }
        return options.start();
    }

    private Running start() throws DeviceCli.UsageException, IOException {
        if (profileText == null || unitText == null) {
            throw new DeviceCli.UsageException((profileText == null ? "--profile" : "--unit")
                    + " is required");
        }
        if ((portText == null) == (serialText == null)) {
            throw new DeviceCli.UsageException("give either --port P (Modbus TCP) or --serial URI (Modbus RTU)");
        }
        int unit = number("--unit", unitText, serialText == null ? 0 : 1, 247, "a Modbus unit id");
        long seed;
        try {
            seed = Long.parseLong(seedText.trim());
        } catch (NumberFormatException e) {
            throw new DeviceCli.UsageException("--seed: expected a whole number, got \"" + seedText + "\"");
        }
        Profile profile = profile(profileText, configDir);
        ValuePins pins = ValuePins.NONE;
        if (valuesText != null) {
            Path values = Path.of(valuesText);
            if (!Files.isRegularFile(values)) {
                throw new DeviceCli.UsageException("--values: no file " + values);
            }
            try {
                pins = ValuePins.read(values, profile);
            } catch (ConfigException e) {
                throw new DeviceCli.UsageException(e.getMessage());
            }
        }
        ProfileDevice device = new ProfileDevice(profile, pins, seed, InstantSource.system());
        String name = "simulate-device-" + profile.name();
        List<String> banner = new ArrayList<>();
        if (portText != null) {
            int port = number("--port", portText, 0, 65_535, "a TCP port");
            InetAddress bind;
            try {
                bind = InetAddress.getByName(bindText);
            } catch (UnknownHostException e) {
                throw new DeviceCli.UsageException("--bind: unknown address \"" + bindText + "\"");
            }
            ModbusTcpServer server = new ModbusTcpServer(name, bind, port, Map.of(unit, device));
            banner.add(headline(profile, unit) + " on Modbus TCP " + bind.getHostAddress() + ":" + server.port());
            banner.addAll(pointLines(device));
            return new Running(device, banner, server, null, server.port());
        }
        URI uri = serialUri(serialText);
        LinkFactory.ManagedLink link = DeviceCli.openLink(uri, "--serial");
        try {
            link.receive((buffer, length) -> 1, Duration.ofMillis(1)); // opens the port now: fail here, not later
        } catch (LinkTimeoutException quiet) {
            // open, and nobody talking yet
        } catch (IOException e) {
            link.close();
            throw e;
        }
        ModbusRtuServer server = ModbusRtuServer.start(name, link, Map.of(unit, device));
        banner.add(headline(profile, unit) + " on Modbus RTU " + uri);
        banner.addAll(pointLines(device));
        return new Running(device, banner, server, link, -1);
    }

    private static String headline(Profile profile, int unit) {
        return "heathub simulate-device: profile " + profile.name() + " (" + profile.file() + "), unit " + unit;
    }

    /** One line per point: where it is, its type, the value it shows now. */
    private static List<String> pointLines(ProfileDevice device) {
        List<String> lines = new ArrayList<>();
        Map<String, BigDecimal> values = device.values();
        for (PointDefinition p : device.profile().points()) {
            BigDecimal value = values.get(p.name());
            String unit = p.unit().canonical().symbol();
            lines.add(String.format("  %-18s %-22s %-8s %s%s%s", p.span(), p.name(), p.type().key(),
                    value == null ? "NaN" : value.stripTrailingZeros().toPlainString(), unit.isEmpty() ? "" : " " + unit,
                    p.writeOnly() ? " (write-only)" : p.writable() ? " (writable" + limits(p) + ")" : ""));
        }
        return lines;
    }

    private static String limits(PointDefinition p) {
        if (p.min() != null) {
            return " " + p.min().toPlainString() + ".." + p.max().toPlainString();
        }
        return p.states().isEmpty() ? "" : ": " + p.describeStates();
    }

    /** A file path, or a profile name looked up in {@code configDir/profiles}. */
    private static Profile profile(String text, Path configDir) throws DeviceCli.UsageException {
        Path file = Path.of(text);
        if (!Files.exists(file) && PROFILE_NAME.matcher(text).matches() && !text.endsWith(".yaml")) {
            file = configDir.resolve("profiles").resolve(text + ".yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new DeviceCli.UsageException("--profile: no profile file " + file);
        }
        try {
            return ProfileParser.parse(file);
        } catch (ConfigException e) {
            throw new DeviceCli.UsageException(e.getMessage());
        }
    }

    /** {@code serial:/dev/x?…}, or a bare device path given the same way. */
    private static URI serialUri(String text) throws DeviceCli.UsageException {
        String spec = text.startsWith("serial:") ? text : "serial:" + text;
        try {
            URI uri = new URI(spec);
            if (!uri.getSchemeSpecificPart().startsWith("/")) {
                throw new URISyntaxException(spec, "not a device path");
            }
            Path device = Path.of(uri.getSchemeSpecificPart().replaceFirst("\\?.*$", ""));
            if (!Files.exists(device)) {
                throw new DeviceCli.UsageException("--serial: no serial port " + device);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DeviceCli.UsageException("--serial: \"" + text + "\" is not a serial line; expected e.g. "
                    + "/dev/ttyUSB0 or serial:/dev/ttyUSB0?baud=9600&parity=none");
        }
    }

    private static int number(String option, String text, int min, int max, String what) throws DeviceCli.UsageException {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new DeviceCli.UsageException(option + ": expected " + what + " " + min + ".." + max + ", got \"" + text + "\"");
    }
}
