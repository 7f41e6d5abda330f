package io.heathub.driver.cjt188;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes the data of a "current data" reply (DI 90 1F) into canonical readings: heat meters
 * (T = 20h, L = 2E) and water meters (T = 10h–19h, L = 16).
 */
public final class CurrentData {
    /** Length byte of a heat meter's current data reply. */
    public static final int HEAT_LENGTH = 0x2E;
    /** Length byte of a water meter's current data reply. */
    public static final int WATER_LENGTH = 0x16;
    /** Settlement-day volume of a water meter; not in {@link Points} yet (named like heat.energy.dueDay). */
    public static final String VOLUME_DUE_DAY = "volume.dueDay";
    public static final String STATUS_VALVE_CLOSED = "status.valveClosed";
    public static final String STATUS_VALVE_FAULT = "status.valveFault";
    public static final String STATUS_BATTERY_LOW = "status.batteryLow";

    /** CJ/T 188 unit codes. */
    private static final Map<Integer, SourceUnit> UNITS = Map.ofEntries(
            Map.entry(0x02, SourceUnit.WH), Map.entry(0x05, SourceUnit.KWH), Map.entry(0x08, SourceUnit.MWH),
            Map.entry(0x0A, SourceUnit.MWH_100), Map.entry(0x01, SourceUnit.J), Map.entry(0x0B, SourceUnit.KJ),
            Map.entry(0x0E, SourceUnit.MJ), Map.entry(0x11, SourceUnit.GJ), Map.entry(0x13, SourceUnit.GJ_100),
            Map.entry(0x14, SourceUnit.W), Map.entry(0x17, SourceUnit.KW), Map.entry(0x1A, SourceUnit.MW),
            Map.entry(0x29, SourceUnit.LITRE), Map.entry(0x2C, SourceUnit.CUBIC_METRE),
            Map.entry(0x32, SourceUnit.LITRE_PER_HOUR), Map.entry(0x35, SourceUnit.CUBIC_METRE_PER_HOUR));

    private CurrentData() {
    }

    /** The unit code for a source unit (for encoders and tests), or -1. */
    public static int unitCode(SourceUnit unit) {
        return UNITS.entrySet().stream().filter(e -> e.getValue() == unit).mapToInt(Map.Entry::getKey)
                .findFirst().orElse(-1);
    }

    /** True for meter types whose 901F layout this class knows. */
    public static boolean isSupportedType(int type) {
        return type == 0x20 || (type >= 0x10 && type <= 0x19);
    }

    /**
     * Decodes a checked reply whose DI is 90 1F (either byte order).
     *
     * @param frame  a reply from {@link Cjt188Codec#parseReply}
     * @param device the device id for the readings
     */
    public static List<Reading> decode(Cjt188Frame frame, String device, DecodeSettings settings) throws FrameException {
        if (Cjt188Codec.dataIdentifier(frame, Cjt188Codec.DI_CURRENT_DATA) != Cjt188Codec.DI_CURRENT_DATA) {
            throw Cjt188Codec.malformed(frame.bodyOffset(), String.format("DI %02X %02X is not current data (90 1F)",
                    frame.at(frame.bodyOffset()), frame.at(frame.bodyOffset() + 1)));
        }
        int type = frame.type();
        if (type == 0x20) {
            return heat(frame, device, settings);
        }
        if (type >= 0x10 && type <= 0x19) {
            return water(frame, device, settings);
        }
        throw Cjt188Codec.malformed(frame.typeOffset(), String.format(
                "meter type %02X: current data is decoded for heat (20) and water (10-19) meters only", type));
    }

    private static List<Reading> heat(Cjt188Frame frame, String device, DecodeSettings settings) throws FrameException {
        expectLength(frame, HEAT_LENGTH, "heat meter");
        Cursor at = new Cursor(frame, settings);
        BigDecimal dueDay = at.valueWithUnit("settlement-day heat", 2, Unit.KWH);
        BigDecimal heat = at.valueWithUnit("current heat", 2, Unit.KWH);
        BigDecimal power = at.valueWithUnit("heat power", 2, Unit.KW);
        BigDecimal flow = at.valueWithUnit("flow", settings.flowDecimals(), Unit.CUBIC_METRE_PER_HOUR);
        BigDecimal volume = at.valueWithUnit("volume", 2, Unit.CUBIC_METRE);
        BigDecimal supply = SourceUnit.CELSIUS.toCanonical(at.bcd("supply temperature", 3, 2));
        BigDecimal ret = SourceUnit.CELSIUS.toCanonical(at.bcd("return temperature", 3, 2));
        BigDecimal hours = SourceUnit.HOUR.toCanonical(at.bcd("operating hours", 3, 0));
        Instant time = at.clock();
        int status = at.status();
        List<Reading> readings = new ArrayList<>();
        readings.add(Reading.good(device, Points.HEAT_ENERGY_DUE_DAY, dueDay, Unit.KWH, time));
        readings.add(Reading.good(device, Points.HEAT_ENERGY, heat, Unit.KWH, time));
        readings.add(Reading.good(device, Points.HEAT_POWER, power, Unit.KW, time));
        readings.add(Reading.good(device, Points.FLOW, flow, Unit.CUBIC_METRE_PER_HOUR, time));
        readings.add(Reading.good(device, Points.VOLUME, volume, Unit.CUBIC_METRE, time));
        readings.add(Reading.good(device, Points.TEMP_SUPPLY, supply, Unit.CELSIUS, time));
        readings.add(Reading.good(device, Points.TEMP_RETURN, ret, Unit.CELSIUS, time));
        readings.add(Reading.good(device, Points.HOURS, hours, Unit.HOUR, time));
        addStatus(readings, device, status, time);
        return readings;
    }

