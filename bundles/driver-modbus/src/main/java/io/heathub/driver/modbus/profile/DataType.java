package io.heathub.driver.modbus.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How register words (or one coil/discrete bit) become a number and back. Values of several
 * registers are assembled by {@link WordOrder} and {@link ByteOrder}.
 */
public enum DataType {
    /** One coil or discrete input: 0 or 1. */
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2),
    FLOAT64(4),
    /** Four BCD digits, 0..9999. */
    BCD16(1),
    /** Eight BCD digits, 0..99999999. */
    BCD32(2);

    private final int size;

    DataType(int size) {
        this.size = size;
    }

    /** Registers one value takes (1 for {@link #BOOL}: one bit address). */
    public int registers() {
        return size;
    }

    /** Whole-number types whose single bits may be named ({@code bits:}). */
    public boolean integer() {
        return this == INT16 || this == UINT16 || this == INT32 || this == UINT32;
    }

    public boolean bcd() {
        return this == BCD16 || this == BCD32;
    }

    public boolean floating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The profile spelling, e.g. {@code float32}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes the value at {@code offset} of {@code values} (register words 0..65535, or bits 0/1).
     *
     * @return the raw number, or {@code null} for a float that is NaN or infinite
     * @throws NotBcdException when a BCD value has a nibble above 9
     */
    public BigDecimal decode(int[] values, int offset, WordOrder words, ByteOrder bytes) throws NotBcdException {
        return switch (this) {
            case BOOL -> values[offset] != 0 ? BigDecimal.ONE : BigDecimal.ZERO;
            case INT16 -> BigDecimal.valueOf((short) combine(values, offset, 1, words, bytes));
            case UINT16 -> BigDecimal.valueOf(combine(values, offset, 1, words, bytes));
            case INT32 -> BigDecimal.valueOf((int) combine(values, offset, 2, words, bytes));
            case UINT32 -> BigDecimal.valueOf(combine(values, offset, 2, words, bytes));
            case FLOAT32 -> {
                float f = Float.intBitsToFloat((int) combine(values, offset, 2, words, bytes));
                // Float.toString gives the shortest decimal that reads back as f: 21.5, not 21.5000003
                yield Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
            }
            case FLOAT64 -> {
                double d = Double.longBitsToDouble(combine(values, offset, 4, words, bytes));
                yield Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
            }
            case BCD16, BCD32 -> fromBcd(combine(values, offset, size, words, bytes), size * 4);
        };
    }

    /**
     * Encodes a raw value; integer and BCD types round half-up to a whole number.
     *
     * @throws ArithmeticException when the value does not fit the type
     */
    public int[] encode(BigDecimal raw, WordOrder words, ByteOrder bytes) {
        return switch (this) {
            case BOOL -> new int[] {(int) whole(raw, 0, 1)};
            case INT16 -> split(whole(raw, Short.MIN_VALUE, Short.MAX_VALUE), 1, words, bytes);
            case UINT16 -> split(whole(raw, 0, 0xFFFF), 1, words, bytes);
            case INT32 -> split(whole(raw, Integer.MIN_VALUE, Integer.MAX_VALUE), 2, words, bytes);
            case UINT32 -> split(whole(raw, 0, 0xFFFF_FFFFL), 2, words, bytes);
            case FLOAT32 -> {
                float f = raw.floatValue();
                if (!Float.isFinite(f)) {
                    throw new ArithmeticException(raw + " does not fit a float32");
                }
                yield split(Float.floatToIntBits(f), 2, words, bytes);
            }
            case FLOAT64 -> {
                double d = raw.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new ArithmeticException(raw + " does not fit a float64");
                }
                yield split(Double.doubleToLongBits(d), 4, words, bytes);
            }
            case BCD16 -> split(toBcd(whole(raw, 0, 9_999)), 1, words, bytes);
            case BCD32 -> split(toBcd(whole(raw, 0, 99_999_999)), 2, words, bytes);
        };
    }

    /** The unsigned bits of {@code count} registers, most significant first after applying both orders. */
    static long combine(int[] values, int offset, int count, WordOrder words, ByteOrder bytes) {
        long bits = 0;
        for (int i = 0; i < count; i++) {
            int word = values[offset + (words == WordOrder.BIG ? i : count - 1 - i)] & 0xFFFF;
            bits = (bits << 16) | (bytes == ByteOrder.LITTLE ? swapBytes(word) : word);
        }
        return bits;
    }

    /** The inverse of {@link #combine}. */
    static int[] split(long bits, int count, WordOrder words, ByteOrder bytes) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int word = (int) (bits >>> (16 * (count - 1 - i))) & 0xFFFF;
            out[words == WordOrder.BIG ? i : count - 1 - i] = bytes == ByteOrder.LITTLE ? swapBytes(word) : word;
        }
        return out;
    }

    private static int swapBytes(int word) {
        return ((word & 0xFF) << 8) | ((word >>> 8) & 0xFF);
    }

    private static BigDecimal fromBcd(long bits, int digits) throws NotBcdException {
        long value = 0;
        for (int i = digits - 1; i >= 0; i--) {
            int nibble = (int) (bits >>> (4 * i)) & 0xF;
            if (nibble > 9) {
                throw new NotBcdException(String.format("0x%0" + digits + "X is not BCD: digit %d (from the left) is 0x%X",
                        bits, digits - i, nibble));
            }
            value = value * 10 + nibble;
        }
        return BigDecimal.valueOf(value);
    }

    private static long toBcd(long value) {
        long bits = 0;
        for (int shift = 0; value > 0; shift += 4) {
            bits |= (value % 10) << shift;
            value /= 10;
        }
        return bits;
    }

    private static long whole(BigDecimal raw, long min, long max) {
        BigDecimal rounded = raw.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ArithmeticException("raw value " + rounded + " is outside " + min + ".." + max);
        }
        return rounded.longValueExact();
    }

    /** Register content that is not valid BCD: the device or the profile is wrong, never a value. */
    public static final class NotBcdException extends Exception {
        private static final long serialVersionUID = 1L;

        NotBcdException(String message) {
            super(message);
        }
    }
}
