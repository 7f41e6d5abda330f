package io.heathub.tools.simulate;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlPlanReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulation takes from {@code site.yaml}: the control plan ({@code control:},
 * {@code calendar:}, {@code site.zone}) through the control module's reader, and the households
 * grouped by zone. Households come from {@code households:} (each item's {@code id} and optional
 * {@code zone}; other keys are left to the hub), or, when there is none, one per thermostat panel
 * device ({@code settings.profile: bac-002}). Other sections are not looked at.
 *
 * @param plan       the control plan
 * @param households household ids by zone id, in file order
 */
record SimulatedSite(ControlPlan plan, Map<String, List<String>> households) {

    /** Zone of households that name none. */
    static final String DEFAULT_ZONE = "main";
    /** The panel profile whose devices stand for households when {@code households:} is absent. */
    static final String PANEL_PROFILE = "bac-002";
    /** The building model's panel limit (Modbus unit ids). */
    static final int MAX_HOUSEHOLDS_PER_ZONE = 247;

    /** Reads {@code dir/site.yaml}. */
    static SimulatedSite read(Path dir) throws ConfigException {
        Path file = dir.resolve("site.yaml");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), 0, 0, "", "site file not found");
        }
        ConfigNode root = ConfigNode.parse(file);
        ControlPlan plan = ControlPlanReader.read(root);
        Map<String, List<String>> byZone = new LinkedHashMap<>();
        Map<String, ConfigNode> firstOfZone = new LinkedHashMap<>();
        // households: FILE.csv (an import for billing) carries no zones: fall back to the panels
        if (root.has("households") && root.get("households").isList()) {
            for (ConfigNode household : root.list("households")) {
                String zone = household.string("zone", DEFAULT_ZONE).trim();
                byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add((household.has("id") ? household.string("id") : household.string("household")).trim());
                firstOfZone.putIfAbsent(zone, household);
            }
        } else if (root.has("devices")) {
            for (ConfigNode device : root.list("devices")) {
                boolean panel = device.opt("settings").isPresent() && device.get("settings").isMap()
                        && PANEL_PROFILE.equals(device.get("settings").string("profile", ""));
                if (panel) {
                    byZone.computeIfAbsent(DEFAULT_ZONE, z -> new ArrayList<>()).add(device.string("id").trim());
                    firstOfZone.putIfAbsent(DEFAULT_ZONE, device);
                }
            }
        }
        if (byZone.isEmpty()) {
            throw root.error("nothing to simulate: no households and no " + PANEL_PROFILE + " panel devices");
        }
        for (Map.Entry<String, List<String>> zone : byZone.entrySet()) {
            if (zone.getValue().size() > MAX_HOUSEHOLDS_PER_ZONE) {
                throw firstOfZone.get(zone.getKey()).error("zone " + zone.getKey() + " has " + zone.getValue().size()
                        + " households; the building model takes at most " + MAX_HOUSEHOLDS_PER_ZONE + " a zone");
            }
        }
        return new SimulatedSite(plan, byZone);
    }
}
