package io.heathub.billing.alarm.runtime;

import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.health.Building;
import io.heathub.billing.health.HealthConfig;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.hub.SectionProblems;
import io.heathub.billing.hub.SiteFile;
import io.heathub.billing.hub.SiteIdentity;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the live alarms take from {@code site.yaml}: {@code site.zone} (due-day midnights),
 * {@code households:} (the meters watched), {@code health:} (meter-health settings plus
 * {@code buildings}) and {@code alarms:} (fault classes, response times). Each section is read
 * on its own ({@link SectionProblems}).
 */
public record HealthSite(ZoneId zone, List<Household> households, HealthConfig health, List<Building> buildings,
                         AlarmConfig alarms, Map<String, List<String>> problems) implements SectionProblems {

    static final List<String> BUILDING_KEYS = List.of("id", "meter", "householdMeters");

    public HealthSite {
        households = List.copyOf(households);
        buildings = List.copyOf(buildings);
        problems = Map.copyOf(problems);
    }

    /** The household heat meters, in site order. */
    public List<String> householdMeters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /** Reads {@code siteFile}; a file that does not parse is one problem under {@code site}. */
    public static HealthSite read(Path siteFile) {
        return SiteFile.read(siteFile, HealthSite::read, HealthSite::broken);
    }

    /** Parses site YAML text; {@code name} is used in problems. */
    public static HealthSite parse(String name, String text) {
        return SiteFile.parse(name, text, HealthSite::read, HealthSite::broken);
    }

    private static HealthSite broken(List<String> problems) {
        return new HealthSite(Season.DEFAULT_ZONE, List.of(), HealthConfig.defaults(), List.of(), AlarmConfig.defaults(),
                Map.of("site", problems));
    }

    static HealthSite read(ConfigNode root) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        SiteIdentity site = SiteIdentity.read(root);
        SectionProblems.put(problems, "site", site.problems());
        HouseholdsSection households = HouseholdsSection.read(root);
        SectionProblems.put(problems, "households", households.problems());

        HealthConfig health = HealthConfig.defaults();
        List<Building> buildings = List.of();
        try {
            Optional<ConfigNode> node = root.opt("health");
            if (node.isPresent()) {
                health = HealthConfig.read(node.get(), List.of("buildings"));
                buildings = buildings(node.get(), households.households());
            }
        } catch (ConfigException e) {
            SectionProblems.put(problems, "health", List.of(e.getMessage()));
        }

        AlarmConfig alarms = AlarmConfig.defaults();
        try {
            alarms = AlarmConfig.ofSite(root);
        } catch (ConfigException e) {
            SectionProblems.put(problems, "alarms", List.of(e.getMessage()));
        }
        return new HealthSite(site.zone(), households.households(), health, buildings, alarms, problems);
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
}
