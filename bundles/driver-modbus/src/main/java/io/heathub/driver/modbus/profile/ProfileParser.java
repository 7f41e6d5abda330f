package io.heathub.driver.modbus.profile;

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
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads and checks a profile file; every problem is a {@link ConfigException} naming file:line:column: field. */
public final class ProfileParser {
    private static final List<String> TOP_LEVEL = List.of("name", "description", "settings", "defaults", "maxGap",
            "maxBitGap", "maxReadRegisters", "maxReadBits", "points");
    private static final List<String> SETTING_FIELDS = List.of("default", "min", "max", "description");
    private static final java.util.regex.Pattern SETTING_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final List<String> DEFAULTS = List.of("type", "function", "wordOrder", "byteOrder", "scale",
            "offset", "unit");
    private static final List<String> POINT_FIELDS = List.of("point", "description", "address", "type", "function",
            "wordOrder", "byteOrder", "scale", "offset", "unit", "writable", "min", "max", "enum", "bits", "write",
            "writeOnly");

    /** How a writable point is written: the single-item function codes or the multiple-item ones. */
    private enum WriteMode { SINGLE, MULTIPLE }

    private ProfileParser() {
    }

    /** The profile in {@code file} with its settings (if it declares any) at their defaults. */
    public static Profile parse(Path file) throws ConfigException {
        return template(file).defaults();
    }

    /** The profile in {@code yaml} ({@code name} for messages) with its settings at their defaults. */
    public static Profile parse(String name, String yaml) throws ConfigException {
        return template(name, yaml).defaults();
    }

    /** The profile in {@code file}, to be resolved per device ({@link ProfileTemplate#resolve}). */
    public static ProfileTemplate template(Path file) throws ConfigException {
        return parse(ConfigNode.parse(file), null);
    }

    /** The profile in {@code yaml} ({@code name} for messages), to be resolved per device. */
    public static ProfileTemplate template(String name, String yaml) throws ConfigException {
        return parse(ConfigNode.parse(name, yaml), null);
    }

    /** Parses with these setting values, or with the declared defaults when {@code values} is null. */
    static ProfileTemplate parse(ConfigNode root, Map<String, BigDecimal> values) throws ConfigException {
        root.rejectUnknownKeys(TOP_LEVEL);
        List<ProfileSetting> settings = settings(root);
        Map<String, BigDecimal> used = new java.util.LinkedHashMap<>();
        settings.forEach(s -> used.put(s.name(), values == null ? s.defaultValue() : values.get(s.name())));
        String name = root.string("name");
        String description = root.string("description", "");
        ReadLimits limits = new ReadLimits(
                bounded(root, "maxGap", ReadLimits.DEFAULT.maxGap(), 0, RegisterFunction.MAX_REGISTERS_PER_READ, "registers"),
                bounded(root, "maxBitGap", ReadLimits.DEFAULT.maxBitGap(), 0, RegisterFunction.MAX_BITS_PER_READ, "bits"),
                bounded(root, "maxReadRegisters", ReadLimits.DEFAULT.maxRegisters(), 1,
                        RegisterFunction.MAX_REGISTERS_PER_READ, "registers"),
                bounded(root, "maxReadBits", ReadLimits.DEFAULT.maxBits(), 1, RegisterFunction.MAX_BITS_PER_READ, "bits"));
        Optional<ConfigNode> defaults = root.opt("defaults");
        if (defaults.isPresent()) {
            defaults.get().rejectUnknownKeys(DEFAULTS);
        }
        List<ConfigNode> items = root.get("points").asList();
        if (items.isEmpty()) {
            throw root.get("points").error("a profile needs at least one point");
        }
        List<PointDefinition> points = new ArrayList<>();
        Map<String, String> names = new HashMap<>(); // every reading name → where it is defined
        for (ConfigNode item : items) {
            PointDefinition point = point(item, defaults, used);
            if (point.registers() > limits.count(point.function())) {
                // a value is read in one request: one wider than the device's request limit could never be read
                throw item.error("'" + point.name() + "' is a " + point.type().key() + " of " + point.registers()
                        + " registers, more than maxReadRegisters (" + limits.count(point.function())
                        + ") allows in one request");
            }
            String same = names.put(point.name(), point.origin());
            if (same != null) {
                throw item.get("point").error("duplicate point '" + point.name() + "', first defined at " + same);
            }
            for (String bitName : point.bits().values()) {
                String clash = names.put(bitName, point.origin());
                if (clash != null) {
                    throw item.get("bits").error("bit point '" + bitName + "' clashes with a point defined at " + clash);
                }
            }
            for (PointDefinition other : points) {
                if (other.function() == point.function() && other.address() < point.end() && point.address() < other.end()) {
                    throw item.get("address").error((point.function().bits() ? "" : "registers ") + point.span()
                            + " overlap point '" + other.name() + "' at " + other.span() + " (" + other.origin() + ")");
                }
            }
            points.add(point);
        }
        return new ProfileTemplate(root, settings, new Profile(name, description, root.file(), limits, points));
    }

