package io.heathub.simulator.meters;

/** Packed BCD, least significant byte first, as all three protocols send numbers. */
final class Bcd {
    private Bcd() {
    }

    /**
     * {@code value} scaled by 10^decimals, rounded, as {@code bytes} BCD bytes (least significant
     * first). Values that do not fit wrap around like a meter's register (the lowest digits are
     * kept); negative values are sent as 0 unless {@code signed}, which sets bit 7 of the last byte.
     */
    static byte[] encode(double value, int bytes, int decimals, boolean signed) {
        boolean negative = value < 0;
        long scaled = Math.round(Math.abs(value) * Math.pow(10, decimals));
        if (negative && !signed) {
            scaled = 0;
        }
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            int pair = (int) (scaled % 100);
            scaled /= 100;
            out[i] = (byte) (((pair / 10) << 4) | (pair % 10));
        }
        if (signed) {
            out[bytes - 1] &= 0x7F; // the top digit gives way to the sign
            if (negative) {
                out[bytes - 1] |= (byte) 0x80;
            }
        }
        return out;
    }

    /** An unsigned value with {@code decimals} decimals. */
    static byte[] encode(double value, int bytes, int decimals) {
        return encode(value, bytes, decimals, false);
    }

    /** One byte holding two decimal digits (0..99). */
    static byte pair(int value) {
        return (byte) (((value / 10) << 4) | (value % 10));
    }

    /**
     * A string of decimal digits (most significant first) as BCD bytes, least significant byte first:
     * {@code "20100000000001"} becomes {@code 01 00 00 00 00 10 20}.
     */
    static byte[] address(String digits) {
        int bytes = digits.length() / 2;
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            int from = digits.length() - 2 * (i + 1);
            out[i] = (byte) Integer.parseInt(digits.substring(from, from + 2), 16);
        }
        return out;
    }

    /** Sum of {@code bytes[from..to)} modulo 256: the checksum of all three protocols. */
    static byte checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return (byte) sum;
    }
}
