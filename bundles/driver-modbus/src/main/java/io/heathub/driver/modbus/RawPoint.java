package io.heathub.driver.modbus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command point of a raw write: {@code raw.holding.<address>.<count>} (registers) or
 * {@code raw.coil.<address>.1}. The command's value is the registers as on the wire, as one
 * unsigned integer, first register most significant (two registers 0x4283, 0x0000 are
 * 1115881472), or 0/1 for a coil. {@link ModbusSession} executes it only where its profile has a
 * writable point of exactly those registers, checked against that point's limits.
 */
record RawPoint(String table, int address, int count) {
    private static final Pattern SYNTAX = Pattern.compile("raw\\.(holding|coil)\\.(\\d{1,5})\\.(\\d{1,3})");

    static boolean is(String point) {
        return point.startsWith("raw.");
    }

    static RawPoint parse(String point) {
        Matcher m = SYNTAX.matcher(point);
        boolean ok = m.matches();
        int address = ok ? Integer.parseInt(m.group(2)) : -1;
        int count = ok ? Integer.parseInt(m.group(3)) : -1;
        int most = ok && m.group(1).equals("coil") ? 1 : 4;
        if (address > 65535 || count < 1 || count > most || address + count - 1 > 65535) {
            throw new IllegalArgumentException("'" + point + "' is not a raw write point: expected"
                    + " raw.holding.<address>.<count> (1..4 registers) or raw.coil.<address>.1, addresses 0..65535");
        }
        return new RawPoint(m.group(1), address, count);
    }

    /** The command point for a raw write of {@code count} items of {@code table} ({@code holding}, {@code coil}). */
    static String name(String table, int address, int count) {
        return "raw." + table + "." + address + "." + count;
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