    /** {@code settings: {maxFrequency: {default: 50, min: 1, max: 600, description: ...}}}. */
    private static List<ProfileSetting> settings(ConfigNode root) throws ConfigException {
        List<ProfileSetting> out = new ArrayList<>();
        Optional<ConfigNode> node = root.opt("settings");
        if (node.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : node.get().asMap().entrySet()) {
            ConfigNode n = e.getValue();
            if (!SETTING_NAME.matcher(e.getKey()).matches()) {
                throw n.error("expected a setting name like maxFrequency (letters, digits, '_'), got \"" + e.getKey() + "\"");
            }
            n.rejectUnknownKeys(SETTING_FIELDS);
            BigDecimal fallback = n.get("default").asDecimal();
            BigDecimal min = n.get("min").asDecimal();
            BigDecimal max = n.get("max").asDecimal();
            if (min.compareTo(max) > 0 || fallback.compareTo(min) < 0 || fallback.compareTo(max) > 0) {
                throw n.error("needs min <= default <= max, got min " + min.toPlainString() + ", default "
                        + fallback.toPlainString() + ", max " + max.toPlainString());
            }
            out.add(new ProfileSetting(e.getKey(), fallback, min, max, n.string("description", ""), n.origin()));
        }
        return out;
    }

    private static int bounded(ConfigNode root, String key, int fallback, int min, int max, String what)
            throws ConfigException {
        int value = root.integer(key, fallback);
        if (value < min || value > max) {
            throw root.get(key).error("expected " + min + ".." + max + " " + what + ", got " + value);
        }
        return value;
    }

    private static PointDefinition point(ConfigNode item, Optional<ConfigNode> defaults, Map<String, BigDecimal> settings)
            throws ConfigException {
        item.rejectUnknownKeys(POINT_FIELDS);
        ConfigNode nameNode = item.get("point");
        String name = nameNode.asString().trim();
        if (!validName(name)) {
            throw nameNode.error("expected a point name like temp.supply, got \"" + name + "\"");
        }
        item.string("description", "");
        RegisterFunction function = enumField(item, defaults, "function", RegisterFunction.class, RegisterFunction.HOLDING);
        DataType type = type(item, defaults, function);
        ConfigNode addressNode = item.get("address");
        int address = addressNode.asInt();
        if (address < 0 || address + type.registers() - 1 > 0xFFFF) {
            throw addressNode.error("expected a 0-based " + (function.bits() ? "bit" : "register") + " address 0..65535"
                    + (type.registers() > 1 ? " (the whole " + type.key() + " must fit)" : "") + ", got " + address);
        }
        WordOrder wordOrder = enumField(item, defaults, "wordOrder", WordOrder.class, WordOrder.BIG);
        ByteOrder byteOrder = enumField(item, defaults, "byteOrder", ByteOrder.class, ByteOrder.BIG);
        if (type == DataType.BOOL) {
            for (String meaningless : List.of("scale", "offset", "unit", "wordOrder", "byteOrder", "bits")) {
                if (item.has(meaningless)) {
                    throw item.get(meaningless).error("'" + name + "' is a single bit (0 or 1): " + meaningless
                            + " does not apply");
                }
            }
        }
        BigDecimal scale = type == DataType.BOOL ? BigDecimal.ONE
                : decimalField(item, defaults, "scale", BigDecimal.ONE, settings);
        if (scale.signum() == 0) {
            throw field(item, defaults, "scale").orElseThrow().error("scale must not be 0");
        }
        BigDecimal offset = type == DataType.BOOL ? BigDecimal.ZERO
                : decimalField(item, defaults, "offset", BigDecimal.ZERO, settings);
        SourceUnit unit = type == DataType.BOOL ? SourceUnit.NONE : unit(item, defaults);
        TreeMap<Long, String> states = states(item, type);
        TreeMap<Integer, String> bits = bits(item, type, name);

        boolean writable = item.bool("writable", false);
        BigDecimal min = item.has("min") ? SettingExpression.value(item.get("min"), settings) : null;
        BigDecimal max = item.has("max") ? SettingExpression.value(item.get("max"), settings) : null;
        boolean multiple = false;
        boolean writeOnly = item.bool("writeOnly", false);
        if (writable) {
            if (!function.writable()) {
                throw item.get("writable").error("only holding registers and coils can be written; '" + name
                        + "' is in " + function.label());
            }
            boolean limitedByStates = !states.isEmpty() || type == DataType.BOOL;
            if (!limitedByStates && (min == null || max == null)) {
                throw item.get("writable").error("writable point '" + name + "' needs both 'min' and 'max' limits"
                        + " (in the canonical unit \"" + unit.canonical().symbol() + "\") or an 'enum' of the values"
                        + " it accepts");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw item.get("min").error("min " + min.toPlainString() + " is above max " + max.toPlainString());
            }
            if ((min == null) != (max == null)) {
                String given = min == null ? "max" : "min";
                throw item.get(given).error("give both 'min' and 'max', or neither when 'enum' lists the accepted values");
            }
            if (item.has("write")) {
                multiple = item.get("write").asEnum(WriteMode.class) == WriteMode.MULTIPLE;
            }
        } else {
            for (String writeOnlyField : List.of("min", "max", "write", "writeOnly")) {
                if (item.has(writeOnlyField) && !(writeOnlyField.equals("writeOnly") && !writeOnly)) {
                    throw item.get(writeOnlyField).error(writeOnlyField + " only applies to writable points: add"
                            + " 'writable: true' or remove it");
                }
            }
        }
        return new PointDefinition(name, address, type, function, wordOrder, byteOrder, scale, offset, unit, writable,
                min, max, states, bits, multiple, writeOnly, item.origin());
    }

