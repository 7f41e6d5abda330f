package io.heathub.driver.dlt645;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * The DL/T 645-2007 data identifiers this bundle reads, with their value formats (appendix A of
 * the standard): BCD, least significant byte first; for signed formats the top bit of the most
 * significant byte is the sign (0 positive, 1 negative) and the rest of that byte stays BCD.
 */
public enum DataItem {
    /** 00 00 00 00 (current) combined active energy, total: XXXXXX.XX kWh, signed (it may be forward − reverse). */
    COMBINED_ACTIVE_ENERGY(0x00000000, "electric.energy.combined", Unit.KWH, 4, 2, true),
    /** 00 01 00 00 forward active energy, total: XXXXXX.XX kWh. */
    FORWARD_ACTIVE_ENERGY(0x00010000, Points.ELECTRIC_ENERGY, Unit.KWH, 4, 2, false),
    /** 00 02 00 00 reverse active energy, total: XXXXXX.XX kWh. */
    REVERSE_ACTIVE_ENERGY(0x00020000, "electric.energy.reverse", Unit.KWH, 4, 2, false),
    /** 02 01 01 00 phase A voltage: XXX.X V. */
    PHASE_A_VOLTAGE(0x02010100, "voltage.a", Unit.VOLT, 2, 1, false),
    /** 02 02 01 00 phase A current: XXX.XXX A, signed (direction). */
    PHASE_A_CURRENT(0x02020100, "current.a", Unit.AMPERE, 3, 3, true),
    /** 02 03 00 00 instantaneous total active power: XX.XXXX kW, signed (direction). */
    TOTAL_ACTIVE_POWER(0x02030000, "electric.power", Unit.KW, 3, 4, true),
    /** 02 80 00 02 grid frequency: XX.XX Hz. */
    FREQUENCY(0x02800002, "frequency", Unit.HERTZ, 2, 2, false);

    private final int identifier;
    private final String point;
    private final Unit unit;
    private final int size;
    private final int decimals;
    private final boolean signed;

    DataItem(int identifier, String point, Unit unit, int size, int decimals, boolean signed) {
        this.identifier = identifier;
        this.point = point;
        this.unit = unit;
        this.size = size;
        this.decimals = decimals;
        this.signed = signed;
    }

    /** DI3 DI2 DI1 DI0 as one number, e.g. {@code 0x00010000}. */
    public int identifier() {
        return identifier;
    }

    /** The heathub point name, e.g. {@code electric.energy}. */
    public String point() {
        return point;
    }

    /** The canonical unit of the value (the meter's own unit: no conversion needed). */
    public Unit unit() {
        return unit;
    }

    /** Bytes of the value. */
    public int size() {
        return size;
    }

    /** Digits after the decimal point. */
    public int decimals() {
        return decimals;
    }

    /** Whether the top bit of the value is a sign. */
    public boolean signed() {
        return signed;
    }

    /** The largest magnitude the format holds, e.g. 999999.99 or, signed 3 bytes, 79.9999. */
    public BigDecimal maxMagnitude() {
        BigInteger limit = BigInteger.TEN.pow(2 * size);
        if (signed) {
            limit = limit.multiply(BigInteger.valueOf(8)).divide(BigInteger.TEN);
        }
        return new BigDecimal(limit.subtract(BigInteger.ONE), decimals);
    }

    /** The identifier as written in the standard, e.g. {@code 00 01 00 00} (DI3 first). */
    public String describeIdentifier() {
        return describe(identifier);
    }

    /** Any identifier as written in the standard (DI3 first). */
    public static String describe(int identifier) {
        return String.format("%02X %02X %02X %02X", identifier >>> 24, (identifier >>> 16) & 0xFF,
                (identifier >>> 8) & 0xFF, identifier & 0xFF);
    }

    /** DI0..DI3 as sent (before masking): least significant first. */
    byte[] identifierBytes() {
        return new byte[] {(byte) identifier, (byte) (identifier >>> 8), (byte) (identifier >>> 16), (byte) (identifier >>> 24)};
    }

    public static Optional<DataItem> byIdentifier(int identifier) {
        return Arrays.stream(values()).filter(d -> d.identifier == identifier).findFirst();
    }

    public static Optional<DataItem> byPoint(String point) {
        return Arrays.stream(values()).filter(d -> d.point.equals(point)).findFirst();
    }

    /**
     * Decodes the value from unmasked bytes.
     *
     * @param data       the data field after subtracting 33h
     * @param from       index of the value's first (least significant) byte in {@code data}
     * @param wireOffset offset of that byte in the frame as received, for errors
     */
    BigDecimal decode(byte[] data, int from, int wireOffset) throws FrameException {
        long unscaled = 0;
        boolean negative = false;
        for (int i = size - 1; i >= 0; i--) {
            int b = data[from + i] & 0xFF;
            if (signed && i == size - 1) {
                negative = (b & 0x80) != 0;
                b &= 0x7F;
            }
            if ((b >> 4) > 9 || (b & 0x0F) > 9) {
                throw new FrameException(Kind.MALFORMED, wireOffset + i, String.format(
                        "%s (DI %s): value byte %d is 0x%02X after subtracting 33h (0x%02X on the wire), not BCD",
                        point, describeIdentifier(), i, data[from + i] & 0xFF, (data[from + i] + 0x33) & 0xFF));
            }
            unscaled = unscaled * 100 + (b >> 4) * 10 + (b & 0x0F);
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, decimals);
    }

    /**
     * Encodes a value (unmasked, least significant byte first), for replies in tests and simulators.
     *
     * @throws IllegalArgumentException when the value needs more digits or decimals than the
     *                                  format has, or is negative in an unsigned format
     */
    byte[] encode(BigDecimal value) {
        BigDecimal magnitude = value.abs();
        if (value.signum() < 0 && !signed) {
            throw new IllegalArgumentException(point + ": " + value + " is negative, the format is unsigned");
        }
        if (magnitude.compareTo(maxMagnitude()) > 0) {
            throw new IllegalArgumentException(point + ": " + value + " exceeds " + maxMagnitude());
        }
        long unscaled;
        try {
            unscaled = magnitude.setScale(decimals).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(point + ": " + value + " has more than " + decimals + " decimals", e);
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            int pair = (int) (unscaled % 100);
            unscaled /= 100;
            bytes[i] = (byte) (((pair / 10) << 4) | (pair % 10));
        }
        if (value.signum() < 0) {
            bytes[size - 1] |= (byte) 0x80;
        }
        return bytes;
    }
}
