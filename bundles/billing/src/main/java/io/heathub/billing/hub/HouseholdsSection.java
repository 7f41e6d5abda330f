package io.heathub.billing.hub;

import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code households:} section of {@code site.yaml}, the household accounts (户籍) settlement,
 * meter health and the supervision feed all work from: a list, or the name of a
 * {@code households.csv} next to the site file. Every household is checked like a row of
 * households.csv (ids and meters unique, area positive, a meter for two-part); a bad one is left
 * out and its problems ({@code file:line:column: key: problem}) are listed, the good ones stay.
 *
 * @param households the households that read cleanly, in file order
 * @param problems   what is wrong with the others
 */
public record HouseholdsSection(List<Household> households, List<String> problems) {

    static final List<String> HOUSEHOLD_KEYS = List.of("household", "id", "areaM2", "meter", "roomSensor", "tariff", "zone",
            "building", "elastic");
    /** Problems of an imported households.csv kept as lines (the count of the rest is still given). */
    private static final int PRINTED_PROBLEMS = 50;

    public HouseholdsSection {
        households = List.copyOf(households);
        problems = List.copyOf(problems);
    }

    /** Reads {@code households:} of a parsed site.yaml; absent = no households. */
    public static HouseholdsSection read(ConfigNode root) {
        List<String> problems = new ArrayList<>();
        List<Household> households = households(root, problems);
        return new HouseholdsSection(households, problems);
    }

    /** The household heat meters, in site order. */
    public List<String> meters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /** The households' room sensors, in site order, each once. */
    public List<String> roomSensors() {
        return households.stream().flatMap(h -> h.roomSensorId().stream()).distinct().toList();
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
}
