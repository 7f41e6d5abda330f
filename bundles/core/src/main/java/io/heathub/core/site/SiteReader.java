package io.heathub.core.site;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.LineSettings;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.BusConfig;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a whole {@code site.yaml}: core's own sections ({@code site}, {@code buses}, {@code devices}
 * with their drivers' checks, {@code commands}), then every {@link SiteSection} reader on its own
 * keys. Collects every problem it can find in one pass (so an integrator fixes a file in one go),
 * each naming file, line, column and field; a site comes out only when there is none. The running
 * hub ({@link SiteKeeper}) and {@code bin/heathub check} use the same reader.
 */
public final class SiteReader {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
    /** How often a bus publishes its line statistics as readings. */
    static final Duration DEFAULT_STATISTICS = Duration.ofSeconds(60);
    static final ZoneId DEFAULT_ZONE = DeviceConfig.DEFAULT_ZONE;
    /** The top-level keys core reads itself. */
    public static final List<String> CORE_KEYS = List.of("site", "buses", "devices", "commands");
    private static final List<String> SITE_KEYS = List.of("id", "name", "zone");
    private static final List<String> BUS_KEYS = List.of("id", "uri", "timeout", "statistics", "description");
    private static final List<String> DEVICE_KEYS = List.of("id", "bus", "driver", "address", "pollInterval",
            "settings", "line", "description");

    /** Where the file is read: decides what a section or driver that is not there means. */
    public enum Mode {
        /**
         * {@code bin/heathub check} and start-up, with every reader and driver of the distribution:
         * a top-level key no reader claims is a warning (its feature bundle may have been left out,
         * or be dropped into {@code deploy/} later), unless it is a typo of a claimed one; a device
         * whose driver is not there is a warning too.
         */
        OFFLINE_CHECK,
        /**
         * The running hub, where a feature bundle may not have started yet: a key no reader claims
         * is a warning, unless it is a typo of a claimed one ({@code contrl}), which is an error; a
         * device whose driver is not installed waits for it.
         */
        RUNNING_HUB
    }

