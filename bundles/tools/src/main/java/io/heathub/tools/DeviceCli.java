package io.heathub.tools;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * What {@code read} and {@code scan} share: their options, and finding a driver and a transport
 * on the hub's bundle jars with {@link ServiceLoader}, without an OSGi framework.
 */
final class DeviceCli {
    /** A command-line problem: the message is printed as one line and the exit status is 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    String driver;
    String bus;
    String address;
    Path configDir = Path.of(System.getProperty("heathub.config", "config"));
    final Map<String, String> settings = new LinkedHashMap<>();

    /** Parses the shared options; {@code needsAddress} for {@code read}. */
    static DeviceCli parse(String[] args, boolean needsAddress) throws UsageException {
        DeviceCli cli = new DeviceCli();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                throw new UsageException("");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--driver" -> cli.driver = value;
                case "--bus" -> cli.bus = value;
                case "--address" -> cli.address = value;
                case "--config" -> cli.configDir = Path.of(value);
                case "--timeout" -> cli.settings.put("timeout", value);
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--set needs key=value, got \"" + value + "\"");
                    }
                    cli.settings.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
                }
                default -> throw new UsageException("unknown option " + option);
            }
        }
        if (cli.driver == null) {
            throw new UsageException("--driver is required");
        }
        if (cli.bus == null) {
            throw new UsageException("--bus is required, e.g. tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=2400");
        }
        if (needsAddress && cli.address == null) {
            throw new UsageException("--address is required");
        }
        return cli;
    }

    URI busUri() throws UsageException {
        try {
            URI uri = new URI(bus);
            if (uri.getScheme() == null) {
                throw new URISyntaxException(bus, "no scheme");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--bus \"" + bus + "\" is not a bus URI (tcp://HOST:PORT or "
                    + "serial:/dev/ttyUSB0?baud=2400&parity=even)");
        }
    }

    DeviceDriver findDriver() throws UsageException {
        Map<String, DeviceDriver> drivers = new LinkedHashMap<>();
        for (DeviceDriver d : ServiceLoader.load(DeviceDriver.class, DeviceCli.class.getClassLoader())) {
            drivers.put(d.info().id(), d);
        }
        DeviceDriver found = drivers.get(driver);
        if (found == null) {
            throw new UsageException("unknown driver '" + driver + "' (available: "
                    + String.join(", ", new TreeSet<>(drivers.keySet())) + ")");
        }
        return found;
    }

    LinkFactory.ManagedLink openLink() throws UsageException, IOException {
        return openLink(busUri(), "--bus");
    }

    /** A link of the transport that serves {@code uri}'s scheme; {@code option} names it in problems. */
    static LinkFactory.ManagedLink openLink(URI uri, String option) throws UsageException, IOException {
        Map<String, LinkFactory> factories = new LinkedHashMap<>();
        for (LinkFactory f : ServiceLoader.load(LinkFactory.class, DeviceCli.class.getClassLoader())) {
            f.schemes().forEach(s -> factories.put(s, f));
        }
        LinkFactory factory = factories.get(uri.getScheme());
        if (factory == null) {
            throw new UsageException("no transport for '" + uri.getScheme() + ":' buses (available: "
                    + String.join(", ", new TreeSet<>(factories.keySet())) + ")");
        }
        try {
            return factory.open(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
