package io.heathub.driver.modbus;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How register words become a number and back. */
enum DataType {
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers one value takes. */
    int registers() {
        return registers;
    }

    /**
     * Decodes the value at {@code offset} of {@code words} (each 0..65535).
     *
     * @return the raw number, or {@code null} for a float that is NaN or infinite
     */
    BigDecimal decode(int[] words, int offset, WordOrder order) {
        return switch (this) {
            case INT16 -> BigDecimal.valueOf((short) words[offset]);
            case UINT16 -> BigDecimal.valueOf(words[offset] & 0xFFFF);
            case INT32 -> BigDecimal.valueOf(bits32(words, offset, order));
            case UINT32 -> BigDecimal.valueOf(bits32(words, offset, order) & 0xFFFF_FFFFL);
            case FLOAT32 -> {
                float f = Float.intBitsToFloat(bits32(words, offset, order));
                // Float.toString gives the shortest decimal that reads back as f: 21.5, not 21.5000003
                yield Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
            }
        };
    }

    /**
     * Encodes a raw value; integer types round half-up to a whole number.
     *
     * @throws ArithmeticException when the value does not fit the type
     */
    int[] encode(BigDecimal raw, WordOrder order) {
        return switch (this) {
            case INT16 -> new int[] {(int) whole(raw, Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF};
            case UINT16 -> new int[] {(int) whole(raw, 0, 0xFFFF)};
            case INT32 -> words32((int) whole(raw, Integer.MIN_VALUE, Integer.MAX_VALUE), order);
            case UINT32 -> words32((int) whole(raw, 0, 0xFFFF_FFFFL), order);
            case FLOAT32 -> {
                float f = raw.floatValue();
                if (!Float.isFinite(f)) {
                    throw new ArithmeticException(raw + " does not fit a float32");
                }
                yield words32(Float.floatToIntBits(f), order);
            }
        };
    }

    private static long whole(BigDecimal raw, long min, long max) {
        BigDecimal rounded = raw.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ArithmeticException("raw value " + rounded + " is outside " + min + ".." + max);
        }
        return rounded.longValueExact();
    }

    private static int bits32(int[] words, int offset, WordOrder order) {
        int first = words[offset] & 0xFFFF;
        int second = words[offset + 1] & 0xFFFF;
        return order == WordOrder.BIG ? (first << 16) | second : (second << 16) | first;
    }

    private static int[] words32(int bits, WordOrder order) {
        int high = (bits >>> 16) & 0xFFFF;
        int low = bits & 0xFFFF;
        return order == WordOrder.BIG ? new int[] {high, low} : new int[] {low, high};
    }
}