    /**
     * The outcome of one read.
     *
     * @param site      the site, when there are no problems
     * @param problems  what keeps the file from being applied, in file order
     * @param warnings  what was accepted but deserves a look
     * @param bySection the problems by the top-level key of the section they are in: core's sections
     *                  by field, a reader's problems (also in files it names) under each of its keys,
     *                  a mistyped key's under the key it is near; problems of the whole file under none
     * @param files     the files besides the site file the read depended on (the files sections name,
     *                  the files problems are in), so a change to one is read again
     */
    public record Result(Optional<Site> site, List<ConfigException> problems, List<ConfigException> warnings,
                         Map<String, List<ConfigException>> bySection, Set<Path> files) {
        public Result {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
            bySection = Map.copyOf(bySection);
            files = Set.copyOf(files);
        }

        /** A read that found {@code problems} before any section could be told apart (syntax, empty, missing). */
        public Result(Optional<Site> site, List<ConfigException> problems, List<ConfigException> warnings) {
            this(site, problems, warnings, Map.of(), Set.of());
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * The problems in the named sections and those of the whole file, in file order (what
         * {@link io.heathub.config.site.SiteService#problems(Collection)} answers).
         */
        public List<ConfigException> problemsIn(Collection<String> sections) {
            Set<ConfigException> attributed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            bySection.values().forEach(attributed::addAll);
            Set<ConfigException> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            sections.forEach(key -> wanted.addAll(bySection.getOrDefault(key, List.of())));
            return problems.stream().filter(p -> wanted.contains(p) || !attributed.contains(p)).toList();
        }
    }

    private final Path folder;
    private final Path file;
    private final Collection<SiteSection<?>> sections;
    private final Function<String, Optional<DeviceDriver>> drivers;
    private final Mode mode;

    /**
     * @param folder    the site folder
     * @param sections  the installed section readers
     * @param drivers   the installed drivers by id: each checks its devices (a device of a driver not
     *                  installed is not checked here: it waits for its driver)
     * @param mode      offline check or running hub
     */
    public SiteReader(Path folder, Collection<SiteSection<?>> sections, Function<String, Optional<DeviceDriver>> drivers,
                      Mode mode) {
        this.folder = folder;
        this.file = folder.resolve("site.yaml");
        this.sections = List.copyOf(sections);
        this.drivers = drivers;
        this.mode = mode;
    }

    /** The site file. */
    public Path file() {
        return file;
    }

    /** Parses the file's bytes (as read once by the caller); an empty document is a problem. */
    public ConfigNode parse(byte[] bytes) throws ConfigException {
        ConfigNode root = ConfigNode.parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
        if (!root.isMap()) {
            throw root.error("expected the site's sections (site:, buses:, devices: …), found a "
                    + (root.isList() ? "list" : "single value"));
        }
        if (root.keys().isEmpty()) {
            // an empty or emptied file must never stop the buses of a running site
            throw new ConfigException(file.toString(), 0, 0, "", "the site file is empty");
        }
        return root;
    }

    /** Reads the file's bytes into the site that would be {@code version}, applied at {@code at}. */
    public Result read(byte[] bytes, long version, Instant at) {
        try {
            return read(parse(bytes), version, at);
        } catch (ConfigException e) {
            return new Result(Optional.empty(), ConfigProblems.all(e), List.of());
        }
    }

    /** Reads a parsed file into the site that would be {@code version}, applied at {@code at}. */
    public Result read(ConfigNode root, long version, Instant at) {
        ProblemCollector problems = new ProblemCollector();
        List<ConfigException> warnings = new ArrayList<>();
        Map<String, List<ConfigException>> bySection = new HashMap<>();
        Set<Path> files = new LinkedHashSet<>();
        Map<String, SiteSection<?>> owners = owners(root, problems);
        topLevelKeys(root, problems, warnings, bySection);

        String siteId = "site";
        String siteName = "";
        ZoneId zone = DEFAULT_ZONE;
        Optional<ConfigNode> siteNode = problems.read(() -> root.opt("site")).flatMap(n -> n);
        if (siteNode.isPresent()) {
            ConfigNode s = siteNode.get();
            problems.check(() -> s.rejectUnknownKeys(SITE_KEYS));
            siteId = problems.read(() -> s.string("id", "site")).orElse(siteId);
            String id = siteId;
            siteName = problems.read(() -> s.string("name", id)).orElse(siteId);
            zone = problems.read(() -> s.opt("zone")).flatMap(n -> n)
                    .flatMap(z -> problems.read(() -> zone(z))).orElse(zone);
        }
        Set<String> declaredBuses = new LinkedHashSet<>();
        Map<String, BusConfig> buses = buses(root, declaredBuses, problems);
        Set<String> deviceIds = new LinkedHashSet<>();
        List<DeviceConfig> devices = devices(root, buses, declaredBuses, deviceIds, zone, problems, warnings);
        CommandPolicy commands = problems.read(() -> root.opt("commands")).flatMap(n -> n)
                .flatMap(c -> problems.read(() -> CommandPolicyReader.read(c))).orElse(CommandPolicy.DEFAULT);

        // core's own problems so far belong to the section their field is in (a profile's to devices)
        for (ConfigException p : problems.problems()) {
            String key = p.file().equals(file.toString()) ? topLevelKey(p.field()) : "devices";
            if (CORE_KEYS.contains(key)) {
                bySection.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        }

        SiteContext context = new SiteContext(folder, file, siteId, zone, deviceIds, commands);
        Map<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, SiteSection<?>> owner : owners.entrySet()) {
            SiteSection<?> section = owner.getValue();
            ProblemCollector own = new ProblemCollector();
            readSection(root, section, context, own, warnings, files).ifPresent(v -> values.put(owner.getKey(), v));
            for (String key : keysOf(section)) {
                bySection.computeIfAbsent(key, k -> new ArrayList<>()).addAll(own.problems());
            }
            own.problems().forEach(problems::add);
        }
        List<ConfigException> found = inFileOrder(problems.problems());
        found.stream().map(ConfigException::file).filter(f -> !f.equals(file.toString())).map(Path::of).forEach(files::add);
        if (!found.isEmpty()) {
            return new Result(Optional.empty(), found, warnings, bySection, files);
        }
        return new Result(Optional.of(new Site(version, at, siteId, siteName, zone, folder, file,
                List.copyOf(buses.values()), devices, commands, values, warnings)), List.of(), warnings, bySection, files);
    }

    /** {@code devices} of {@code devices[3].address}; empty for the whole file. */
    private static String topLevelKey(String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return field.substring(0, end);
    }

    private static List<String> keysOf(SiteSection<?> section) {
        List<String> keys = new ArrayList<>();
        keys.add(section.key());
        keys.addAll(section.companionKeys());
        return keys;
    }

    /** The reader of each claimed key; a key claimed twice, or one of core's, is a problem. */
    private Map<String, SiteSection<?>> owners(ConfigNode root, ProblemCollector problems) {
        Map<String, SiteSection<?>> owners = new TreeMap<>();
        Map<String, SiteSection<?>> claims = new HashMap<>();
        for (SiteSection<?> section : sections) {
            List<String> keys = new ArrayList<>();
            keys.add(section.key());
            keys.addAll(section.companionKeys());
            boolean clash = false;
            for (String key : keys) {
                SiteSection<?> other = claims.putIfAbsent(key, section);
                if (CORE_KEYS.contains(key) || other != null) {
                    problems.add(root.error("top-level key '" + key + "' is claimed by " + section.getClass().getName()
                            + " and by " + (other == null ? "core" : other.getClass().getName())
                            + "; install one reader per section"));
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                owners.put(section.key(), section);
            }
        }
        return owners;
    }

    /**
     * A top-level key no reader claims: a typo of a claimed one is an error (it names the key it is
     * near, and counts as that section's problem); any other is a warning, because its bundle may
     * not have started yet (running hub) or be left out of the distribution (offline).
     */
    private void topLevelKeys(ConfigNode root, ProblemCollector problems, List<ConfigException> warnings,
                              Map<String, List<ConfigException>> bySection) {
        Set<String> known = new TreeSet<>(CORE_KEYS);
        for (SiteSection<?> section : sections) {
            known.addAll(keysOf(section));
        }
        for (String key : problems.read(root::keys).orElse(List.of())) {
            if (known.contains(key)) {
                continue;
            }
            Optional<String> near = DidYouMean.closest(key, known);
            ConfigNode at = problems.read(() -> root.get(key)).orElse(root);
            if (near.isPresent()) {
                ConfigException typo = at.error("unknown section '" + key + "' (did you mean '" + near.get() + "'?)");
                problems.add(typo);
                bySection.computeIfAbsent(near.get(), k -> new ArrayList<>()).add(typo);
            } else if (mode == Mode.OFFLINE_CHECK) {
                warnings.add(at.error("no bundle of this distribution reads section '" + key + "': it is not checked"
                        + " and not used (sections read: " + String.join(", ", known) + ")"));
            } else {
                warnings.add(at.error("no installed bundle reads section '" + key + "' (yet): it is ignored"));
            }
        }
    }

    /**
     * Runs one reader on its keys: its value (checked against its declared type), its problems into
     * {@code problems}, its warnings into {@code warnings} and the files it names into {@code files}.
     */
    private static Optional<Object> readSection(ConfigNode root, SiteSection<?> section, SiteContext context,
                                                ProblemCollector problems, List<ConfigException> warnings,
                                                Set<Path> files) {
        Optional<ConfigNode> own = problems.read(() -> root.select(keysOf(section)));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        try {
            files.addAll(section.files(own.get(), context));
            Object value = problems.read(() -> section.read(own.get(), context)).orElse(null);
            if (value != null && !section.type().isInstance(value)) {
                problems.add(root.error("section '" + section.key() + "': its reader " + section.getClass().getName()
                        + " gave a " + value.getClass().getName() + ", not the " + section.type().getName() + " it declares"));
                return Optional.empty();
            }
            if (value != null) {
                warnings.addAll(warningsOf(section, value, own.get(), context));
            }
            return Optional.ofNullable(value);
        } catch (RuntimeException e) {
            // a reader's bug must not stop the site owner: the section is reported as not readable
            problems.add(root.error("section '" + section.key() + "' could not be read (a bug in "
                    + section.getClass().getName() + ", please report): " + e));
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<ConfigException> warningsOf(SiteSection<T> section, Object value, ConfigNode own,
                                                        SiteContext context) {
        return section.warnings((T) value, own, context);
    }

    /** The valid buses; {@code declared} gets the id of every bus, also of those with problems. */
    private static Map<String, BusConfig> buses(ConfigNode root, Set<String> declared, ProblemCollector problems) {
        Map<String, BusConfig> buses = new LinkedHashMap<>();
        for (ConfigNode b : problems.read(() -> root.list("buses")).orElse(List.of())) {
            if (b.isMap() && b.has("id")) {
                problems.read(() -> b.get("id").asString().trim()).ifPresent(declared::add);
            }
            problems.read(() -> {
                BusConfig bus = bus(b);
                BusConfig first = buses.putIfAbsent(bus.id(), bus);
                if (first != null) {
                    throw b.get("id").error("duplicate bus id '" + bus.id() + "' (first at " + first.origin() + ")");
                }
                return bus;
            });
        }
        return buses;
    }

    private List<DeviceConfig> devices(ConfigNode root, Map<String, BusConfig> buses, Set<String> declaredBuses,
                                       Set<String> ids, ZoneId zone, ProblemCollector problems,
                                       List<ConfigException> warnings) {
        List<DeviceConfig> devices = new ArrayList<>();
        Map<String, String> origins = new HashMap<>();
        Map<String, String> addressOwners = new HashMap<>();
        Set<String> reported = new LinkedHashSet<>();
        for (ConfigNode d : problems.read(() -> root.list("devices")).orElse(List.of())) {
            // ids of devices with other problems still count for the sections that name them
            if (d.isMap() && d.has("id")) {
                problems.read(() -> d.get("id").asString().trim()).ifPresent(ids::add);
            }
            Optional<DeviceConfig> read = problems.read(() -> {
                Optional<DeviceConfig> device = device(d, buses, declaredBuses, zone);
                if (device.isEmpty()) {
                    return null;
                }
                String id = device.get().id();
                String first = origins.putIfAbsent(id, device.get().origin());
                if (first != null) {
                    throw d.get("id").error("duplicate device id '" + id + "' (first at " + first + ")");
                }
                String slot = device.get().bus() + "#" + device.get().address();
                String owner = addressOwners.putIfAbsent(slot, id);
                if (owner != null) {
                    String address = device.get().address().isEmpty() ? "no address" : "address " + device.get().address();
                    throw (d.has("address") ? d.get("address") : d.get("id")).error(address + " on bus '"
                            + device.get().bus() + "' is already used by device '" + owner + "'");
                }
                return device.get();
            });
            if (read.isPresent()) {
                devices.add(read.get());
                checkWithDriver(read.get(), d, problems, warnings, reported);
            }
        }
        return devices;
    }

    /**
     * The driver's own checks of the address and settings ({@link DeviceDriver#validate}), each
     * problem placed at the field it names; a problem inside a file the device names (a profile) is
     * placed in that file, once however many devices name it.
     */
    private void checkWithDriver(DeviceConfig device, ConfigNode node, ProblemCollector problems,
                                 List<ConfigException> warnings, Set<String> reported) {
        Optional<DeviceDriver> driver = drivers.apply(device.driver());
        if (driver.isEmpty()) {
            // offline, the driver may still be dropped into deploy/ later: only a warning, at its first device
            if (mode == Mode.OFFLINE_CHECK && reported.add("driver " + device.driver())) {
                problems.read(() -> node.get("driver")).ifPresent(at -> warnings.add(at.error("no driver '"
                        + device.driver() + "' in this distribution; its devices (this one first) wait for it")));
            }
            return;
        }
        try {
            driver.get().validate(device);
        } catch (DeviceException e) {
            Optional<ConfigException> inFile = locatedCause(e);
            if (inFile.isPresent()) {
                if (reported.add(inFile.get().getMessage())) {
                    problems.add(inFile.get());
                }
                return;
            }
            problems.add(placed(node, device, e.getMessage()));
        } catch (RuntimeException e) {
            problems.add(node.error("driver '" + device.driver() + "' failed to check this device (a bug in the driver,"
                    + " please report): " + e));
        }
    }

    private static Optional<ConfigException> locatedCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ConfigException located) {
                return Optional.of(located);
            }
        }
        return Optional.empty();
    }

    /** A driver's {@code device X (origin): field: problem}, placed at {@code field} in the device's entry. */
    private static ConfigException placed(ConfigNode node, DeviceConfig device, String message) {
        String prefix = device.describe() + ": ";
        String rest = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        int colon = rest.indexOf(": ");
        if (colon > 0) {
            String field = rest.substring(0, colon);
            Optional<ConfigNode> at = fieldNode(node, field);
            if (at.isPresent()) {
                return at.get().error(rest.substring(colon + 2));
            }
        }
        return node.error(rest);
    }

    private static Optional<ConfigNode> fieldNode(ConfigNode device, String field) {
        try {
            if (field.equals("address")) {
                return device.opt("address");
            }
            if (field.startsWith("settings.") && device.opt("settings").isPresent()) {
                return device.get("settings").opt(field.substring("settings.".length()));
            }
        } catch (ConfigException e) {
            // not where the driver says: the problem stays at the device
        }
        return Optional.empty();
    }

    /** Site-file problems in file order, then those of other files (profiles) by file. */
    private List<ConfigException> inFileOrder(List<ConfigException> problems) {
        String site = file.toString();
        return problems.stream().sorted(Comparator.<ConfigException, Boolean>comparing(p -> !p.file().equals(site))
                .thenComparing(ConfigException::file).thenComparingInt(ConfigException::line)
                .thenComparingInt(ConfigException::column)).toList();
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

    /** The device; empty when its bus is declared but has problems of its own (reported there). */
    private Optional<DeviceConfig> device(ConfigNode d, Map<String, BusConfig> buses, Set<String> declaredBuses,
                                          ZoneId zone) throws ConfigException {
        d.rejectUnknownKeys(DEVICE_KEYS);
        String id = identifier(d.get("id"));
        ConfigNode busNode = d.get("bus");
        String bus = busNode.asString().trim();
        if (!buses.containsKey(bus) && declaredBuses.contains(bus)) {
            return Optional.empty();
        }
        if (!buses.containsKey(bus)) {
            throw busNode.error("unknown bus '" + bus + "'" + DidYouMean.hint(bus, declaredBuses) + "; declared buses: "
                    + String.join(", ", declaredBuses));
        }
        String driver = d.string("driver").trim();
        if (driver.isEmpty()) {
            throw d.get("driver").error("driver must not be empty");
        }
        // Whether a device may go without an address is the protocol's rule (IEC 62056-21 has one):
        // the driver judges the address, empty included, in validate() and open().
        String address = d.string("address", "").trim();
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
        return Optional.of(new DeviceConfig(id, driver, bus, address, settings, poll, folder, d.origin(), zone,
                line(d, buses.get(bus))));
    }

    /** The device's own serial settings ({@code line: "300 7E1"}), only on a serial bus; null: the bus's. */
    private static LineSettings line(ConfigNode d, BusConfig bus) throws ConfigException {
        Optional<ConfigNode> node = d.opt("line");
        if (node.isEmpty()) {
            return null;
        }
        if (!"serial".equals(bus.uri().getScheme())) {
            throw node.get().error("line settings are for a device on a serial bus; bus '" + bus.id() + "' is "
                    + bus.uri() + " (a serial-to-TCP converter's port settings are the converter's)");
        }
        try {
            return LineSettings.parse(node.get().asString());
        } catch (IllegalArgumentException e) {
            throw node.get().error(e.getMessage());
        }
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
