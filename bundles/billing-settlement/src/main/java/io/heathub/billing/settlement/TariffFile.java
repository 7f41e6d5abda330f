package io.heathub.billing.settlement;

import io.heathub.billing.HouseholdTariff;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tariff file (YAML). Every problem names file, line, column and key:
 *
 * <pre>
 * areaPricePerM2: 24          # CNY/m² per season, prepaid by area
 * basePricePerM2: 7.2         # base part of the two-part tariff
 * energyPricePerKWh: 0.188    # metered part
 * chargeCapPerM2: 6           # optional: most charged on top of the prepaid fee; absent = no cap
 * policy: refundAndCharge     # or refundOnly; default refundAndCharge
 * coldRoom:                   # optional; default: the Zibo classes below
 *   classes:
 *     - { name: cool,     belowC: 18, refundPercent: 20 }
 *     - { name: cold,     belowC: 16, refundPercent: 50 }
 *     - { name: freezing, belowC: 12, refundPercent: 100 }
 *   noHeatRefundPercent: 100
 *   tariffs: [area, two-part]    # who is refunded (Zibo: area); default both
 *   exclusions:                  # days that are the household's own doing: not refunded
 *     records: true              # refund exclusions of the records folder (refund-exclusions.jsonl)
 *     alarms: [valveTampered]    # an open alarm of these kinds on its meter or room sensor that day
 *     states: [ { point: status.valveFault, equals: 1 } ]   # a good reading of them that day
 *   interruptions:               # heat interruptions of the records folder (interruptions.jsonl)
 *     refundPercent: 100         # of each day they leave without heat
 *     minimumPerDay: 24h         # how long within a day counts as a day without heat
 * </pre>
 */
public final class TariffFile {
    private static final List<String> KEYS = List.of("areaPricePerM2", "basePricePerM2", "energyPricePerKWh",
            "chargeCapPerM2", "policy", "coldRoom");
    private static final List<String> COLD_ROOM_KEYS = List.of("classes", "noHeatRefundPercent", "tariffs", "exclusions",
            "interruptions");
    private static final List<String> EXCLUSION_KEYS = List.of("records", "alarms", "states");
    private static final List<String> STATE_KEYS = List.of("point", "equals");
    private static final List<String> INTERRUPTION_KEYS = List.of("refundPercent", "minimumPerDay");
    private static final List<String> CLASS_KEYS = List.of("name", "belowC", "refundPercent");

    private TariffFile() {
    }

    public static Tariff load(Path file) throws InvalidInputException {
        try {
            return read(ConfigNode.parse(file));
        } catch (ConfigException e) {
            throw new InvalidInputException(List.of(e.getMessage()));
        }
    }

    /** Parses tariff YAML text; {@code name} is used in messages. */
    public static Tariff parse(String name, String text) throws InvalidInputException {
        try {
            return read(ConfigNode.parse(name, text));
        } catch (ConfigException e) {
            throw new InvalidInputException(List.of(e.getMessage()));
        }
    }

    /** Reads a parsed tariff, collecting every problem before failing. */
    public static Tariff read(ConfigNode root) throws InvalidInputException {
        try {
            return readLocated(root);
        } catch (ConfigException e) {
            throw new InvalidInputException(ConfigProblems.all(e).stream().map(ConfigException::getMessage).toList());
        }
    }

