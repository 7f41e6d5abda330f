package io.heathub.billing.hub;

import io.heathub.billing.Building;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The reader of the household accounts in {@code site.yaml}: {@code households:} — a list, or the
 * name of a {@code households.csv} next to the site file (imported) — with its companion
 * {@code buildings:} (building meters and the household meters behind them), into
 * {@link Households}. A shared section: registered by the billing library, so every billing feature
 * finds the same value in each applied site version, whichever features are installed.
 *
 * <p>Every household is checked like a row of households.csv: ids and meters unique, area
 * positive, a meter for two-part, a known tariff (with the nearest spelling for a typo); elastic
 * periods are refused with a pointer to {@code calendar.elastic}, the site's one calendar. Every
 * problem is located ({@code file:line:column: field: problem}; those of an imported file in that
 * file, the first {@value #PRINTED_PROBLEMS} of them) and refuses the whole site file.
 */
@Component(service = SiteSection.class)
public final class HouseholdsSection implements SiteSection<Households> {
    public static final String KEY = "households";
    public static final String BUILDINGS = "buildings";
    static final List<String> HOUSEHOLD_KEYS = List.of("household", "id", "areaM2", "meter", "roomSensor", "tariff",
            "zone", "building", "elastic");
    static final List<String> BUILDING_KEYS = List.of("id", "meter", "householdMeters");
    /** Problems of an imported households.csv reported one by one (the count of the rest is still given). */
    static final int PRINTED_PROBLEMS = 50;

    /** Public and without arguments: {@code bin/heathub check} finds it with ServiceLoader. */
    public HouseholdsSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Set<String> companionKeys() {
        return Set.of(BUILDINGS);
    }

    @Override
    public Class<Households> type() {
        return Households.class;
    }

    @Override
    public Households read(ConfigNode sections, SiteContext context) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        List<Household> households = households(sections, context, problems);
        List<Building> buildings = buildings(sections, households, problems);
        problems.throwIfAny();
        return new Households(households, buildings);
    }

    /** The households.csv that {@code households: FILE.csv} imports: a change to it is a change of the site. */
    @Override
    public Set<Path> files(ConfigNode sections, SiteContext context) {
        try {
            Optional<ConfigNode> node = sections.opt(KEY);
            if (node.isPresent() && node.get().isScalar() && !node.get().asString().isBlank()) {
                return Set.of(context.folder().resolve(node.get().asString().trim()));
            }
        } catch (ConfigException e) {
            // read() reports it
        }
        return Set.of();
    }

    private static List<Household> households(ConfigNode sections, SiteContext context, ProblemCollector problems) {
        Optional<ConfigNode> section = problems.read(() -> sections.opt(KEY)).flatMap(n -> n);
        if (section.isEmpty()) {
            return List.of();
        }
        if (section.get().isScalar()) {
            return problems.read(() -> householdsCsv(section.get(), context, problems)).orElse(List.of());
        }
        List<Household> out = new ArrayList<>();
        Map<String, Integer> householdLines = new HashMap<>();
        Map<String, Integer> meterLines = new HashMap<>();
        for (ConfigNode item : problems.read(() -> sections.list(KEY)).orElse(List.of())) {
            ProblemCollector own = new ProblemCollector();
            own.read(() -> household(item, householdLines, meterLines, own)).ifPresent(h -> {
                if (own.isEmpty()) {
                    out.add(h);
                }
            });
            own.problems().forEach(problems::add);
        }
        return out;
    }

    /** One household entry; problems that do not stop the others go to {@code own}. */
    private static Household household(ConfigNode item, Map<String, Integer> householdLines,
                                       Map<String, Integer> meterLines, ProblemCollector own) throws ConfigException {
        if (!item.isMap()) {
            throw item.error("expected { household, areaM2, meter, roomSensor, tariff }");
        }
        own.check(() -> item.rejectUnknownKeys(HOUSEHOLD_KEYS));
        // "id" is how tools' simulate names a household; either spelling, not both
        if (item.has("household") == item.has("id")) {
            throw item.error(item.has("id") ? "give the household id once: 'household' or 'id', not both"
                    : "missing required field 'household'");
        }
        String id = uniqueId(item.get(item.has("household") ? "household" : "id"), "household", householdLines, own);
        BigDecimal area = own.read(() -> {
            ConfigNode areaNode = item.get("areaM2");
            BigDecimal value = areaNode.asDecimal();
            if (value.signum() <= 0) {
                throw areaNode.error("area must be positive, got " + value.toPlainString());
            }
            return value;
        }).orElse(null);
        Optional<HouseholdTariff> tariff = own.read(() -> {
            ConfigNode tariffNode = item.get("tariff");
            String text = tariffNode.asString().trim();
            return HouseholdTariff.byKey(text).orElseThrow(() -> tariffNode.error("unknown tariff \"" + text + "\""
                    + DidYouMean.hint(text, HouseholdTariff.keys()) + "; expected two-part or area"));
        });
        String meter = own.read(() -> item.string("meter", "").trim()).orElse("");
        if (meter.isEmpty() && tariff.orElse(null) == HouseholdTariff.TWO_PART) {
            own.add(item.error("a two-part household needs a meter"));
        } else if (!meter.isEmpty()) {
            Integer owner = meterLines.putIfAbsent(meter, item.get("meter").line());
            if (owner != null) {
                own.add(item.get("meter").error("meter \"" + meter + "\" already belongs to the household on line " + owner));
            }
        }
        if (item.has("elastic")) {
            own.add(elasticMoved(item.get("elastic"), id));
        }
        String roomSensor = own.read(() -> item.string("roomSensor", "").trim()).orElse("");
        String building = own.read(() -> item.string("building", "").trim()).orElse("");
        String zone = own.read(() -> item.string("zone", "").trim()).orElse("");
        if (!own.isEmpty() || area == null || tariff.isEmpty()) {
            return null;
        }
        return new Household(id, area, meter, roomSensor, tariff.get(), List.of(), building, zone);
    }

    /** The id at {@code idNode}; one seen before (in {@code lines}) is a problem of {@code own}. */
    private static String uniqueId(ConfigNode idNode, String what, Map<String, Integer> lines, ProblemCollector own)
            throws ConfigException {
        String id = idNode.asString().trim();
        if (id.isEmpty()) {
            throw idNode.error("missing " + what + " id");
        }
        Integer first = lines.putIfAbsent(id, idNode.line());
        if (first != null) {
            own.add(idNode.error(what + " \"" + id + "\" is listed twice (first on line " + first + ")"));
        }
        return id;
    }

    /** {@code households: FILE.csv}: the file's households, or none of them when it has a problem. */
    private static List<Household> householdsCsv(ConfigNode node, SiteContext context, ProblemCollector problems)
            throws ConfigException {
        String name = node.asString().trim();
        if (name.isEmpty()) {
            throw node.error("expected a list of households or the name of a households.csv file");
        }
        Path file = context.folder().resolve(name);
        Problems found = new Problems(PRINTED_PROBLEMS);
        // the site's elastic periods are calendar.elastic: a non-empty elastic cell is refused with that pointer
        List<Household> households = HouseholdsCsv.read(file, file.toString(), found, false);
        if (!found.isEmpty()) {
            problems.add(node.error("households file " + file + " has " + found.count() + " problem"
                    + (found.count() == 1 ? "" : "s") + "; none of its households is used"
                    + (found.count() > PRINTED_PROBLEMS ? " (the first " + PRINTED_PROBLEMS + " follow)" : "")));
            found.located().forEach(problems::add);
            return List.of();
        }
        return households;
    }

    /**
     * {@code elastic:} of a household, refused: the elastic periods are the site calendar's
     * {@code calendar.elastic} (one calendar for control and billing), and the message gives the entries
     * to move there.
     */
    private static ConfigException elasticMoved(ConfigNode node, String household) {
        List<String> entries = new ArrayList<>();
        try {
            for (ConfigNode range : node.isList() ? node.asList() : List.of(node)) {
                DayRange days = DayRange.parse(range.asString());
                entries.add("- { household: " + household + ", from: " + days.first() + ", to: " + days.last() + " }");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            entries.clear();
        }
        return node.error("elastic periods are written in the site's calendar now (calendar.elastic, one calendar for"
                + " control and billing): move " + (entries.isEmpty() ? "them there as - { household: " + household
                + ", from: FIRST, to: LAST }" : "them there as " + String.join(" ", entries)) + " and remove this key");
    }

    /**
     * {@code buildings: [{ id, meter, householdMeters }]}; without {@code householdMeters} a building
     * has the meters of the households naming it ({@code building: ID}).
     */
    private static List<Building> buildings(ConfigNode sections, List<Household> households, ProblemCollector problems) {
        List<Building> out = new ArrayList<>();
        if (!sections.has(BUILDINGS)) {
            return out;
        }
        Map<String, Integer> lines = new HashMap<>();
        for (ConfigNode b : problems.read(() -> sections.list(BUILDINGS)).orElse(List.of())) {
            problems.read(() -> building(b, households, lines)).ifPresent(out::add);
        }
        return out;
    }

    private static Building building(ConfigNode b, List<Household> households, Map<String, Integer> lines)
            throws ConfigException {
        if (!b.isMap()) {
            throw b.error("expected { id, meter, householdMeters }");
        }
        ProblemCollector own = new ProblemCollector();
        own.check(() -> b.rejectUnknownKeys(BUILDING_KEYS));
        ConfigNode idNode = b.get("id");
        String id = uniqueId(idNode, "building", lines, own);
        String meter = own.read(() -> {
            ConfigNode node = b.get("meter");
            String text = node.asString().trim();
            if (text.isEmpty()) {
                throw node.error("missing the building's heat meter (a device id)");
            }
            return text;
        }).orElse("");
        List<String> meters = new ArrayList<>();
        if (b.has("householdMeters")) {
            for (ConfigNode m : own.read(() -> b.list("householdMeters")).orElse(List.of())) {
                own.read(() -> m.asString().trim()).ifPresent(meters::add);
            }
        } else {
            households.stream().filter(h -> h.building().equals(id)).forEach(h -> h.meterId().ifPresent(meters::add));
        }
        if (meters.isEmpty()) {
            own.add((b.has("householdMeters") ? b.get("householdMeters") : idNode).error("building " + id
                    + " needs at least one household meter: list householdMeters or give households building: " + id));
        }
        own.throwIfAny();
        return new Building(id, meter, meters);
    }
}
