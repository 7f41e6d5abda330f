package io.heathub.tools.device;

import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.RegisterFunction;
import io.heathub.simulator.modbus.ModbusUnit;
import io.heathub.simulator.modbus.RegisterAccessException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Modbus unit whose tables are a profile's points: what the hub's driver reads from a real
 * device of that type. Each point shows a plausible value ({@link Plausible}) that moves slowly,
 * or the value pinned for it; writable points keep what was written and read it back.
 *
 * <ul>
 * <li>A read must lie between the first and the last readable register of its table (the unused
 * registers between points read 0, as the driver's merged reads expect) and touch a point or a
 * pinned register; anything else, and any write-only register, is exception 02.</li>
 * <li>A write must cover only writable points (else 02); the value a point would then hold is
 * decoded and checked against its limits, its documented states, or 0/1 for bits (else 03).
 * One request is applied all or nothing; writing one word of a two-word value keeps the other.</li>
 * </ul>
 */
public final class ProfileDevice implements ModbusUnit {
    private final Profile profile;
    private final InstantSource clock;
    private final Instant start;
    private final ValuePins pins;
    private final Map<Table, List<PointDefinition>> points = new EnumMap<>(Table.class);
    private final Map<PointDefinition, Signal> signals = new HashMap<>();
    /** Raw words of writable points: what was last written, read back exactly. */
    private final Map<PointDefinition, int[]> held = new HashMap<>();

    /**
     * @param seed makes the values of two simulated devices of one profile differ, reproducibly
     * @throws IllegalArgumentException when a pinned value does not fit its point
     */
    public ProfileDevice(Profile profile, ValuePins pins, long seed, InstantSource clock) {
        this.profile = profile;
        this.pins = pins;
        this.clock = clock;
        this.start = clock.instant();
        for (Table table : Table.values()) {
            points.put(table, new ArrayList<>());
        }
        for (PointDefinition p : profile.points()) {
            points.get(table(p.function())).add(p);
            Random random = new Random(seed * 31 + p.name().hashCode());
            BigDecimal pinned = pins.points().get(p.name());
            Signal signal = pinned != null ? Signal.constant(pinned.doubleValue()) : Plausible.signal(p, random);
            signals.put(p, signal);
            if (p.writable()) {
                held.put(p, words(p, signal.at(0)));
            }
        }
        points.values().forEach(list -> list.sort(Comparator.comparingInt(PointDefinition::address)));
    }

    /** Creates a device with no pins, for profiles as they are. */
    public static ProfileDevice of(Profile profile, long seed, InstantSource clock) {
        return new ProfileDevice(profile, ValuePins.NONE, seed, clock);
    }

    /** The profile served. */
    public Profile profile() {
        return profile;
    }

    /** Each point's current value in its canonical unit, in profile order (what a poll should read). */
    public synchronized Map<String, BigDecimal> values() {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (PointDefinition p : profile.points()) {
            int[] words = wordsNow(p);
            try {
                out.put(p.name(), p.decode(words, p.address()));
            } catch (DataType.NotBcdException e) {
                throw new IllegalStateException(p.name() + ": " + e.getMessage(), e); // we encoded it ourselves
            }
        }
        return out;
    }

    @Override
    public synchronized int[] read(Table table, int address, int count) throws RegisterAccessException {
        int end = address + count;
        List<PointDefinition> list = points.get(table);
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        boolean touches = false;
        for (PointDefinition p : list) {
            boolean overlaps = p.address() < end && address < p.end();
            if (p.writeOnly()) {
                if (overlaps) {
                    throw RegisterAccessException.illegalAddress(p.span() + " (" + p.name() + ") is write-only");
                }
                continue;
            }
            first = Math.min(first, p.address());
            last = Math.max(last, p.end());
            touches |= overlaps;
        }
        Map<Integer, Integer> pinnedRegisters = pins.registers().getOrDefault(function(table), Map.of());
        for (int pinned : pinnedRegisters.keySet()) {
            first = Math.min(first, pinned);
            last = Math.max(last, pinned + 1);
            touches |= pinned >= address && pinned < end;
        }
        if (!touches || address < first || end > last) {
            throw RegisterAccessException.illegalAddress(describe(table, address, count) + " are not in profile "
                    + profile.name());
        }
        int[] values = new int[count];
        for (PointDefinition p : list) {
            if (!p.writeOnly() && p.address() < end && address < p.end()) {
                int[] words = wordsNow(p);
                for (int i = 0; i < words.length; i++) {
                    int at = p.address() + i;
                    if (at >= address && at < end) {
                        values[at - address] = words[i];
                    }
                }
            }
        }
        for (int i = 0; i < count; i++) {
            Integer pinned = pinnedRegisters.get(address + i);
            if (pinned != null) {
                values[i] = pinned;
            }
        }
        return values;
    }

    @Override
    public synchronized void write(Table table, int address, int[] values) throws RegisterAccessException {
        int end = address + values.length;
        Map<PointDefinition, int[]> changed = new LinkedHashMap<>();
        for (int at = address; at < end; at++) {
            PointDefinition p = pointAt(table, at);
            if (p == null) {
                throw RegisterAccessException.illegalAddress(describe(table, at, 1) + " is not in profile " + profile.name());
            }
            if (!p.writable()) {
                throw RegisterAccessException.illegalAddress(p.span() + " (" + p.name() + ") is read-only");
            }
            int[] words = changed.computeIfAbsent(p, point -> held.get(point).clone());
            words[at - p.address()] = values[at - address];
        }
        for (Map.Entry<PointDefinition, int[]> e : changed.entrySet()) {
            check(e.getKey(), e.getValue());
        }
        held.putAll(changed);
    }

    /** Refuses with exception 03 what the point does not accept. */
    private static void check(PointDefinition p, int[] words) throws RegisterAccessException {
        BigDecimal value;
        try {
            value = p.decode(words, p.address());
        } catch (DataType.NotBcdException e) {
            throw RegisterAccessException.illegalValue(p.name() + ": " + e.getMessage());
        }
        if (value == null) {
            throw RegisterAccessException.illegalValue(p.name() + ": NaN or infinite");
        }
        if (p.min() != null && (value.compareTo(p.min()) < 0 || value.compareTo(p.max()) > 0)) {
            throw RegisterAccessException.illegalValue(p.name() + " " + value.toPlainString() + " is outside "
                    + p.min().toPlainString() + ".." + p.max().toPlainString());
        }
        if (p.min() == null && !p.states().isEmpty() && p.state(value).isEmpty()) {
            throw RegisterAccessException.illegalValue(p.name() + " " + value.toPlainString() + " is not one of "
                    + p.describeStates());
        }
    }

    private PointDefinition pointAt(Table table, int address) {
        for (PointDefinition p : points.get(table)) {
            if (address >= p.address() && address < p.end()) {
                return p;
            }
        }
        return null;
    }

    /** The point's words now: held when writable, else its signal (or its bits) encoded. */
    private int[] wordsNow(PointDefinition p) {
        int[] kept = held.get(p);
        if (kept != null) {
            return kept.clone();
        }
        if (!p.bits().isEmpty()) {
            return bitWord(p);
        }
        return words(p, signals.get(p).at(Duration.between(start, clock.instant()).toMillis() / 1000.0));
    }

    /** A status word: each named bit as a healthy device shows it, unless pinned. */
    private int[] bitWord(PointDefinition p) {
        BigDecimal pinned = pins.points().get(p.name());
        long raw = 0;
        if (pinned != null) {
            raw = pinned.subtract(p.offset()).divide(p.scale(), MathContext.DECIMAL64).longValue();
        }
        for (Map.Entry<Integer, String> bit : p.bits().entrySet()) {
            BigDecimal bitPin = pins.points().get(bit.getValue());
            boolean set = bitPin != null ? bitPin.signum() != 0
                    : pinned != null ? (raw >>> bit.getKey() & 1) == 1 : StateWords.normally(bit.getValue()) == 1;
            raw = set ? raw | 1L << bit.getKey() : raw & ~(1L << bit.getKey());
        }
        BigDecimal canonical = p.unit().toCanonical(BigDecimal.valueOf(raw).multiply(p.scale()).add(p.offset()));
        return p.encode(canonical);
    }

    /** {@code value} as the point's words, held inside what the type can take. */
    private static int[] words(PointDefinition p, double value) {
        double[] holdable = Plausible.holdable(p);
        double clamped = Math.max(holdable[0], Math.min(holdable[1], value));
        BigDecimal canonical = new BigDecimal(clamped, MathContext.DECIMAL64);
        if (p.type() == DataType.BOOL) {
            canonical = canonical.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
        }
        return p.encode(canonical);
    }

    private static Table table(RegisterFunction function) {
        return switch (function) {
            case HOLDING -> Table.HOLDING_REGISTERS;
            case INPUT -> Table.INPUT_REGISTERS;
            case COIL -> Table.COILS;
            case DISCRETE -> Table.DISCRETE_INPUTS;
        };
    }

    private static RegisterFunction function(Table table) {
        return switch (table) {
            case HOLDING_REGISTERS -> RegisterFunction.HOLDING;
            case INPUT_REGISTERS -> RegisterFunction.INPUT;
            case COILS -> RegisterFunction.COIL;
            case DISCRETE_INPUTS -> RegisterFunction.DISCRETE;
        };
    }

    private static String describe(Table table, int address, int count) {
        RegisterFunction f = function(table);
        return f.label() + " " + address + (count > 1 ? ".." + (address + count - 1) : "");
    }
}
