package io.heathub.driver.wmbus;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmuc.jmbus.Bcd;
import org.openmuc.jmbus.DataRecord;
import org.openmuc.jmbus.DataRecord.FunctionField;
import org.openmuc.jmbus.DeviceType;
import org.openmuc.jmbus.DlmsUnit;

/**
 * jMBus data records → canonical readings. Records this driver has no point for (fabrication
 * number, manufacturer data, maximum and minimum values…) are left out; a record it maps but
 * whose unit it cannot convert exactly is left out too, never guessed.
 */
final class RecordMapping {
    /** The point names of the driver's own (README). */
    static final String RSSI = "radio.rssi";
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal HOUR_SECONDS = BigDecimal.valueOf(3600);

    private RecordMapping() {
    }

    /** A value and its canonical unit. */
    private record Value(BigDecimal value, Unit unit) {
    }

    /**
     * The meter clock of the telegram (a date-time record of storage 0), in {@code zone}. jMBus
     * builds the date in the JVM's zone (with that moment's milliseconds): undone here.
     */
    static Optional<Instant> meterClock(List<DataRecord> records, ZoneId zone) {
        for (DataRecord r : records) {
            if (r.getDescription() == DataRecord.Description.DATE_TIME && r.getStorageNumber() == 0
                    && r.getTariff() == 0 && r.getSubunit() == 0 && r.getDataValue() instanceof Date date) {
                LocalDateTime local = LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault())
                        .truncatedTo(ChronoUnit.SECONDS);
                return Optional.of(local.atZone(zone).toInstant());
            }
        }
        return Optional.empty();
    }

    /**
     * jMBus reads a record's data with copies that pad with zeros past the end of the telegram, so
     * a telegram cut inside a record would give a made-up value: the records must fit in the
     * {@code available} bytes behind the transport header.
     */
    static void checkRecordsFit(List<DataRecord> records, int available, String meter) throws FrameException {
        int needed = 0;
        for (DataRecord r : records) {
            needed += r.getDib().length + r.getVib().length + dataBytes(r);
        }
        if (needed > available) {
            throw new FrameException(Kind.MALFORMED, -1, "the records of meter " + meter + " need " + needed
                    + " bytes, the telegram has " + available + " behind its header: truncated telegram");
        }
    }

    /** Data bytes of a record by its DIF's data field (EN 13757-3 table 4). */
    private static int dataBytes(DataRecord r) {
        int field = r.getDib()[0] & 0x0F;
        return switch (field) {
            case 0x1, 0x9 -> 1;
            case 0x2, 0xA -> 2;
            case 0x3, 0xB -> 3;
            case 0x4, 0x5, 0xC -> 4;
            case 0x6, 0xE -> 6;
            case 0x7 -> 8;
            case 0xD -> 1 + (r.getDataValue() instanceof byte[] b ? b.length
                    : r.getDataValue() instanceof String t ? t.length() : 0);
            default -> 0;
        };
    }

    /** The readings of the records, every one at {@code time}; two different values for one point are an error. */
    static List<Reading> readings(String device, DeviceType type, List<DataRecord> records, MeterSettings settings,
                                  Instant time) throws FrameException {
        Map<String, Reading> byPoint = new LinkedHashMap<>();
        for (DataRecord r : records) {
            Optional<String> base = basePoint(r, type);
            if (base.isEmpty() || r.getFunctionField() == FunctionField.MAX_VAL
                    || r.getFunctionField() == FunctionField.MIN_VAL) {
                continue;
            }
            Optional<Value> value = base.get().startsWith("status.") ? flags(r) : value(r);
            if (value.isEmpty()) {
                continue;
            }
            String point = base.get() + suffix(r, settings);
            Reading reading = Reading.good(device, point, value.get().value(), value.get().unit(), time);
            if (r.getFunctionField() == FunctionField.ERROR_VAL) {
                reading = reading.withQuality(Quality.BAD, "the meter marks the value as taken in an error state");
            }
            Reading earlier = byPoint.putIfAbsent(point, reading);
            if (earlier != null && earlier.value().compareTo(reading.value()) != 0) {
                throw new FrameException(Kind.MALFORMED, -1, "two values for " + point + ": "
                        + earlier.value().toPlainString() + " and " + reading.value().toPlainString());
            }
        }
        return new ArrayList<>(byPoint.values());
    }

    private static Optional<String> basePoint(DataRecord r, DeviceType type) {
        if (r.getDescription() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (r.getDescription()) {
            case ENERGY -> type == DeviceType.ELECTRICITY_METER ? Points.ELECTRIC_ENERGY : Points.HEAT_ENERGY;
            case VOLUME -> Points.VOLUME;
            case POWER -> Points.HEAT_POWER;
            case VOLUME_FLOW, VOLUME_FLOW_EXT -> Points.FLOW;
            case FLOW_TEMPERATURE -> Points.TEMP_SUPPLY;
            case RETURN_TEMPERATURE -> Points.TEMP_RETURN;
            case EXTERNAL_TEMPERATURE -> Points.TEMP_OUTDOOR;
            case ON_TIME -> Points.HOURS;
            case ERROR_FLAGS -> "status.error";
            default -> null;
        });
    }

    /** {@code .dueDay} or {@code .storage<n>}, then {@code .tariff<n>}, {@code .subunit<n>}. */
    private static String suffix(DataRecord r, MeterSettings settings) {
        StringBuilder s = new StringBuilder();
        long storage = r.getStorageNumber();
        if (storage > 0) {
            boolean dueDay = settings.dueDayStorage().isPresent() && settings.dueDayStorage().getAsInt() == storage;
            s.append(dueDay ? ".dueDay" : ".storage" + storage);
        }
        if (r.getTariff() > 0) {
            s.append(".tariff").append(r.getTariff());
        }
        if (r.getSubunit() > 0) {
            s.append(".subunit").append(r.getSubunit());
        }
        return s.toString();
    }

    /** Error flags: 1 when any is set. */
    private static Optional<Value> flags(DataRecord r) throws FrameException {
        Optional<BigDecimal> raw = number(r);
        return raw.map(v -> new Value(v.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE, Unit.NONE));
    }

    private static Optional<Value> value(DataRecord r) throws FrameException {
        Optional<BigDecimal> raw = number(r);
        if (raw.isEmpty() || r.getUnit() == null) {
            return Optional.empty();
        }
        BigDecimal v = raw.get().scaleByPowerOfTen(r.getMultiplierExponent());
        DlmsUnit unit = r.getUnit();
        return Optional.ofNullable(switch (unit) {
            case WATT_HOUR -> canonical(SourceUnit.WH, v);
            case JOULE -> canonical(SourceUnit.J, v);
            case WATT -> canonical(SourceUnit.W, v);
            // J/h → kW has the factor of J → kWh (1/3.6e6)
            case JOULE_PER_HOUR -> new Value(SourceUnit.J.toCanonical(v), Unit.KW);
            case CUBIC_METRE -> canonical(SourceUnit.CUBIC_METRE, v);
            case LITRE -> canonical(SourceUnit.LITRE, v);
            case CUBIC_METRE_PER_HOUR -> canonical(SourceUnit.CUBIC_METRE_PER_HOUR, v);
            case CUBIC_METRE_PER_MINUTE -> new Value(v.multiply(SIXTY), Unit.CUBIC_METRE_PER_HOUR);
            case CUBIC_METRE_PER_SECOND -> new Value(v.multiply(HOUR_SECONDS), Unit.CUBIC_METRE_PER_HOUR);
            case DEGREE_CELSIUS -> canonical(SourceUnit.CELSIUS, v);
            case HOUR -> canonical(SourceUnit.HOUR, v);
            case DAY -> new Value(v.multiply(BigDecimal.valueOf(24)), Unit.HOUR);
            case MIN -> new Value(v.divide(SIXTY, MathContext.DECIMAL64).stripTrailingZeros(), Unit.HOUR);
            case SECOND -> new Value(v.divide(HOUR_SECONDS, MathContext.DECIMAL64).stripTrailingZeros(), Unit.HOUR);
            default -> null;
        });
    }

    private static Value canonical(SourceUnit unit, BigDecimal v) {
        return new Value(unit.toCanonical(v), unit.canonical());
    }

    /** The record's number, exact: integers and BCD digits as they are, a float only when the meter sends one. */
    private static Optional<BigDecimal> number(DataRecord r) throws FrameException {
        Object v = r.getDataValue();
        if (v instanceof Bcd bcd) {
            return Optional.of(bcd(bcd.getBytes()));
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Optional.of(BigDecimal.valueOf(((Number) v).longValue()));
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new FrameException(Kind.MALFORMED, -1, "record " + r.getDescription() + " is " + d);
            }
            return Optional.of(BigDecimal.valueOf(d));
        }
        return Optional.empty();
    }

    /** Little-endian BCD; a top nibble F makes the value negative (EN 13757-3 Annex B). */
    private static BigDecimal bcd(byte[] bytes) throws FrameException {
        StringBuilder digits = new StringBuilder();
        boolean negative = false;
        for (int i = bytes.length - 1; i >= 0; i--) {
            int high = (bytes[i] & 0xF0) >> 4;
            int low = bytes[i] & 0x0F;
            if (i == bytes.length - 1 && high == 0xF) {
                negative = true;
                high = 0;
            }
            if (high > 9 || low > 9) {
                throw new FrameException(Kind.MALFORMED, -1, String.format("BCD value with byte %02X is not BCD",
                        bytes[i]));
            }
            digits.append(high).append(low);
        }
        BigDecimal value = new BigDecimal(digits.length() == 0 ? "0" : digits.toString());
        return negative ? value.negate() : value;
    }
}
