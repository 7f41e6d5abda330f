package io.heathub.drivertest;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The point names a driver may produce and the canonical unit each one is in: the constants of
 * {@link Points}, {@code status.*} flags, the storage/tariff/subunit suffixes of a known point
 * ({@code heat.energy.dueDay}, {@code volume.storage2}, {@code heat.energy.tariff1}) and the
 * driver's own declared names.
 */
final class PointVocabulary {
    private static final Pattern SUFFIX = Pattern.compile("\\.(dueDay|storage[0-9]+|tariff[0-9]+|subunit[0-9]+)$");
    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry(Points.HEAT_ENERGY, Unit.KWH), Map.entry(Points.HEAT_POWER, Unit.KW),
            Map.entry(Points.VOLUME, Unit.CUBIC_METRE), Map.entry(Points.FLOW, Unit.CUBIC_METRE_PER_HOUR),
            Map.entry(Points.TEMP_SUPPLY, Unit.CELSIUS), Map.entry(Points.TEMP_RETURN, Unit.CELSIUS),
            Map.entry(Points.TEMP_ROOM, Unit.CELSIUS), Map.entry(Points.TEMP_OUTDOOR, Unit.CELSIUS),
            Map.entry(Points.PRESSURE_SUPPLY, Unit.KPA), Map.entry(Points.PRESSURE_RETURN, Unit.KPA),
            Map.entry(Points.SETPOINT_ROOM, Unit.CELSIUS), Map.entry(Points.SETPOINT_SUPPLY, Unit.CELSIUS),
            Map.entry(Points.VALVE_OPENING, Unit.PERCENT), Map.entry(Points.VALVE_STATE, Unit.NONE),
            Map.entry(Points.PUMP_FREQUENCY, Unit.HERTZ), Map.entry(Points.HOURS, Unit.HOUR),
            Map.entry(Points.ELECTRIC_ENERGY, Unit.KWH));

    private final Map<String, Unit> extra;
    private final Map<String, String> known = apiPoints();

    PointVocabulary(Map<String, Unit> extra) {
        this.extra = Map.copyOf(extra);
    }

    /**
     * Why {@code point} in {@code unit} is not acceptable, or empty when it is.
     */
    Optional<String> problem(String point, Unit unit) {
        if (point.startsWith("bus.")) {
            return Optional.of("point " + point + ": bus.* points are the hub's line statistics (device \"bus:<id>\"),"
                    + " not a device's");
        }
        if (point.startsWith("status.") && point.length() > "status.".length()) {
            return unit == Unit.NONE ? Optional.empty()
                    : Optional.of("point " + point + " is a status flag: its unit is none (Unit.NONE), not " + unit);
        }
        String base = point;
        while (SUFFIX.matcher(base).find()) {
            base = SUFFIX.matcher(base).replaceFirst("");
        }
        Unit required = extra.containsKey(point) ? extra.get(point) : extra.get(base);
        if (required == null && !known.containsValue(base)) {
            return Optional.of("point \"" + point + "\" is not a name of io.heathub.api.Points"
                    + (base.equals(point) ? "" : " (nor a suffixed one: " + base + " is not one)")
                    + nearest(point) + "; a name of the driver's own must be declared with"
                    + " ConformanceSpec.extraPoint(\"" + point + "\", Unit.…) and listed in its README");
        }
        if (required == null) {
            required = UNITS.get(base);
        }
        if (required != null && required != unit) {
            return Optional.of("point " + point + " is in " + describe(required) + ", not " + describe(unit)
                    + " (convert with io.heathub.api.SourceUnit)");
        }
        return Optional.empty();
    }

    private String nearest(String point) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known.values()) {
            int d = LevenshteinDistance.getDefaultInstance().apply(point, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best != null && bestDistance <= 3 ? "; did you mean " + best + "?" : "";
    }

    private static String describe(Unit unit) {
        return unit == Unit.NONE ? "no unit (Unit.NONE)" : unit.symbol() + " (Unit." + unit.name() + ")";
    }

    /** Constant name → point name, from {@link Points} itself so that new names count at once. */
    private static Map<String, String> apiPoints() {
        Map<String, String> names = new TreeMap<>();
        for (Field f : Points.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String name = (String) f.get(null);
                    if (!name.startsWith("bus.")) {
                        names.put(f.getName(), name);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
