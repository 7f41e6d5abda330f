package io.heathub.driver.modbus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command point of a raw register write: {@code raw.holding.<address>} or
 * {@code raw.coil.<address>}. The command's value is the registers as on the wire, as one unsigned
 * integer, first register most significant (two registers 0x4283, 0x0000 are 1115881472), or
 * 0/1 for a coil. {@link ModbusSession} executes it only where its profile has a writable point
 * starting at that address, checked against that point's limits.
 */
record RawPoint(String table, int address) {
    private static final Pattern SYNTAX = Pattern.compile("raw\\.(holding|coil)\\.(\\d{1,5})");

    static boolean is(String point) {
        return point.startsWith("raw.");
    }

    static RawPoint parse(String point) {
        Matcher m = SYNTAX.matcher(point);
        int address = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (address < 0 || address > 65535) {
            throw new IllegalArgumentException("'" + point + "' is not a raw register point: expected raw.holding.<address>"
                    + " or raw.coil.<address> with an address 0..65535");
        }
        return new RawPoint(m.group(1), address);
    }

    /** The command point for a raw write of {@code table} ({@code holding}, {@code coil}) at {@code address}. */
    static String name(String table, int address) {
        return "raw." + table + "." + address;
    }

    /** The register words (or one bit) a raw value stands for; refused when it does not fit {@code count} of them. */
    static int[] words(BigDecimal value, int count, boolean bit) {
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the raw value " + value.toPlainString() + " is not a whole number");
        }
        if (bit) {
            if (whole.signum() < 0 || whole.compareTo(BigInteger.ONE) > 0) {
                throw new IllegalArgumentException("a coil takes 0 or 1, not " + value.toPlainString());
            }
            return new int[] {whole.intValue()};
        }
        if (whole.signum() < 0 || whole.bitLength() > 16 * count) {
            throw new IllegalArgumentException("the raw value " + value.toPlainString() + " does not fit " + count
                    + " register(s) (0.." + BigInteger.ONE.shiftLeft(16 * count).subtract(BigInteger.ONE) + ")");
        }
        int[] words = new int[count];
        for (int i = count - 1; i >= 0; i--) {
            words[i] = whole.intValue() & 0xFFFF;
            whole = whole.shiftRight(16);
        }
        return words;
    }

    /** The inverse of {@link #words}: registers (first most significant) or one bit as a number. */
    static BigDecimal value(int[] words, boolean bit) {
        if (bit) {
            return BigDecimal.valueOf(words[0]);
        }
        BigInteger whole = BigInteger.ZERO;
        for (int w : words) {
            whole = whole.shiftLeft(16).or(BigInteger.valueOf(w & 0xFFFF));
        }
        return new BigDecimal(whole);
    }
}