    /**
     * The same, every problem a located {@link ConfigException} (several as a {@link ConfigProblems}):
     * how site.yaml's {@code tariff:} section is read.
     */
    public static Tariff readLocated(ConfigNode root) throws ConfigException {
        if (!root.isMap()) {
            throw root.error("expected a mapping of tariff keys (" + String.join(", ", KEYS) + ")");
        }
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> root.rejectUnknownKeys(KEYS));
        BigDecimal area = price(root, "areaPricePerM2", true, problems);
        BigDecimal base = price(root, "basePricePerM2", true, problems);
        BigDecimal energy = price(root, "energyPricePerKWh", true, problems);
        BigDecimal cap = price(root, "chargeCapPerM2", false, problems);
        SettlementPolicy policy = problems.read(() -> {
            Optional<ConfigNode> node = root.opt("policy");
            if (node.isEmpty()) {
                return SettlementPolicy.REFUND_AND_CHARGE;
            }
            String text = node.get().asString().trim();
            return SettlementPolicy.byKey(text).orElseThrow(() -> node.get().error("unknown policy \"" + text + "\""
                    + DidYouMean.hint(text, List.of("refundAndCharge", "refundOnly")) + "; expected refundAndCharge or refundOnly"));
        }).orElse(null);
        ColdRoomRules coldRoom = problems.read(() -> coldRoom(root)).orElse(null);
        problems.throwIfAny();
        return new Tariff(area, base, energy, cap, policy, coldRoom);
    }

    private static ColdRoomRules coldRoom(ConfigNode root) throws ConfigException {
        Optional<ConfigNode> node = root.opt("coldRoom");
        if (node.isEmpty()) {
            return ColdRoomRules.zibo();
        }
        ConfigNode cold = node.get();
        cold.rejectUnknownKeys(COLD_ROOM_KEYS);
        BigDecimal noHeat = percent(cold, "noHeatRefundPercent", BigDecimal.valueOf(100));
        List<ColdRoomClass> classes = new ArrayList<>();
        if (!cold.has("classes")) {
            classes.addAll(ColdRoomRules.zibo().classes());
        }
        for (ConfigNode c : cold.list("classes")) {
            c.rejectUnknownKeys(CLASS_KEYS);
            String name = c.string("name").trim();
            if (name.isEmpty()) {
                throw c.get("name").error("a class needs a name");
            }
            classes.add(new ColdRoomClass(name, c.get("belowC").asDecimal(), percent(c, "refundPercent", null)));
        }
        RefundRules refunds = refunds(cold);
        try {
            return new ColdRoomRules(classes, noHeat, refunds);
        } catch (IllegalArgumentException e) {
            throw cold.error(e.getMessage());
        }
    }

    /** {@code tariffs}, {@code exclusions} and {@code interruptions} of {@code coldRoom:}. */
    private static RefundRules refunds(ConfigNode cold) throws ConfigException {
        RefundRules d = RefundRules.defaults();
        Set<HouseholdTariff> tariffs = d.tariffs();
        if (cold.has("tariffs")) {
            tariffs = EnumSet.noneOf(HouseholdTariff.class);
            for (ConfigNode t : cold.list("tariffs")) {
                String text = t.asString().trim();
                tariffs.add(HouseholdTariff.byKey(text).orElseThrow(() -> t.error("unknown tariff \"" + text + "\""
                        + DidYouMean.hint(text, HouseholdTariff.keys()) + "; expected two-part or area")));
            }
        }
        boolean records = d.exclusionRecords();
        List<String> alarms = new ArrayList<>();
        List<RefundRules.StateMatch> states = new ArrayList<>();
        Optional<ConfigNode> exclusions = cold.opt("exclusions");
        if (exclusions.isPresent()) {
            ConfigNode x = exclusions.get();
            x.rejectUnknownKeys(EXCLUSION_KEYS);
            records = x.bool("records", records);
            for (ConfigNode kind : x.has("alarms") ? x.list("alarms") : List.<ConfigNode>of()) {
                String text = kind.asString().trim();
                if (!text.matches("[A-Za-z][A-Za-z0-9]{0,47}")) {
                    throw kind.error("an alarm kind is a word like valveTampered, got \"" + text + "\"");
                }
                alarms.add(text);
            }
            for (ConfigNode state : x.has("states") ? x.list("states") : List.<ConfigNode>of()) {
                state.rejectUnknownKeys(STATE_KEYS);
                String point = state.string("point").trim();
                if (point.isEmpty()) {
                    throw state.get("point").error("a point name is needed, e.g. status.valveFault");
                }
                states.add(new RefundRules.StateMatch(point, state.get("equals").asDecimal()));
            }
        }
        BigDecimal interruptionPercent = d.interruptionRefundPercent();
        Duration minimum = d.interruptionMinimum();
        Optional<ConfigNode> interruptions = cold.opt("interruptions");
        if (interruptions.isPresent()) {
            ConfigNode i = interruptions.get();
            i.rejectUnknownKeys(INTERRUPTION_KEYS);
            interruptionPercent = percent(i, "refundPercent", interruptionPercent);
            minimum = i.duration("minimumPerDay", minimum);
            if (minimum.isZero() || minimum.isNegative() || minimum.compareTo(Duration.ofDays(1)) > 0) {
                throw i.get("minimumPerDay").error("expected a duration from 1m up to 24h, got " + minimum);
            }
        }
        return new RefundRules(tariffs, records, alarms, states, interruptionPercent, minimum);
    }

    private static BigDecimal percent(ConfigNode parent, String key, BigDecimal fallback) throws ConfigException {
        Optional<ConfigNode> node = parent.opt(key);
        if (node.isEmpty()) {
            if (fallback == null) {
                throw parent.error("missing required field '" + key + "'");
            }
            return fallback;
        }
        BigDecimal value = node.get().asDecimal();
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw node.get().error("expected a percentage within 0–100, got " + value.toPlainString());
        }
        return value;
    }

    private static BigDecimal price(ConfigNode root, String key, boolean required, ProblemCollector problems) {
        return problems.read(() -> {
            Optional<ConfigNode> node = root.opt(key);
            if (node.isEmpty()) {
                if (required) {
                    throw root.error("missing required field '" + key + "'");
                }
                return null;
            }
            BigDecimal value = node.get().asDecimal();
            if (value.signum() < 0) {
                throw node.get().error("a price cannot be negative, got " + value.toPlainString());
            }
            return value;
        }).orElse(null);
    }
}
