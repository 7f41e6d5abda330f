package io.heathub.core.site;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code site.yaml} into a {@link Site}. Collects every problem it can find in one pass
 * (so an integrator fixes a file in one go), each naming file, line and field.
 */
public final class SiteLoader {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
    /** How often a bus publishes its line statistics as readings. */
    static final Duration DEFAULT_STATISTICS = Duration.ofSeconds(60);
    private static final Set<String> TOP_KEYS = Set.of("site", "buses", "devices", "households", "buildings",
            "zones", "calendar", "control", "tariff", "commands", "health", "alarms", "kpi", "supervision");
    private static final Set<String> SITE_KEYS = Set.of("id", "name", "zone");
    private static final Set<String> BUS_KEYS = Set.of("id", "uri", "timeout", "statistics", "description");
    private static final Set<String> DEVICE_KEYS = Set.of("id", "bus", "driver", "address", "pollInterval",
            "settings", "description");

    private SiteLoader() {
    }

    /** The outcome: a site, or the problems that prevent one. */
    public record Result(Site site, List<ConfigException> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Loads {@code dir/site.yaml}. */
    public static Result load(Path configDir) {
        Path file = configDir.resolve("site.yaml");
        if (!Files.isRegularFile(file)) {
            return new Result(null, List.of(new ConfigException(file.toString(), 0, 0, "", "site file not found")));
        }
        try {
            return fromTree(ConfigNode.parse(file), configDir);
        } catch (ConfigException e) {
            return new Result(null, List.of(e));
        }
    }

    /** Builds a site from a parsed tree. */
    public static Result fromTree(ConfigNode root, Path configDir) {
        List<ConfigException> problems = new ArrayList<>();
        String siteId = "site";
        String siteName = "";
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        try {
            root.rejectUnknownKeys(TOP_KEYS);
        } catch (ConfigException e) {
            problems.add(e);
        }
        try {
            var siteNode = root.opt("site");
            if (siteNode.isPresent()) {
                ConfigNode s = siteNode.get();
                s.rejectUnknownKeys(SITE_KEYS);
                siteId = s.string("id", siteId);
                siteName = s.string("name", siteId);
                var zoneNode = s.opt("zone");
                if (zoneNode.isPresent()) {
                    zone = zone(zoneNode.get());
                }
            }
        } catch (ConfigException e) {
            problems.add(e);
        }

        Map<String, BusConfig> buses = new LinkedHashMap<>();
        try {
            for (ConfigNode b : root.list("buses")) {
                try {
                    BusConfig bus = bus(b);
                    if (buses.putIfAbsent(bus.id(), bus) != null) {
                        problems.add(b.get("id").error("duplicate bus id '" + bus.id() + "' (first at "
                                + buses.get(bus.id()).origin() + ")"));
                    }
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
        } catch (ConfigException e) {
            problems.add(e);
        }

        List<DeviceConfig> devices = new ArrayList<>();
        Map<String, String> deviceOrigins = new HashMap<>();
        Map<String, String> addressOwners = new HashMap<>();
        try {
            for (ConfigNode d : root.list("devices")) {
                try {
                    DeviceConfig device = device(d, buses, configDir);
                    String first = deviceOrigins.putIfAbsent(device.id(), device.origin());
                    if (first != null) {
                        throw d.get("id").error("duplicate device id '" + device.id() + "' (first at " + first + ")");
                    }
                    String slot = device.bus() + "#" + device.address();
                    String owner = addressOwners.putIfAbsent(slot, device.id());
                    if (owner != null) {
                        throw d.get("address").error("address " + device.address() + " on bus '" + device.bus()
                                + "' is already used by device '" + owner + "'");
                    }
                    devices.add(device);
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
        CommandPolicy commands = CommandPolicy.DEFAULT;
        try {
            var commandsNode = root.opt("commands");
            if (commandsNode.isPresent()) {
                commands = CommandPolicy.read(commandsNode.get());
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
        Site site = new Site(siteId, siteName, zone, List.copyOf(buses.values()), devices, commands);
        return new Result(problems.isEmpty() ? site : null, List.copyOf(problems));
    }

    private static ZoneId zone(ConfigNode node) throws ConfigException {
        try {
            return ZoneId.of(node.asString().trim());
        } catch (DateTimeException e) {
            throw node.error("unknown time zone \"" + node.asString() + "\" (e.g. Asia/Shanghai)");
        }
    }

    private static BusConfig bus(ConfigNode b) throws ConfigException {
        b.rejectUnknownKeys(BUS_KEYS);
        String id = identifier(b.get("id"));
        ConfigNode uriNode = b.get("uri");
        String text = uriNode.asString().trim();
        URI uri = null;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // reported below with an example instead of the parser's wording
        }
        if (uri == null || uri.getScheme() == null) {
            throw uriNode.error("expected a bus URI such as tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=2400, got \""
                    + text + "\"");
        }
        if ("tcp".equals(uri.getScheme()) && (uri.getHost() == null || uri.getPort() < 0)) {
            throw uriNode.error("a tcp bus needs host and port, e.g. tcp://10.0.0.5:502");
        }
        Duration timeout = positive(b, "timeout", DEFAULT_TIMEOUT);
        var statisticsNode = b.opt("statistics");
        boolean statisticsOff = statisticsNode.isPresent() && "off".equals(statisticsNode.get().asString().trim());
        Duration statistics = statisticsOff ? Duration.ZERO : positive(b, "statistics", DEFAULT_STATISTICS);
        return new BusConfig(id, uri, timeout, statistics, b.origin());
    }

    private static DeviceConfig device(ConfigNode d, Map<String, BusConfig> buses, Path configDir)
            throws ConfigException {
        d.rejectUnknownKeys(DEVICE_KEYS);
        String id = identifier(d.get("id"));
        ConfigNode busNode = d.get("bus");
        String bus = busNode.asString().trim();
        if (!buses.containsKey(bus)) {
            throw busNode.error("unknown bus '" + bus + "'; declared buses: " + String.join(", ", buses.keySet()));
        }
        String driver = d.string("driver").trim();
        if (driver.isEmpty()) {
            throw d.get("driver").error("driver must not be empty");
        }
        String address = d.string("address").trim();
        if (address.isEmpty()) {
            throw d.get("address").error("address must not be empty");
        }
        Duration poll = positive(d, "pollInterval", DEFAULT_POLL);
        Map<String, String> settings = new LinkedHashMap<>();
        var settingsNode = d.opt("settings");
        if (settingsNode.isPresent()) {
            for (var e : settingsNode.get().asMap().entrySet()) {
                settings.put(e.getKey(), e.getValue().asString());
            }
        }
        // The bus's reply timeout is the device's unless the device sets its own.
        settings.putIfAbsent("timeout", buses.get(bus).timeout().toMillis() + "ms");
        return new DeviceConfig(id, driver, bus, address, settings, poll, configDir, d.origin());
    }

    private static String identifier(ConfigNode node) throws ConfigException {
        String id = node.asString().trim();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw node.error("ids are 1-64 letters, digits, '.', '_' or '-' (they appear in MQTT topics), got \"" + id + "\"");
        }
        return id;
    }

    private static Duration positive(ConfigNode parent, String key, Duration fallback) throws ConfigException {
        Duration value = parent.duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            throw parent.get(key).error("must be greater than zero");
        }
        return value;
    }
}