    private static List<Reading> water(Cjt188Frame frame, String device, DecodeSettings settings) throws FrameException {
        expectLength(frame, WATER_LENGTH, "water meter");
        Cursor at = new Cursor(frame, settings);
        BigDecimal volume = at.valueWithUnit("current volume", 2, Unit.CUBIC_METRE);
        BigDecimal dueDay = at.valueWithUnit("settlement-day volume", 2, Unit.CUBIC_METRE);
        Instant time = at.clock();
        int status = at.status();
        List<Reading> readings = new ArrayList<>();
        readings.add(Reading.good(device, Points.VOLUME, volume, Unit.CUBIC_METRE, time));
        readings.add(Reading.good(device, VOLUME_DUE_DAY, dueDay, Unit.CUBIC_METRE, time));
        addStatus(readings, device, status, time);
        return readings;
    }

    private static void addStatus(List<Reading> readings, String device, int status, Instant time) {
        readings.add(Reading.good(device, STATUS_VALVE_CLOSED, bit(status, 0), Unit.NONE, time));
        readings.add(Reading.good(device, STATUS_VALVE_FAULT, bit(status, 1), Unit.NONE, time));
        readings.add(Reading.good(device, STATUS_BATTERY_LOW, bit(status, 2), Unit.NONE, time));
    }

    private static BigDecimal bit(int status, int bit) {
        return ((status >> bit) & 1) == 1 ? BigDecimal.ONE : BigDecimal.ZERO;
    }

    private static void expectLength(Cjt188Frame frame, int expected, String what) throws FrameException {
        if (frame.length() != expected) {
            throw Cjt188Codec.malformed(frame.start() + 10, String.format(
                    "L = %02X, a %s's current data reply has L = %02X", frame.length(), what, expected));
        }
    }

    /** Reads the data fields in order, naming the offset of any bad byte. */
    private static final class Cursor {
        private final Cjt188Frame frame;
        private final DecodeSettings settings;
        private int offset;

        Cursor(Cjt188Frame frame, DecodeSettings settings) {
            this.frame = frame;
            this.settings = settings;
            this.offset = Cjt188Codec.dataOffset(frame);
        }

        /** A 4-byte BCD value with its unit byte before or after it, converted to {@code canonical}. */
        BigDecimal valueWithUnit(String field, int decimals, Unit canonical) throws FrameException {
            int unitAt = settings.unitBeforeValue() ? offset : offset + 4;
            if (settings.unitBeforeValue()) {
                offset++;
            }
            SourceUnit unit = unit(field, unitAt, canonical);
            BigDecimal raw = bcd(field, 4, decimals);
            if (!settings.unitBeforeValue()) {
                offset++;
            }
            return unit.toCanonical(raw);
        }

        private SourceUnit unit(String field, int unitAt, Unit canonical) throws FrameException {
            int code = frame.at(unitAt);
            SourceUnit unit = UNITS.get(code);
            String position = settings.unitBeforeValue() ? "unitPosition=before" : "unitPosition=after";
            if (unit == null) {
                throw Cjt188Codec.malformed(unitAt, String.format(
                        "%s: unknown unit code %02X (check the model's unitPosition; decoded with %s)",
                        field, code, position));
            }
            if (unit.canonical() != canonical) {
                throw Cjt188Codec.malformed(unitAt, String.format(
                        "%s: unit code %02X (%s) is not a unit of %s (check the model's unitPosition; decoded with %s)",
                        field, code, unit.symbol(), canonical.symbol(), position));
            }
            return unit;
        }

        /** {@code bytes} BCD bytes, least significant first, with {@code decimals} decimals. */
        BigDecimal bcd(String field, int bytes, int decimals) throws FrameException {
            long value = 0;
            for (int i = bytes - 1; i >= 0; i--) {
                value = value * 100 + bcdByte(field, offset + i);
            }
            offset += bytes;
            return BigDecimal.valueOf(value, decimals);
        }

        private int bcdByte(String field, int at) throws FrameException {
            int b = frame.at(at);
            if ((b >> 4) > 9 || (b & 0x0F) > 9) {
                throw Cjt188Codec.malformed(at, String.format("%s: %02X is not a BCD byte", field, b));
            }
            return (b >> 4) * 10 + (b & 0x0F);
        }

        /** ss mm hh DD MM YY CC in the site's zone. */
        Instant clock() throws FrameException {
            int start = offset;
            int second = bcdByte("clock seconds", start);
            int minute = bcdByte("clock minutes", start + 1);
            int hour = bcdByte("clock hours", start + 2);
            int day = bcdByte("clock day", start + 3);
            int month = bcdByte("clock month", start + 4);
            int year = bcdByte("clock century", start + 6) * 100 + bcdByte("clock year", start + 5);
            offset += 7;
            checkRange("clock seconds", start, second, 0, 59);
            checkRange("clock minutes", start + 1, minute, 0, 59);
            checkRange("clock hours", start + 2, hour, 0, 23);
            checkRange("clock month", start + 4, month, 1, 12);
            try {
                return LocalDateTime.of(year, month, day, hour, minute, second).atZone(settings.zone()).toInstant();
            } catch (DateTimeException e) {
                throw Cjt188Codec.malformed(start + 3, String.format("clock day %d is not a day of %04d-%02d",
                        day, year, month));
            }
        }

        private void checkRange(String field, int at, int value, int min, int max) throws FrameException {
            if (value < min || value > max) {
                throw Cjt188Codec.malformed(at, field + " " + value + " is outside " + min + ".." + max);
            }
        }

        /** ST: two bytes, the defined bits are in the first. */
        int status() {
            int st = frame.at(offset);
            offset += 2;
            return st;
        }
    }
}
