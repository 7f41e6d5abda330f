package io.heathub.billing.runtime;

import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.InvalidInputException;
import io.heathub.billing.Season;
import io.heathub.billing.Tariff;
import io.heathub.billing.TariffFile;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.health.Building;
import io.heathub.billing.health.HealthConfig;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.billing.supervision.SupervisionConfig;
import io.heathub.billing.supervision.SupervisionSite;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What billing takes from {@code site.yaml}: {@code site.id}/{@code site.zone}, {@code households:},
 * {@code tariff:} (the keys of {@code heathub settle}'s tariff file), {@code health:} (meter-health
 * settings plus {@code buildings}), {@code alarms:} and {@code supervision:}. Sections are read
 * independently: a broken one leaves its defaults and adds its problems
 * ({@code file:line:column: key: problem}) under its name, so one typo does not stop the others.
 *
 * @param problems problems per section name ({@code site}, {@code households}, …); empty when all read cleanly
 */
public record SiteSections(String siteId, ZoneId zone, List<Household> households, Optional<Tariff> tariff,
                           HealthConfig health, List<Building> buildings, AlarmConfig alarms,
                           SupervisionSettings supervision, Map<String, List<String>> problems) {

    static final List<String> HOUSEHOLD_KEYS = List.of("household", "id", "areaM2", "meter", "roomSensor", "tariff", "zone",
            "building", "elastic");
    static final List<String> BUILDING_KEYS = List.of("id", "meter", "householdMeters");
    /** Problems of an imported households.csv kept as lines (the count of the rest is still given). */
    private static final int PRINTED_PROBLEMS = 50;
    static final List<String> SUPERVISION_KEYS = List.of("interval", "delay", "endpoint", "outdoorSensors", "sources",
            "substations", "roomSensors");

    public SiteSections {
        households = List.copyOf(households);
        buildings = List.copyOf(buildings);
        problems = Map.copyOf(problems);
    }

    /**
     * The supervision feed's schedule and devices.
     *
     * @param interval       period of one feed; feeds cover [T − interval, T) for T on multiples of interval (UTC)
     * @param delay          how long after T the feed is built, so the readings after T that close the heat cuts are in
     * @param endpoint       the Camel endpoint URI; empty = {@code file:${heathub.data}/supervision}
     * @param config         figures' settings ({@code SupervisionConfig})
     * @param outdoorSensors devices giving {@code temp.outdoor}
     * @param sources        heat meters of the heat sources
     * @param substations    heat meters of the substations
     * @param roomSensors    devices giving {@code temp.room}; by default the households' room sensors
     */
    public record SupervisionSettings(Duration interval, Duration delay, String endpoint, SupervisionConfig config,
                                      List<String> outdoorSensors, List<SupervisionSite.HeatMeterRef> sources,
                                      List<SupervisionSite.HeatMeterRef> substations, List<String> roomSensors) {
        public SupervisionSettings {
            outdoorSensors = List.copyOf(outdoorSensors);
            sources = List.copyOf(sources);
            substations = List.copyOf(substations);
            roomSensors = List.copyOf(roomSensors);
        }

        static SupervisionSettings defaults() {
            return new SupervisionSettings(Duration.ofHours(1), Duration.ofMinutes(5), "", SupervisionConfig.defaults(),
                    List.of(), List.of(), List.of(), List.of());
        }

        /** Which devices the feed is computed from. */
        public SupervisionSite site(String siteId) {
            return new SupervisionSite(siteId, outdoorSensors, sources, substations, roomSensors);
        }

        /** Every device whose readings the feed uses. */
        public Set<String> devices() {
            Set<String> all = new LinkedHashSet<>(outdoorSensors);
            sources.forEach(s -> all.add(s.meter()));
            substations.forEach(s -> all.add(s.meter()));
            all.addAll(roomSensors);
            return all;
        }
    }

    /** Problems of the named sections, in file order of the sections asked for. */
    public List<String> problemsOf(String... sections) {
        List<String> out = new ArrayList<>();
        for (String s : sections) {
            out.addAll(problems.getOrDefault(s, List.of()));
        }
        return out;
    }

    /** The household heat meters, in site order. */
    public List<String> householdMeters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /** Reads {@code siteFile}; a file that does not parse is one problem under {@code site}. */
    public static SiteSections read(Path siteFile) {
        try {
            return read(ConfigNode.parse(siteFile));
        } catch (ConfigException e) {
            return empty(Map.of("site", List.of(e.getMessage())));
        }
    }

    /** Parses site YAML text; {@code name} is used in problems. */
    public static SiteSections parse(String name, String text) {
        try {
            return read(ConfigNode.parse(name, text));
        } catch (ConfigException e) {
            return empty(Map.of("site", List.of(e.getMessage())));
        }
    }

    private static SiteSections empty(Map<String, List<String>> problems) {
        return new SiteSections("hub", Season.DEFAULT_ZONE, List.of(), Optional.empty(), HealthConfig.defaults(),
                List.of(), AlarmConfig.defaults(), SupervisionSettings.defaults(), problems);
    }

    static SiteSections read(ConfigNode root) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String siteId = "hub";
        ZoneId zone = Season.DEFAULT_ZONE;
        try {
            Optional<ConfigNode> site = root.opt("site");
            if (site.isPresent()) {
                siteId = site.get().string("id", siteId).trim();
                Optional<ConfigNode> zoneNode = site.get().opt("zone");
                if (zoneNode.isPresent()) {
                    try {
                        zone = ZoneId.of(zoneNode.get().asString().trim());
                    } catch (DateTimeException e) {
                        throw zoneNode.get().error("unknown time zone: " + e.getMessage());
                    }
                }
            }
        } catch (ConfigException e) {
            problems.computeIfAbsent("site", k -> new ArrayList<>()).add(e.getMessage());
        }
        List<String> householdProblems = new ArrayList<>();
        List<Household> households = households(root, householdProblems);
        put(problems, "households", householdProblems);

        Optional<Tariff> tariff = Optional.empty();
        try {
            if (root.has("tariff")) {
                tariff = Optional.of(TariffFile.read(root.get("tariff")));
            }
        } catch (InvalidInputException e) {
            put(problems, "tariff", e.problems());
        } catch (ConfigException e) {
            put(problems, "tariff", List.of(e.getMessage()));
        }

        HealthConfig health = HealthConfig.defaults();
        List<Building> buildings = List.of();
        try {
            Optional<ConfigNode> node = root.opt("health");
            if (node.isPresent()) {
                health = HealthConfig.read(node.get(), List.of("buildings"));
                buildings = buildings(node.get(), households);
            }
        } catch (ConfigException e) {
            put(problems, "health", List.of(e.getMessage()));
        }

        AlarmConfig alarms = AlarmConfig.defaults();
        try {
            Optional<ConfigNode> node = root.opt("alarms");
            if (node.isPresent()) {
                alarms = AlarmConfig.read(node.get());
            }
        } catch (ConfigException e) {
            put(problems, "alarms", List.of(e.getMessage()));
        }

        List<String> roomSensors = households.stream().flatMap(h -> h.roomSensorId().stream()).distinct().toList();
        SupervisionSettings supervision = SupervisionSettings.defaults();
        supervision = new SupervisionSettings(supervision.interval(), supervision.delay(), supervision.endpoint(),
                supervision.config(), List.of(), List.of(), List.of(), roomSensors);
        try {
            Optional<ConfigNode> node = root.opt("supervision");
            if (node.isPresent()) {
                supervision = supervision(node.get(), supervision);
            }
        } catch (ConfigException e) {
            put(problems, "supervision", List.of(e.getMessage()));
        }
        return new SiteSections(siteId, zone, households, tariff, health, buildings, alarms, supervision, problems);
    }

    private static void put(Map<String, List<String>> problems, String section, List<String> found) {
        if (!found.isEmpty()) {
            problems.computeIfAbsent(section, k -> new ArrayList<>()).addAll(found);
        }
    }

    /**
     * The same checks as households.csv: ids and meters unique, area positive, a meter for two-part.
     * {@code households: FILE.csv} imports a households.csv (relative to the site file) instead of a list.
     */
    private static List<Household> households(ConfigNode root, List<String> problems) {
        List<Household> out = new ArrayList<>();
        List<ConfigNode> items;
        try {
            if (!root.has("households")) {
                return out;
            }
            ConfigNode node = root.get("households");
            if (node.isScalar()) {
                return householdsCsv(node, problems);
            }
            items = root.list("households");
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return out;
        }
        Map<String, Integer> householdLines = new HashMap<>();
        Map<String, Integer> meterLines = new HashMap<>();
        for (ConfigNode item : items) {
            int before = problems.size();
            try {
                if (!item.isMap()) {
                    throw item.error("expected { household, areaM2, meter, roomSensor, tariff }");
                }
                item.rejectUnknownKeys(HOUSEHOLD_KEYS);
                // "id" is how tools' simulate names a household; either spelling, not both
                if (item.has("household") == item.has("id")) {
                    throw item.error(item.has("id") ? "give the household id once: 'household' or 'id', not both"
                            : "missing required field 'household'");
                }
                ConfigNode idNode = item.get(item.has("household") ? "household" : "id");
                String id = idNode.asString().trim();
                if (id.isEmpty()) {
                    throw idNode.error("missing household id");
                }
                Integer first = householdLines.putIfAbsent(id, idNode.line());
                if (first != null) {
                    problems.add(idNode.error("household \"" + id + "\" is listed twice (first on line " + first + ")").getMessage());
                }
                ConfigNode areaNode = item.get("areaM2");
                BigDecimal area = areaNode.asDecimal();
                if (area.signum() <= 0) {
                    problems.add(areaNode.error("area must be positive, got " + area.toPlainString()).getMessage());
                }
                ConfigNode tariffNode = item.get("tariff");
                String tariffText = tariffNode.asString().trim();
                Optional<HouseholdTariff> tariff = HouseholdTariff.byKey(tariffText);
                if (tariff.isEmpty()) {
                    problems.add(tariffNode.error("unknown tariff \"" + tariffText + "\"; expected two-part or area").getMessage());
                }
                String meter = item.string("meter", "").trim();
                if (meter.isEmpty() && tariff.orElse(null) == HouseholdTariff.TWO_PART) {
                    problems.add(item.error("a two-part household needs a meter").getMessage());
                } else if (!meter.isEmpty()) {
                    Integer owner = meterLines.putIfAbsent(meter, item.get("meter").line());
                    if (owner != null) {
                        problems.add(item.get("meter").error("meter \"" + meter
                                + "\" already belongs to the household on line " + owner).getMessage());
                    }
                }
                List<DayRange> elastic = elastic(item);
                if (problems.size() == before) {
                    out.add(new Household(id, area, meter, item.string("roomSensor", "").trim(), tariff.get(), elastic,
                            item.string("building", "").trim(), item.string("zone", "").trim()));
                }
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        return out;
    }

    private static List<Household> householdsCsv(ConfigNode node, List<String> problems) throws ConfigException {
        String name = node.asString().trim();
        if (name.isEmpty()) {
            throw node.error("expected a list of households or the name of a households.csv file");
        }
        Path parent = Path.of(node.file()).getParent();
        Path file = parent == null ? Path.of(name) : parent.resolve(name);
        Problems found = new Problems(PRINTED_PROBLEMS);
        List<Household> households = HouseholdsCsv.read(file, file.toString(), found);
        if (!found.isEmpty()) {
            problems.add(node.error("households file " + file + " has " + found.count() + " problem"
                    + (found.count() == 1 ? "" : "s") + "; none of its households is used").getMessage());
            problems.addAll(found.lines());
            return List.of();
        }
        return households;
    }

    /** {@code elastic: [2024-11-01/2024-11-14, …]} or one range as a string. */
    private static List<DayRange> elastic(ConfigNode item) throws ConfigException {
        if (!item.has("elastic")) {
            return List.of();
        }
        ConfigNode node = item.get("elastic");
        List<ConfigNode> ranges = node.isList() ? node.asList() : List.of(node);
        List<DayRange> out = new ArrayList<>();
        for (ConfigNode range : ranges) {
            try {
                out.add(DayRange.parse(range.asString()));
            } catch (IllegalArgumentException e) {
                throw range.error(e.getMessage());
            }
        }
        return out;
    }

    /** Buildings; without {@code householdMeters} a building has the meters of the households naming it. */
    private static List<Building> buildings(ConfigNode health, List<Household> households) throws ConfigException {
        List<Building> out = new ArrayList<>();
        if (!health.has("buildings")) {
            return out;
        }
        for (ConfigNode b : health.list("buildings")) {
            b.rejectUnknownKeys(BUILDING_KEYS);
            String id = b.string("id").trim();
            List<String> meters = new ArrayList<>();
            if (b.has("householdMeters")) {
                for (ConfigNode m : b.list("householdMeters")) {
                    meters.add(m.asString().trim());
                }
            } else {
                households.stream().filter(h -> h.building().equals(id)).forEach(h -> h.meterId().ifPresent(meters::add));
            }
            if (meters.isEmpty()) {
                throw (b.has("householdMeters") ? b.get("householdMeters") : b).error("building " + id
                        + " needs at least one household meter: list householdMeters or give households building: " + id);
            }
            out.add(new Building(id, b.string("meter").trim(), meters));
        }
        return out;
    }

    private static SupervisionSettings supervision(ConfigNode node, SupervisionSettings defaults) throws ConfigException {
        SupervisionConfig config = SupervisionConfig.read(node, SUPERVISION_KEYS);
        Duration interval = positive(node, "interval", defaults.interval());
        if (Duration.ofDays(1).toMillis() % interval.toMillis() != 0) {
            throw node.get("interval").error("expected an interval that divides a day (e.g. 15m, 1h, 1d)");
        }
        Duration delay = node.duration("delay", defaults.delay());
        if (delay.isNegative() || delay.compareTo(interval) >= 0) {
            throw node.get("delay").error("expected a delay from 0 up to the interval");
        }
        List<String> rooms = defaults.roomSensors();
        if (node.has("roomSensors")) {
            rooms = strings(node, "roomSensors");
        }
        return new SupervisionSettings(interval, delay, node.string("endpoint", "").trim(), config,
                node.has("outdoorSensors") ? strings(node, "outdoorSensors") : List.of(),
                meters(node, "sources"), meters(node, "substations"), rooms);
    }

    private static Duration positive(ConfigNode node, String key, Duration fallback) throws ConfigException {
        Duration value = node.duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            throw node.get(key).error("must be a positive duration");
        }
        return value;
    }

    private static List<String> strings(ConfigNode node, String key) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : node.list(key)) {
            out.add(item.asString().trim());
        }
        return out;
    }

    private static List<SupervisionSite.HeatMeterRef> meters(ConfigNode node, String key) throws ConfigException {
        List<SupervisionSite.HeatMeterRef> out = new ArrayList<>();
        if (!node.has(key)) {
            return out;
        }
        for (ConfigNode item : node.list(key)) {
            item.rejectUnknownKeys(List.of("id", "meter"));
            out.add(new SupervisionSite.HeatMeterRef(item.string("id").trim(), item.string("meter").trim()));
        }
        return out;
    }
}
