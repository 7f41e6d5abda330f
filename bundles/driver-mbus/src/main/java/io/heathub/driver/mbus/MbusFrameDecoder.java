package io.heathub.driver.mbus;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openmuc.jmbus.Bcd;
import org.openmuc.jmbus.DataRecord;
import org.openmuc.jmbus.DecodingException;
import org.openmuc.jmbus.DlmsUnit;
import org.openmuc.jmbus.VariableDataStructure;

/**
 * Decodes an M-Bus RSP_UD long frame (EN 13757-2/-3) into canonical readings. The framing and the
 * record boundaries are checked here (so errors carry byte offsets); each data record's DIF/VIF
 * meaning is decoded by jMBus, one record at a time, so that one record jMBus cannot interpret
 * does not cost the whole frame.
 */
public final class MbusFrameDecoder implements FrameDecoder {
    private static final System.Logger LOG = System.getLogger(MbusFrameDecoder.class.getName());
    private static final int CI_LONG_HEADER = 0x72;
    private static final int CI_SHORT_HEADER = 0x7A;
    private static final int CI_NO_HEADER = 0x78;
    private static final int MAX_EXTENSIONS = 10;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal HOUR_SECONDS = BigDecimal.valueOf(3600);

    @Override
    public String protocol() {
        return "mbus";
    }

    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        return decodeTelegram(frame, null, receivedAt).readings();
    }

    /**
     * Decodes one long frame.
     *
     * @param device     the device id for the readings; {@code null} uses the identification number
     * @param receivedAt the time of the readings (wired meters' clocks are not used)
     */
    public MbusTelegram decodeTelegram(byte[] frame, String device, Instant receivedAt) throws FrameException {
        try {
            return decodeChecked(frame, device, receivedAt);
        } catch (FrameException e) {
            throw e;
        } catch (RuntimeException e) { // a bug of ours must still not escape as a RuntimeException
            throw new FrameException(Kind.MALFORMED, -1, "cannot decode frame: " + e);
        }
    }

    private MbusTelegram decodeChecked(byte[] frame, String device, Instant receivedAt) throws FrameException {
        int l = MbusFrames.checkLongFrame(frame);
        int end = 4 + l; // first byte after the user data (the checksum)
        int address = frame[5] & 0xFF;
        int ci = frame[6] & 0xFF;
        int pos = 7;
        String identification = "";
        String manufacturer = "";
        int version = -1;
        int medium = -1;
        int access;
        int status;
        if (ci == CI_LONG_HEADER) {
            require(frame, pos, 12, end, "long header (12 bytes)");
            identification = bcdId(frame, pos);
            manufacturer = manufacturer(frame, pos + 4);
            version = frame[pos + 6] & 0xFF;
            medium = frame[pos + 7] & 0xFF;
            access = frame[pos + 8] & 0xFF;
            status = frame[pos + 9] & 0xFF;
            checkNotEncrypted(frame, pos + 10);
            pos += 12;
        } else if (ci == CI_SHORT_HEADER) {
            require(frame, pos, 4, end, "short header (4 bytes)");
            access = frame[pos] & 0xFF;
            status = frame[pos + 1] & 0xFF;
            checkNotEncrypted(frame, pos + 2);
            pos += 4;
        } else if (ci == CI_NO_HEADER) {
            access = -1;
            status = 0;
        } else {
            throw new FrameException(Kind.MALFORMED, 6, String.format(
                    "CI field 0x%02X is not a variable data response (0x72, 0x7A, 0x78)", ci));
        }
        String deviceId = device != null ? device : (identification.isEmpty() ? "A" + address : identification);
        String statusProblem = statusProblem(status);

        List<Reading> readings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int unmapped = 0;
        boolean more = false;
        while (pos < end) {
            int dif = frame[pos] & 0xFF;
            if (dif == 0x2F) { // idle filler
                pos++;
                continue;
            }
            if ((dif & 0x0F) == 0x0F) {
                if (dif == 0x0F || dif == 0x1F) { // manufacturer specific data up to the end
                    more = dif == 0x1F;
                    if (end - pos > 1) {
                        unmapped++;
                    }
                    break;
                }
                throw new FrameException(Kind.MALFORMED, pos, String.format(
                        "DIF 0x%02X is reserved or a request, not allowed in a reply", dif));
            }
            int recordEnd = recordEnd(frame, pos, end);
            int recordStart = pos;
            Reading reading = mapRecord(frame, pos, recordEnd, deviceId, receivedAt);
            if (reading == null) {
                unmapped++;
            } else if (!seen.add(reading.point())) {
                LOG.log(Level.DEBUG, () -> "record at byte " + recordStart + ": point " + reading.point()
                        + " given twice, the first is kept");
                unmapped++;
            } else {
                readings.add(statusProblem.isEmpty() || reading.quality() != Quality.GOOD ? reading
                        : reading.withQuality(Quality.SUSPECT, statusProblem));
            }
            pos = recordEnd;
        }
        int skipped = unmapped;
        LOG.log(Level.DEBUG, () -> "M-Bus " + deviceId + ": " + readings.size() + " readings, " + skipped
                + " records not mapped");
        return new MbusTelegram(address, identification, manufacturer, version, medium, access, status,
                readings, unmapped, more);
    }

    private static void require(byte[] frame, int pos, int count, int end, String what) throws FrameException {
        if (pos + count > end) {
            throw new FrameException(Kind.MALFORMED, end, what + " needs " + count + " bytes, the user data ends after "
                    + (end - pos));
        }
    }

    /** Identification number: 4 bytes BCD, least significant first. */
    private static String bcdId(byte[] frame, int pos) throws FrameException {
        StringBuilder digits = new StringBuilder(8);
        for (int i = pos + 3; i >= pos; i--) {
            int b = frame[i] & 0xFF;
            if ((b >> 4) > 9 || (b & 0x0F) > 9) {
                throw new FrameException(Kind.MALFORMED, i, String.format(
                        "identification number byte 0x%02X is not BCD", b));
            }
            digits.append(b >> 4).append(b & 0x0F);
        }
        return digits.toString();
    }

    /** Manufacturer: 2 bytes little endian, three letters of 5 bits each (EN 62056-21 flag id). */
    private static String manufacturer(byte[] frame, int pos) throws FrameException {
        int code = (frame[pos] & 0xFF) | (frame[pos + 1] & 0xFF) << 8;
        char[] letters = {(char) (((code >> 10) & 0x1F) + 64), (char) (((code >> 5) & 0x1F) + 64),
                (char) ((code & 0x1F) + 64)};
        for (char c : letters) {
            if (c < 'A' || c > 'Z') {
                throw new FrameException(Kind.MALFORMED, pos, String.format(
                        "manufacturer code 0x%04X is not three letters", code));
            }
        }
        return new String(letters);
    }

    private static void checkNotEncrypted(byte[] frame, int pos) throws FrameException {
        int configuration = (frame[pos] & 0xFF) | (frame[pos + 1] & 0xFF) << 8;
        int mode = (configuration >> 8) & 0x1F;
        if (mode != 0) {
            throw new FrameException(Kind.MALFORMED, pos + 1, "encrypted user data (security mode " + mode
                    + ") is not supported");
        }
    }

    private static String statusProblem(int status) {
        List<String> problems = new ArrayList<>();
        switch (status & 0x03) {
            case 1 -> problems.add("application busy");
            case 2 -> problems.add("application error");
            case 3 -> problems.add("abnormal condition");
            default -> { }
        }
        if ((status & 0x08) != 0) {
            problems.add("permanent error");
        }
        if ((status & 0x10) != 0) {
            problems.add("temporary error");
        }
        return problems.isEmpty() ? "" : String.format("meter status 0x%02X: %s", status, String.join(", ", problems));
    }

    /** Walks one data record's DIB, VIB and data field and returns the offset after it. */
    static int recordEnd(byte[] frame, int start, int end) throws FrameException {
        int dif = frame[start] & 0xFF;
        int pos = start + 1;
        int extensions = 0;
        boolean extended = (dif & 0x80) != 0;
        while (extended) {
            if (pos >= end) {
                throw truncated(start, end, "DIFE");
            }
            if (++extensions > MAX_EXTENSIONS) {
                throw new FrameException(Kind.MALFORMED, pos, "record at byte " + start + " has more than 10 DIFEs");
            }
            extended = (frame[pos++] & 0x80) != 0;
        }
        if (pos >= end) {
            throw truncated(start, end, "VIF");
        }
        int vif = frame[pos++] & 0xFF;
        if ((vif & 0x7F) == 0x7C) { // plain-text VIF: length and ASCII unit follow (as jMBus reads it)
            if (pos >= end) {
                throw truncated(start, end, "plain-text VIF length");
            }
            pos += 1 + (frame[pos] & 0xFF);
            if (pos > end) {
                throw truncated(start, end, "plain-text VIF");
            }
        }
        extended = (vif & 0x80) != 0;
        extensions = 0;
        while (extended) {
            if (pos >= end) {
                throw truncated(start, end, "VIFE");
            }
            if (++extensions > MAX_EXTENSIONS) {
                throw new FrameException(Kind.MALFORMED, pos, "record at byte " + start + " has more than 10 VIFEs");
            }
            extended = (frame[pos++] & 0x80) != 0;
        }
        int length = switch (dif & 0x0F) {
            case 0x0, 0x8 -> 0;
            case 0x1, 0x9 -> 1;
            case 0x2, 0xA -> 2;
            case 0x3, 0xB -> 3;
            case 0x4, 0x5, 0xC -> 4;
            case 0x6, 0xE -> 6;
            case 0x7 -> 8;
            default -> -1; // 0xD: variable length
        };
        if (length < 0) {
            if (pos >= end) {
                throw truncated(start, end, "LVAR");
            }
            int lvar = frame[pos] & 0xFF;
            if (lvar <= 0xBF) {
                length = lvar;
            } else if (lvar <= 0xC9) {
                length = lvar - 0xC0;
            } else if (lvar >= 0xD0 && lvar <= 0xD9) {
                length = lvar - 0xD0;
            } else if (lvar >= 0xE0 && lvar <= 0xEF) {
                length = lvar - 0xE0;
            } else if (lvar >= 0xF0 && lvar <= 0xF4) {
                length = 4 * (lvar - 0xEC);
            } else if (lvar == 0xF5) {
                length = 6;
            } else if (lvar == 0xF6) {
                length = 8;
            } else {
                throw new FrameException(Kind.MALFORMED, pos, String.format("reserved LVAR 0x%02X", lvar));
            }
            pos++;
        }
        if (pos + length > end) {
            throw new FrameException(Kind.MALFORMED, end, "record at byte " + start + String.format(
                    " (DIF 0x%02X) needs %d data bytes, only %d left", dif, length, end - pos));
        }
        return pos + length;
    }

    private static FrameException truncated(int start, int end, String what) {
        return new FrameException(Kind.MALFORMED, end, "record at byte " + start + " is cut off before its " + what);
    }

    /** Decodes one record with jMBus and maps it; null when it is not mapped (logged). */
    private static Reading mapRecord(byte[] frame, int start, int end, String device, Instant time) {
        byte[] single = new byte[end - start + 1];
        single[0] = (byte) CI_NO_HEADER;
        System.arraycopy(frame, start, single, 1, end - start);
        DataRecord record;
        try {
            VariableDataStructure structure = new VariableDataStructure(single, 0, single.length, null, null);
            structure.decode();
            List<DataRecord> records = structure.getDataRecords();
            if (records.size() != 1) {
                LOG.log(Level.DEBUG, () -> "record at byte " + start + ": jMBus found " + records.size()
                        + " records in " + MbusFrames.hex(single));
                return null;
            }
            record = records.get(0);
        } catch (DecodingException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + " (" + MbusFrames.hex(single) + ") not decoded by jMBus: "
                    + e.getMessage());
            return null;
        }
        try {
            return toReading(record, start, device, time);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + " not mapped: " + e);
            return null;
        }
    }

    private static Reading toReading(DataRecord record, int start, String device, Instant time) {
        if (record.getFunctionField() != DataRecord.FunctionField.INST_VAL || record.getDescription() == null) {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + ": " + record.getFunctionField() + " "
                    + record.getDescription() + " not mapped");
            return null;
        }
        String base = switch (record.getDescription()) {
            case ENERGY -> Points.HEAT_ENERGY;
            case VOLUME -> Points.VOLUME;
            case POWER -> Points.HEAT_POWER;
            case VOLUME_FLOW, VOLUME_FLOW_EXT -> Points.FLOW;
            case FLOW_TEMPERATURE -> Points.TEMP_SUPPLY;
            case RETURN_TEMPERATURE -> Points.TEMP_RETURN;
            case ON_TIME, OPERATING_TIME -> Points.HOURS;
            default -> null;
        };
        DlmsUnit unit = record.getUnit();
        if (base == null || unit == null) {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + ": " + record.getDescription() + " not mapped");
            return null;
        }
        String point = base + suffix(record);
        Object value = record.getDataValue();
        BigDecimal raw;
        if (value instanceof Long number) {
            raw = BigDecimal.valueOf(number);
        } else if (value instanceof Bcd bcd) {
            byte[] digits = bcd.getBytes();
            raw = bcdValue(digits);
            if (raw == null) {
                return new Reading(device, point, BigDecimal.ZERO, canonical(base), time, Quality.BAD,
                        "BCD value " + MbusFrames.hex(digits) + " (least significant byte first) holds non-decimal"
                        + " digits: meter error code");
            }
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                return new Reading(device, point, BigDecimal.ZERO, canonical(base), time, Quality.BAD,
                        "float value is " + number);
            }
            raw = new BigDecimal(Double.toString(number));
        } else {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + ": value " + value + " is not a number");
            return null;
        }
        BigDecimal scaled = raw.scaleByPowerOfTen(record.getMultiplierExponent());
        BigDecimal canonicalValue = convert(base, unit, scaled);
        if (canonicalValue == null) {
            LOG.log(Level.DEBUG, () -> "record at byte " + start + ": unit " + unit + " not expected for " + base);
            return null;
        }
        return Reading.good(device, point, canonicalValue.stripTrailingZeros(), canonical(base), time);
    }

    /** {@code .dueDay} for storage 1, {@code .storageN} beyond, then {@code .tariffN}, {@code .subunitN}. */
    private static String suffix(DataRecord record) {
        StringBuilder suffix = new StringBuilder();
        long storage = record.getStorageNumber();
        if (storage == 1) {
            suffix.append(".dueDay");
        } else if (storage > 1) {
            suffix.append(".storage").append(storage);
        }
        if (record.getTariff() > 0) {
            suffix.append(".tariff").append(record.getTariff());
        }
        if (record.getSubunit() > 0) {
            suffix.append(".subunit").append(record.getSubunit());
        }
        return suffix.toString();
    }

    private static Unit canonical(String base) {
        return switch (base) {
            case Points.HEAT_ENERGY -> Unit.KWH;
            case Points.VOLUME -> Unit.CUBIC_METRE;
            case Points.HEAT_POWER -> Unit.KW;
            case Points.FLOW -> Unit.CUBIC_METRE_PER_HOUR;
            case Points.HOURS -> Unit.HOUR;
            default -> Unit.CELSIUS;
        };
    }

    /** The value in the point's canonical unit; null when the unit does not fit the quantity. */
    private static BigDecimal convert(String base, DlmsUnit unit, BigDecimal value) {
        SourceUnit source = switch (unit) {
            case WATT_HOUR -> SourceUnit.WH;
            case JOULE -> SourceUnit.J;
            // J/h to kW has the factor of J to kWh
            case JOULE_PER_HOUR -> base.equals(Points.HEAT_POWER) ? SourceUnit.J : null;
            case WATT -> SourceUnit.W;
            case CUBIC_METRE -> SourceUnit.CUBIC_METRE;
            case LITRE -> SourceUnit.LITRE;
            case CUBIC_METRE_PER_HOUR -> SourceUnit.CUBIC_METRE_PER_HOUR;
            case DEGREE_CELSIUS -> SourceUnit.CELSIUS;
            case HOUR -> SourceUnit.HOUR;
            default -> null;
        };
        if (source != null) {
            return source.canonical() == canonical(base) ? source.toCanonical(value) : null;
        }
        return switch (unit) {
            case CUBIC_METRE_PER_MINUTE -> base.equals(Points.FLOW) ? value.multiply(SIXTY) : null;
            case CUBIC_METRE_PER_SECOND -> base.equals(Points.FLOW) ? value.multiply(HOUR_SECONDS) : null;
            case SECOND -> base.equals(Points.HOURS) ? divide(value, HOUR_SECONDS) : null;
            case MIN -> base.equals(Points.HOURS) ? divide(value, SIXTY) : null;
            case DAY -> base.equals(Points.HOURS) ? value.multiply(BigDecimal.valueOf(24)) : null;
            default -> null;
        };
    }

    private static BigDecimal divide(BigDecimal value, BigDecimal divisor) {
        try {
            return value.divide(divisor);
        } catch (ArithmeticException nonTerminating) {
            return value.divide(divisor, MathContext.DECIMAL128);
        }
    }

    /**
     * BCD digits, least significant byte first; a most significant nibble F marks a negative
     * value (EN 13757-3 Annex B). Null when another nibble is not a decimal digit.
     */
    static BigDecimal bcdValue(byte[] bytes) {
        long magnitude = 0;
        boolean negative = false;
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xFF;
            int high = b >> 4;
            int low = b & 0x0F;
            if (i == bytes.length - 1 && high == 0x0F) {
                negative = true;
                high = 0;
            }
            if (high > 9 || low > 9) {
                return null;
            }
            magnitude = magnitude * 100 + high * 10 + low;
        }
        return BigDecimal.valueOf(negative ? -magnitude : magnitude);
    }
}
