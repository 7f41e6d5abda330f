package io.heathub.driver.modbus;

import io.heathub.api.SourceUnit;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and checks a profile file; every problem is a {@link ConfigException} naming file:line:field. */
final class ProfileParser {
    static final int DEFAULT_MAX_GAP = 8;
    static final int MAX_REGISTERS_PER_READ = 125;
    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "defaults", "maxGap", "points");
    private static final Set<String> DEFAULTS = Set.of("type", "function", "wordOrder", "scale", "offset", "unit");
    private static final List<String> POINT_FIELDS = List.of("point", "address", "type", "function", "wordOrder",
            "scale", "offset", "unit", "writable", "min", "max");

    private ProfileParser() {
    }

    static Profile parse(Path file) throws ConfigException {
        return parse(ConfigNode.parse(file));
    }

    static Profile parse(String name, String yaml) throws ConfigException {
        return parse(ConfigNode.parse(name, yaml));
    }

    private static Profile parse(ConfigNode root) throws ConfigException {
        root.rejectUnknownKeys(sorted(TOP_LEVEL));
        String name = root.string("name");
        String description = root.string("description", "");
        int maxGap = root.integer("maxGap", DEFAULT_MAX_GAP);
        if (maxGap < 0 || maxGap > MAX_REGISTERS_PER_READ) {
            throw root.get("maxGap").error("expected 0.." + MAX_REGISTERS_PER_READ + " registers, got " + maxGap);
        }
        Optional<ConfigNode> defaults = root.opt("defaults");
        if (defaults.isPresent()) {
            defaults.get().rejectUnknownKeys(sorted(DEFAULTS));
        }
        List<ConfigNode> items = root.get("points").asList();
        if (items.isEmpty()) {
            throw root.get("points").error("a profile needs at least one point");
        }
        List<PointDefinition> points = new ArrayList<>();
        Map<String, PointDefinition> byName = new HashMap<>();
        for (ConfigNode item : items) {
            PointDefinition point = point(item, defaults);
            PointDefinition same = byName.put(point.name(), point);
            if (same != null) {
                throw item.get("point").error("duplicate point '" + point.name() + "', first defined at " + same.origin());
            }
            for (PointDefinition other : points) {
                if (other.function() == point.function() && other.address() < point.end() && point.address() < other.end()) {
                    throw item.get("address").error("registers " + point.span() + " overlap point '" + other.name()
                            + "' at " + other.span() + " (" + other.origin() + ")");
                }
            }
            points.add(point);
        }
        return new Profile(name, description, root.file(), maxGap, points);
    }

    private static PointDefinition point(ConfigNode item, Optional<ConfigNode> defaults) throws ConfigException {
        item.rejectUnknownKeys(POINT_FIELDS);
        ConfigNode nameNode = item.get("point");
        String name = nameNode.asString().trim();
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw nameNode.error("expected a point name like temp.supply, got \"" + name + "\"");
        }
        ConfigNode addressNode = item.get("address");
        int address = addressNode.asInt();
        DataType type = field(item, defaults, "type").orElseThrow(() -> item.error("missing required field 'type'"))
                .asEnum(DataType.class);
        if (address < 0 || address + type.registers() - 1 > 0xFFFF) {
            throw addressNode.error("expected a 0-based register address 0..65535 (the whole " + type.name().toLowerCase()
                    + " must fit), got " + address);
        }
        RegisterFunction function = enumField(item, defaults, "function", RegisterFunction.class, RegisterFunction.HOLDING);
        WordOrder wordOrder = enumField(item, defaults, "wordOrder", WordOrder.class, WordOrder.BIG);
        BigDecimal scale = decimalField(item, defaults, "scale", BigDecimal.ONE);
        if (scale.signum() == 0) {
            throw field(item, defaults, "scale").orElseThrow().error("scale must not be 0");
        }
        BigDecimal offset = decimalField(item, defaults, "offset", BigDecimal.ZERO);
        SourceUnit unit = SourceUnit.NONE;
        Optional<ConfigNode> unitNode = field(item, defaults, "unit");
        if (unitNode.isPresent()) {
            String symbol = unitNode.get().asString();
            unit = SourceUnit.bySymbol(symbol).orElseThrow(() -> unitNode.get().error("unknown unit \"" + symbol
                    + "\"; known: " + Arrays.stream(SourceUnit.values()).map(SourceUnit::symbol)
                    .filter(s -> !s.isEmpty()).collect(Collectors.joining(", "))));
        }
        boolean writable = item.bool("writable", false);
        BigDecimal min = item.opt("min").isPresent() ? item.get("min").asDecimal() : null;
        BigDecimal max = item.opt("max").isPresent() ? item.get("max").asDecimal() : null;
        if (writable) {
            if (function != RegisterFunction.HOLDING) {
                throw item.get("writable").error("only holding registers can be written; '" + name + "' is in "
                        + function.label());
            }
            if (min == null || max == null) {
                throw item.get("writable").error("writable point '" + name + "' needs both 'min' and 'max' limits"
                        + " (in the canonical unit " + quoted(unit) + ")");
            }
            if (min.compareTo(max) > 0) {
                throw item.get("min").error("min " + min.toPlainString() + " is above max " + max.toPlainString());
            }
        }
        return new PointDefinition(name, address, type, function, wordOrder, scale, offset, unit, writable, min, max,
                item.origin());
    }

    private static String quoted(SourceUnit unit) {
        return "\"" + unit.canonical().symbol() + "\"";
    }

    /** The point's own field, else the profile default. */
    private static Optional<ConfigNode> field(ConfigNode item, Optional<ConfigNode> defaults, String key)
            throws ConfigException {
        Optional<ConfigNode> own = item.opt(key);
        if (own.isPresent() || defaults.isEmpty()) {
            return own;
        }
        return defaults.get().opt(key);
    }

    private static <E extends Enum<E>> E enumField(ConfigNode item, Optional<ConfigNode> defaults, String key,
                                                   Class<E> type, E fallback) throws ConfigException {
        Optional<ConfigNode> node = field(item, defaults, key);
        return node.isPresent() ? node.get().asEnum(type) : fallback;
    }

    private static BigDecimal decimalField(ConfigNode item, Optional<ConfigNode> defaults, String key,
                                           BigDecimal fallback) throws ConfigException {
        Optional<ConfigNode> node = field(item, defaults, key);
        return node.isPresent() ? node.get().asDecimal() : fallback;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
