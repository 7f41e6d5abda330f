package io.heathub.driver.modbus;

import io.heathub.api.SourceUnit;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One point of a profile: where its registers are and how they become a canonical value
 * ({@code value = raw * scale + offset}, in {@code unit}, then converted to the canonical unit).
 *
 * @param min    lowest value a command may write, canonical unit; null when not writable
 * @param max    highest value a command may write, canonical unit; null when not writable
 * @param origin {@code file:line} of the point in its profile, for messages
 */
record PointDefinition(String name, int address, DataType type, RegisterFunction function,
                       WordOrder wordOrder, BigDecimal scale, BigDecimal offset, SourceUnit unit,
                       boolean writable, BigDecimal min, BigDecimal max, String origin) {

    int registers() {
        return type.registers();
    }

    /** One past the last register. */
    int end() {
        return address + type.registers();
    }

    /** Registers as text for messages: {@code holding 10..11}. */
    String span() {
        return function.name().toLowerCase() + " " + address + (registers() > 1 ? ".." + (end() - 1) : "");
    }

    /**
     * The canonical value from a block of registers read from {@code blockStart}.
     *
     * @return null for a float that is NaN or infinite
     */
    BigDecimal decode(int[] block, int blockStart) {
        BigDecimal raw = type.decode(block, address - blockStart, wordOrder);
        return raw == null ? null : unit.toCanonical(raw.multiply(scale).add(offset));
    }

    /**
     * The raw register value for a canonical value: the inverse of {@link #decode}.
     *
     * @throws ArithmeticException when it does not fit the type
     */
    int[] encode(BigDecimal canonical) {
        BigDecimal perUnit = unit.toCanonical(BigDecimal.ONE);
        BigDecimal inUnit = canonical.divide(perUnit, MathContext.DECIMAL64);
        BigDecimal raw = inUnit.subtract(offset).divide(scale, MathContext.DECIMAL64);
        return type.encode(raw, wordOrder);
    }
}
