package io.heathub.driver.modbus.profile;

import io.heathub.api.SourceUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One point of a profile: where its value is and how it becomes a canonical value
 * ({@code value = raw * scale + offset}, in {@code unit}, then converted to the canonical unit).
 *
 * @param min       lowest value a command may write, canonical unit; null when not limited by a range
 * @param max       highest value a command may write, canonical unit; null when not limited by a range
 * @param states    documented values of a status or command word (value → label); empty when none
 * @param bits      named single bits of the raw value (bit index → point name, e.g. {@code status.running})
 * @param multiple  write with 0x0F/0x10 even for one coil/register (devices that lack 0x05/0x06)
 * @param writeOnly not polled and not read back (command registers that cannot be read)
 * @param origin    {@code file:line} of the point in its profile, for messages
 */
public record PointDefinition(String name, int address, DataType type, RegisterFunction function,
                       WordOrder wordOrder, ByteOrder byteOrder, BigDecimal scale, BigDecimal offset,
                       SourceUnit unit, boolean writable, BigDecimal min, BigDecimal max,
                       SortedMap<Long, String> states, SortedMap<Integer, String> bits,
                       boolean multiple, boolean writeOnly, String origin) {

    public PointDefinition {
        states = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(states));
        bits = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bits));
    }

    /** A plain read-only point (tests, simple profiles). */
    public static PointDefinition simple(String name, int address, DataType type, RegisterFunction function, String origin) {
        return new PointDefinition(name, address, type, function, WordOrder.BIG, ByteOrder.BIG, BigDecimal.ONE,
                BigDecimal.ZERO, SourceUnit.NONE, false, null, null, new TreeMap<>(), new TreeMap<>(), false, false,
                origin);
    }

    /** Registers (or bits) the value takes. */
    public int registers() {
        return type.registers();
    }

    /** One past the last register or bit. */
    public int end() {
        return address + type.registers();
    }

    /** Where the value is, for messages: {@code holding 10..11}, {@code coil 5}. */
    public String span() {
        return function.key() + " " + address + (registers() > 1 ? ".." + (end() - 1) : "");
    }

    /**
     * The canonical value from a block of registers (or bits) read from {@code blockStart}.
     *
     * @return null for a float that is NaN or infinite
     * @throws DataType.NotBcdException when a BCD value has a digit above 9
     */
    public BigDecimal decode(int[] block, int blockStart) throws DataType.NotBcdException {
        BigDecimal raw = type.decode(block, address - blockStart, wordOrder, byteOrder);
        if (raw == null) {
            return null;
        }
        // the same value as the general formula, without its arithmetic where it changes nothing:
        // decoding runs for every point of every poll
        BigDecimal value = scale.compareTo(BigDecimal.ONE) == 0 && offset.signum() == 0 ? raw : raw.multiply(scale).add(offset);
        return CANONICAL_AS_READ.contains(unit) ? value.stripTrailingZeros() : unit.toCanonical(value);
    }

    /** Units whose canonical value is the value itself (toCanonical multiplies and divides by 1). */
    private static final java.util.Set<SourceUnit> CANONICAL_AS_READ = java.util.Collections.unmodifiableSet(
            java.util.Arrays.stream(SourceUnit.values())
                    .filter(u -> u.toCanonical(BigDecimal.TEN).compareTo(BigDecimal.TEN) == 0
                            && u.toCanonical(new BigDecimal("0.37")).compareTo(new BigDecimal("0.37")) == 0)
                    .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(SourceUnit.class))));

    /** Bit {@code index} (0 = least significant) of the raw value, after word and byte order. */
    public boolean bit(int[] block, int blockStart, int index) {
        return ((DataType.combine(block, address - blockStart, registers(), wordOrder, byteOrder) >>> index) & 1) == 1;
    }

    /**
     * The raw register (or bit) values for a canonical value: the inverse of {@link #decode}.
     *
     * @throws ArithmeticException when it does not fit the type
     */
    public int[] encode(BigDecimal canonical) {
        BigDecimal perUnit = unit.toCanonical(BigDecimal.ONE);
        BigDecimal inUnit = canonical.divide(perUnit, MathContext.DECIMAL64);
        BigDecimal raw = inUnit.subtract(offset).divide(scale, MathContext.DECIMAL64);
        return type.encode(raw, wordOrder, byteOrder);
    }

    /** The label of a documented state, when {@code value} is one. */
    public Optional<String> state(BigDecimal value) {
        try {
            return Optional.ofNullable(states.get(value.longValueExact()));
        } catch (ArithmeticException notWhole) {
            return Optional.empty();
        }
    }

    /** The documented states as text: {@code 1 forward, 2 reverse, 3 stopped}. */
    public String describeStates() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Long, String> e : states.entrySet()) {
            out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        return out.toString();
    }
}
