package io.heathub.tools.device;

import io.heathub.api.Unit;
import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

/**
 * What a point of a simulated device shows when nothing pins it: a value a real substation would
 * plausibly report, in the point's canonical unit. Ranges come from the point's limits when it has
 * them, else from its unit and name (a supply temperature is not a room temperature), and are
 * always cut to what the register type can hold.
 */
final class Plausible {
    /** How a value behaves over time. */
    enum Kind {
        /** Wanders slowly around the middle of its range (temperatures, pressures, flows). */
        LEVEL,
        /** Only grows (energy, volume, operating hours). */
        COUNTER,
        /** Stays put (states, status words, writable setpoints until written). */
        CONSTANT
    }

    /**
     * A value range in the canonical unit.
     *
     * @param low  lowest value (for a counter: its start)
     * @param high highest value (for a counter: what it gains per hour)
     */
    record Range(double low, double high, Kind kind) {
        double middle() {
            return (low + high) / 2;
        }
    }

    private Plausible() {
    }

    /** The signal a point shows: its range and kind, its own period and phase from {@code random}. */
    static Signal signal(PointDefinition p, Random random) {
        Range range = range(p);
        return switch (range.kind()) {
            case CONSTANT -> Signal.constant(range.middle());
            case COUNTER -> Signal.counter(range.low() * (0.8 + 0.4 * random.nextDouble()),
                    range.high() * (0.7 + 0.6 * random.nextDouble()));
            case LEVEL -> Signal.level(range.low(), range.high(), 600 + 1200 * random.nextDouble(),
                    2 * Math.PI * random.nextDouble());
        };
    }

    /** The range of {@code p}, already cut to what its type can hold. */
    static Range range(PointDefinition p) {
        Range typical = typical(p);
        double[] holdable = holdable(p);
        if (p.writable() && p.min() != null) {
            holdable[0] = Math.max(holdable[0], p.min().doubleValue());
            holdable[1] = Math.min(holdable[1], p.max().doubleValue());
        }
        if (typical.kind() == Kind.COUNTER) {
            return new Range(clamp(typical.low(), holdable), typical.high(), Kind.COUNTER);
        }
        double low = Math.max(typical.low(), holdable[0]);
        double high = Math.min(typical.high(), holdable[1]);
        if (low > high) { // the type (or the limits) cannot hold the typical range: its nearest end
            low = clamp(typical.low(), holdable);
            high = clamp(typical.high(), holdable);
        }
        Kind kind = p.writable() || p.type() == DataType.BOOL ? Kind.CONSTANT : typical.kind();
        return new Range(low, high, kind);
    }

    private static Range typical(PointDefinition p) {
        String name = p.name();
        if (!p.states().isEmpty()) {
            double state = StateWords.pick(p.states());
            return new Range(state, state, Kind.CONSTANT);
        }
        if (!p.bits().isEmpty()) {
            return new Range(0, 0, Kind.CONSTANT); // the word is made from its bits
        }
        Unit unit = p.unit().canonical();
        return switch (unit) {
            case CELSIUS -> name.contains("outdoor") ? level(-10, 5)
                    : name.contains("return") ? level(40, 50)
                    : name.contains("room") ? level(19.5, 22.5)
                    : name.contains("supply") || name.contains("flow") ? level(60, 75) : level(20, 60);
            case KPA -> name.contains("return") ? level(200, 350) : name.contains("supply") ? level(400, 600)
                    : level(100, 600);
            case PERCENT -> level(20, 80);
            case HERTZ -> level(35, 50);
            case CUBIC_METRE_PER_HOUR -> level(2, 20);
            case KW -> name.startsWith("electric") ? level(1, 15) : level(20, 200);
            case KWH -> new Range(20_000, 50, Kind.COUNTER);
            case CUBIC_METRE -> new Range(3_000, 1, Kind.COUNTER);
            case HOUR -> new Range(8_000, 1, Kind.COUNTER);
            case VOLT -> level(220, 235);
            case AMPERE -> level(2, 20);
            case NONE -> p.type() == DataType.BOOL || name.startsWith("status.") || name.endsWith(".state")
                    ? constant(StateWords.normally(name)) : level(0, 10);
        };
    }

    private static Range level(double low, double high) {
        return new Range(low, high, Kind.LEVEL);
    }

    private static Range constant(double value) {
        return new Range(value, value, Kind.CONSTANT);
    }

    /** The canonical values the point's type can hold: raw limits × scale + offset, converted. */
    static double[] holdable(PointDefinition p) {
        double[] raw = switch (p.type()) {
            case BOOL -> new double[] {0, 1};
            case INT16 -> new double[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case UINT16 -> new double[] {0, 0xFFFF};
            case INT32 -> new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case UINT32 -> new double[] {0, 0xFFFF_FFFFL};
            case BCD16 -> new double[] {0, 9_999};
            case BCD32 -> new double[] {0, 99_999_999};
            case FLOAT32, FLOAT64 -> new double[] {-1e9, 1e9};
        };
        double a = canonical(p, raw[0]);
        double b = canonical(p, raw[1]);
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    private static double canonical(PointDefinition p, double raw) {
        BigDecimal value = new BigDecimal(raw, MathContext.DECIMAL64).multiply(p.scale()).add(p.offset());
        return p.unit().toCanonical(value).doubleValue();
    }

    private static double clamp(double value, double[] bounds) {
        return Math.max(bounds[0], Math.min(bounds[1], value));
    }
}