    private static DataType type(ConfigNode item, Optional<ConfigNode> defaults, RegisterFunction function)
            throws ConfigException {
        if (function.bits()) {
            Optional<ConfigNode> own = item.opt("type");
            if (own.isPresent() && own.get().asEnum(DataType.class) != DataType.BOOL) {
                throw own.get().error(function.label() + " hold single bits: type must be bool (or left out), got "
                        + own.get().asString());
            }
            return DataType.BOOL;
        }
        ConfigNode node = field(item, defaults, "type")
                .orElseThrow(() -> item.error("missing required field 'type'"));
        DataType type = node.asEnum(DataType.class);
        if (type == DataType.BOOL) {
            throw node.error("type bool needs function coil or discrete; to name single bits of a register use"
                    + " an integer type with 'bits'");
        }
        return type;
    }

    private static SourceUnit unit(ConfigNode item, Optional<ConfigNode> defaults) throws ConfigException {
        Optional<ConfigNode> node = field(item, defaults, "unit");
        if (node.isEmpty()) {
            return SourceUnit.NONE;
        }
        String symbol = node.get().asString();
        return SourceUnit.bySymbol(symbol).orElseThrow(() -> node.get().error("unknown unit \"" + symbol
                + "\"; known: " + Arrays.stream(SourceUnit.values()).map(SourceUnit::symbol)
                .filter(s -> !s.isEmpty()).collect(Collectors.joining(", "))));
    }

    /** {@code enum: {0: stopped, 1: running}}: documented values of a status or command word. */
    private static TreeMap<Long, String> states(ConfigNode item, DataType type) throws ConfigException {
        TreeMap<Long, String> states = new TreeMap<>();
        Optional<ConfigNode> node = item.opt("enum");
        if (node.isEmpty()) {
            return states;
        }
        if (type.floating()) {
            throw node.get().error("enum lists whole-number states; a " + type.key() + " has none");
        }
        Map<String, ConfigNode> entries = node.get().asMap();
        if (entries.isEmpty()) {
            throw node.get().error("enum is empty: list value: label pairs, e.g. {0: stopped, 1: running}");
        }
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            long value;
            try {
                value = Long.decode(e.getKey().trim());
            } catch (NumberFormatException notWhole) {
                throw e.getValue().error("enum values are whole numbers (the point's value), got '" + e.getKey() + "'");
            }
            String label = e.getValue().asString().trim();
            if (label.isEmpty()) {
                throw e.getValue().error("empty label for state " + value);
            }
            if (states.put(value, label) != null) {
                throw e.getValue().error("state " + value + " is listed twice");
            }
        }
        return states;
    }

    /** {@code bits: {0: running, 1: fault}}: one boolean point per bit, named {@code <point>.<label>}. */
    private static TreeMap<Integer, String> bits(ConfigNode item, DataType type, String name) throws ConfigException {
        TreeMap<Integer, String> bits = new TreeMap<>();
        Optional<ConfigNode> node = item.opt("bits");
        if (node.isEmpty()) {
            return bits;
        }
        if (!type.integer()) {
            throw node.get().error("bits need an integer type (int16, uint16, int32, uint32), not " + type.key());
        }
        int width = 16 * type.registers();
        Map<String, ConfigNode> entries = node.get().asMap();
        if (entries.isEmpty()) {
            throw node.get().error("bits is empty: list bit: name pairs, e.g. {0: running, 1: fault}");
        }
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            int bit;
            try {
                bit = Integer.decode(e.getKey().trim());
            } catch (NumberFormatException notWhole) {
                bit = -1;
            }
            if (bit < 0 || bit >= width) {
                throw e.getValue().error("expected a bit number 0.." + (width - 1) + " (0 = least significant) of the "
                        + type.key() + ", got '" + e.getKey() + "'");
            }
            String label = e.getValue().asString().trim();
            if (!validName(label)) {
                throw e.getValue().error("expected a name part like running or fault, got \"" + label + "\"");
            }
            String bitName = name + "." + label;
            if (bits.containsValue(bitName)) {
                throw e.getValue().error("bit name '" + label + "' is used twice");
            }
            bits.put(bit, bitName);
        }
        return bits;
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && name.chars().noneMatch(Character::isWhitespace);
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
                                           BigDecimal fallback, Map<String, BigDecimal> settings) throws ConfigException {
        Optional<ConfigNode> node = field(item, defaults, key);
        return node.isPresent() ? SettingExpression.value(node.get(), settings) : fallback;
    }
}
