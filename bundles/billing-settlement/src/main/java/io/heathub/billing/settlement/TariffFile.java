package io.heathub.billing.settlement;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * </pre>
 */
public final class TariffFile {
    private static final List<String> KEYS = List.of("areaPricePerM2", "basePricePerM2", "energyPricePerKWh",
            "chargeCapPerM2", "policy", "coldRoom");
    private static final List<String> COLD_ROOM_KEYS = List.of("classes", "noHeatRefundPercent");
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
        if (!root.isMap()) {
            throw new InvalidInputException(List.of(root.error("expected a mapping of tariff keys ("
                    + String.join(", ", KEYS) + ")").getMessage()));
        }
        List<String> problems = new ArrayList<>();
        try {
            root.rejectUnknownKeys(KEYS);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        BigDecimal area = price(root, "areaPricePerM2", true, problems);
        BigDecimal base = price(root, "basePricePerM2", true, problems);
        BigDecimal energy = price(root, "energyPricePerKWh", true, problems);
        BigDecimal cap = price(root, "chargeCapPerM2", false, problems);
        SettlementPolicy policy = SettlementPolicy.REFUND_AND_CHARGE;
        try {
            Optional<ConfigNode> node = root.opt("policy");
            if (node.isPresent()) {
                String text = node.get().asString().trim();
                Optional<SettlementPolicy> known = SettlementPolicy.byKey(text);
                if (known.isEmpty()) {
                    throw node.get().error("unknown policy \"" + text + "\"; expected refundAndCharge or refundOnly");
                }
                policy = known.get();
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        ColdRoomRules coldRoom = coldRoom(root, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Tariff(area, base, energy, cap, policy, coldRoom);
    }

    private static ColdRoomRules coldRoom(ConfigNode root, List<String> problems) {
        try {
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
            try {
                return new ColdRoomRules(classes, noHeat);
            } catch (IllegalArgumentException e) {
                throw cold.error(e.getMessage());
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return null;
        }
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

    private static BigDecimal price(ConfigNode root, String key, boolean required, List<String> problems) {
        try {
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
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
