package io.heathub.billing.supervision.runtime;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.hub.SectionProblems;
import io.heathub.billing.hub.SiteFile;
import io.heathub.billing.hub.SiteIdentity;
import io.heathub.billing.supervision.SupervisionConfig;
import io.heathub.billing.supervision.SupervisionSite;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the supervision feed takes from {@code site.yaml}: {@code site.id} (named in the feed),
 * {@code households:} (their room sensors are the default indoor sensors), {@code alarms:} (the
 * fault classes counted) and {@code supervision:} (schedule, endpoint, devices, figures). Each
 * section is read on its own ({@link SectionProblems}).
 */
public record SupervisionSection(String siteId, AlarmConfig alarms, SupervisionSettings supervision,
                                 Map<String, List<String>> problems) implements SectionProblems {

    static final List<String> SUPERVISION_KEYS = List.of("interval", "delay", "endpoint", "outdoorSensors", "sources",
            "substations", "roomSensors");

    public SupervisionSection {
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

    /** Reads {@code siteFile}; a file that does not parse is one problem under {@code site}. */
    public static SupervisionSection read(Path siteFile) {
        return SiteFile.read(siteFile, SupervisionSection::read, SupervisionSection::broken);
    }

    /** Parses site YAML text; {@code name} is used in problems. */
    public static SupervisionSection parse(String name, String text) {
        return SiteFile.parse(name, text, SupervisionSection::read, SupervisionSection::broken);
    }

    private static SupervisionSection broken(List<String> problems) {
        return new SupervisionSection(SiteIdentity.DEFAULT.id(), AlarmConfig.defaults(), SupervisionSettings.defaults(),
                Map.of("site", problems));
    }

    static SupervisionSection read(ConfigNode root) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        SiteIdentity site = SiteIdentity.read(root);
        SectionProblems.put(problems, "site", site.problems());
        HouseholdsSection households = HouseholdsSection.read(root);
        SectionProblems.put(problems, "households", households.problems());

        AlarmConfig alarms = AlarmConfig.defaults();
        try {
            alarms = AlarmConfig.ofSite(root);
        } catch (ConfigException e) {
            SectionProblems.put(problems, "alarms", List.of(e.getMessage()));
        }

        SupervisionSettings supervision = SupervisionSettings.defaults();
        supervision = new SupervisionSettings(supervision.interval(), supervision.delay(), supervision.endpoint(),
                supervision.config(), List.of(), List.of(), List.of(), households.roomSensors());
        try {
            Optional<ConfigNode> node = root.opt("supervision");
            if (node.isPresent()) {
                supervision = supervision(node.get(), supervision);
            }
        } catch (ConfigException e) {
            SectionProblems.put(problems, "supervision", List.of(e.getMessage()));
        }
        return new SupervisionSection(site.id(), alarms, supervision, problems);
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
