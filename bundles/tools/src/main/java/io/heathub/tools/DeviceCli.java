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
import picocli.CommandLine.Option;

/**
 * What {@code read} and {@code scan} share: their options (a picocli mixin), and finding a driver and a transport
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

    @Option(names = "--driver", paramLabel = "NAME", description = "the driver: modbus, cjt188, mbus, dlt645, …")
    String driver;

    @Option(names = "--bus", paramLabel = "URI", description = "the line: tcp://HOST:PORT or serial:/dev/ttyUSB0?baud=2400")
    String bus;

    @Option(names = "--config", paramLabel = "DIR", description = "site folder for profile names (default: the hub's config/)")
    Path configDir = Path.of(System.getProperty("heathub.config", "config"));

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a driver setting, e.g. profile=bac-002")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", description = "reply timeout, e.g. 2s or 500ms (the driver's default otherwise)")
    void timeout(String value) {
        settings.put("timeout", value);
    }

    /** Checks the options every device command needs. */
    void require() throws UsageException {
        if (driver == null) {
            throw new UsageException("--driver is required");
        }
        if (bus == null) {
            throw new UsageException("--bus is required, e.g. tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=2400");
        }
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
