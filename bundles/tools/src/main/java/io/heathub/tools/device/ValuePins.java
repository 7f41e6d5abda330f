package io.heathub.tools.device;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a simulated device must show instead of plausible ones ({@code --values FILE}): points by
 * name in their canonical unit (as the hub reports them; an {@code enum} label is also accepted),
 * bit points 0/1, and raw registers or bits as {@code TABLE:ADDRESS} with TABLE holding, input,
 * coil or discrete. A YAML file ({@code .yaml}/{@code .yml}) is a mapping; any other file has one
 * {@code key = value} per line, {@code #} starting a comment:
 *
 * <pre>
 * temp.supply: 71.5        # °C
 * pump.state: stopped
 * holding:0x3001: 0xFFFF
 * </pre>
 *
 * @param points    canonical values by point name (bit points included)
 * @param registers raw words (0..65535) or bits (0/1) by table and address
 */
public record ValuePins(Map<String, BigDecimal> points, Map<RegisterFunction, Map<Integer, Integer>> registers) {
    private static final Pattern REGISTER = Pattern.compile("(holding|input|coil|discrete):(0[xX][0-9A-Fa-f]+|[0-9]+)");
    private static final Pattern KEY_VALUE = Pattern.compile("\\s*([^=\\s]+)\\s*=\\s*(.*?)\\s*");

    /** No pins. */
    public static final ValuePins NONE = new ValuePins(Map.of(), Map.of());

    public ValuePins {
        points = Map.copyOf(points);
        Map<RegisterFunction, Map<Integer, Integer>> copy = new EnumMap<>(RegisterFunction.class);
        registers.forEach((table, values) -> copy.put(table, Map.copyOf(values)));
        registers = copy;
    }

    /** The pinned raw value of a register or bit, or null. */
    Integer register(RegisterFunction table, int address) {
        return registers.getOrDefault(table, Map.of()).get(address);
    }

    /**
     * Reads and checks {@code file} against {@code profile}.
     *
     * @throws ConfigException at the file, line and key of the first problem
     */
    public static ValuePins read(Path file, Profile profile) throws ConfigException {
        String name = file.toString();
        Map<String, BigDecimal> points = new LinkedHashMap<>();
        Map<RegisterFunction, Map<Integer, Integer>> registers = new EnumMap<>(RegisterFunction.class);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            ConfigNode root = ConfigNode.parse(file);
            if (!root.isMap()) {
                throw root.error("expected a mapping of point names or TABLE:ADDRESS to values");
            }
            for (Entry<String, ConfigNode> e : root.asMap().entrySet()) {
                ConfigNode value = e.getValue();
                if (!value.isScalar()) {
                    throw value.error("expected a single value");
                }
                pin(e.getKey(), value.asString(), profile, points, registers,
                        new Place(name, value.line(), e.getKey()));
            }
        } else {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(name, 0, 0, "", "cannot read: " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceFirst("\\s#.*$|^#.*$", "");
                if (line.isBlank()) {
                    continue;
                }
                Matcher m = KEY_VALUE.matcher(line);
                if (!m.matches()) {
                    throw new ConfigException(name, i + 1, 0, "", "expected key = value, got \"" + line.trim() + "\"");
                }
                if (points.containsKey(m.group(1)) || REGISTER.matcher(m.group(1)).matches()
                        && registerAlreadyPinned(m.group(1), registers)) {
                    throw new ConfigException(name, i + 1, 0, m.group(1), "given twice");
                }
                pin(m.group(1), m.group(2), profile, points, registers, new Place(name, i + 1, m.group(1)));
            }
        }
        return new ValuePins(points, registers);
    }

    /** Adds one pin; {@code at} carries the place for an error. */
    private static void pin(String key, String text, Profile profile, Map<String, BigDecimal> points,
                            Map<RegisterFunction, Map<Integer, Integer>> registers, Place at)
            throws ConfigException {
        Matcher register = REGISTER.matcher(key);
        if (register.matches()) {
            RegisterFunction table = RegisterFunction.valueOf(register.group(1).toUpperCase(Locale.ROOT));
            int address = Integer.decode(register.group(2));
            if (address > 0xFFFF) {
                throw at.error("address " + address + " is beyond 65535");
            }
            long raw = whole(text, at);
            long max = table.bits() ? 1 : 0xFFFF;
            if (raw < (table.bits() ? 0 : Short.MIN_VALUE) || raw > max) {
                throw at.error("expected " + (table.bits() ? "0 or 1" : "a register value 0..65535 (or -32768..-1)")
                        + ", got " + text);
            }
            registers.computeIfAbsent(table, t -> new TreeMap<>()).put(address, (int) (raw & 0xFFFF));
            return;
        }
        Map<String, PointDefinition> names = new LinkedHashMap<>(profile.byName());
        profile.readableNames().forEach(names::putIfAbsent);
        PointDefinition p = names.get(key);
        if (p == null) {
            throw at.error("no point '" + key + "' in profile " + profile.name() + " (" + profile.file()
                    + "); its points: " + String.join(", ", names.keySet()) + "; or give a register as holding:ADDRESS");
        }
        boolean bitPoint = !p.name().equals(key);
        BigDecimal value = number(text, p);
        if (value == null) {
            throw at.error("expected a number" + (p.states().isEmpty() ? "" : " or one of " + p.describeStates())
                    + ", got \"" + text + "\"");
        }
        if ((bitPoint || p.type() == DataType.BOOL) && value.compareTo(BigDecimal.ZERO) != 0
                && value.compareTo(BigDecimal.ONE) != 0) {
            throw at.error(key + " is a single bit: give 0 or 1, not " + text);
        }
        if (!bitPoint) {
            try {
                p.encode(value);
            } catch (ArithmeticException e) {
                throw at.error(value.toPlainString() + " does not fit " + p.span() + " (" + p.type().key()
                        + ", scale " + p.scale().toPlainString() + "): " + e.getMessage());
            }
        }
        points.put(key, value);
    }

    private static BigDecimal number(String text, PointDefinition p) {
        for (Entry<Long, String> state : p.states().entrySet()) {
            if (state.getValue().equalsIgnoreCase(text.trim())) {
                return BigDecimal.valueOf(state.getKey());
            }
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long whole(String text, Place at) throws ConfigException {
        try {
            String t = text.trim();
            boolean negative = t.startsWith("-");
            long value = Long.decode(negative ? t.substring(1) : t);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw at.error("expected a whole number (decimal or 0x hex), got \"" + text + "\"");
        }
    }

    private static boolean registerAlreadyPinned(String key, Map<RegisterFunction, Map<Integer, Integer>> registers) {
        Matcher m = REGISTER.matcher(key);
        return m.matches() && registers.getOrDefault(RegisterFunction.valueOf(m.group(1).toUpperCase(Locale.ROOT)),
                Map.of()).containsKey(Integer.decode(m.group(2)));
    }

    /** Where a pin was given: {@code file:line: key}. */
    private record Place(String file, int line, String key) {
        ConfigException error(String problem) {
            return new ConfigException(file, line, 0, key, problem);
        }
    }
}
