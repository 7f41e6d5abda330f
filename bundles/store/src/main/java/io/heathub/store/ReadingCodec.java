package io.heathub.store;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Compact binary form of a reading in the journal. Layout (format version 1):
 *
 * <pre>
 * byte    format version (1)
 * string  device, point          (varint byte length + UTF-8)
 * varint  value scale (zigzag), varint length + two's complement unscaled value
 * byte    unit code (0 = not in the table: the unit symbol follows as a string)
 * varlong epoch second (zigzag), varint nano of second
 * byte    quality code (0 = not in the table: the quality name follows as a string)
 * string  reason
 * </pre>
 *
 * Unit and quality codes are fixed here, not enum ordinals, so reordering the API enums never
 * changes the meaning of stored bytes; a value added to an API enum later is stored by name.
 */
final class ReadingCodec {
    static final byte FORMAT_V1 = 1;

    private static final Map<Unit, Integer> UNIT_CODES = new EnumMap<>(Map.ofEntries(
            Map.entry(Unit.KWH, 1), Map.entry(Unit.KW, 2), Map.entry(Unit.CUBIC_METRE, 3),
            Map.entry(Unit.CUBIC_METRE_PER_HOUR, 4), Map.entry(Unit.CELSIUS, 5), Map.entry(Unit.KPA, 6),
            Map.entry(Unit.HERTZ, 7), Map.entry(Unit.PERCENT, 8), Map.entry(Unit.HOUR, 9),
            Map.entry(Unit.AMPERE, 10), Map.entry(Unit.VOLT, 11), Map.entry(Unit.NONE, 12)));
    private static final Unit[] UNITS_BY_CODE = inverse(UNIT_CODES, new Unit[13]);

    private static final Map<Quality, Integer> QUALITY_CODES = new EnumMap<>(Map.of(
            Quality.GOOD, 1, Quality.ESTIMATED, 2, Quality.SUSPECT, 3, Quality.BAD, 4));
    private static final Quality[] QUALITIES_BY_CODE = inverse(QUALITY_CODES, new Quality[5]);

    private ReadingCodec() {
    }

    static byte[] encode(Reading r) {
        Out out = new Out();
        out.write(FORMAT_V1);
        out.string(r.device());
        out.string(r.point());
        BigDecimal value = r.value();
        out.varLong(zigzag(value.scale()));
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.varLong(unscaled.length);
        out.write(unscaled, 0, unscaled.length);
        Integer unit = UNIT_CODES.get(r.unit());
        out.write(unit == null ? 0 : unit);
        if (unit == null) {
            out.string(r.unit().symbol());
        }
        out.varLong(zigzag(r.time().getEpochSecond()));
        out.varLong(r.time().getNano());
        Integer quality = QUALITY_CODES.get(r.quality());
        out.write(quality == null ? 0 : quality);
        if (quality == null) {
            out.string(r.quality().name());
        }
        out.string(r.reason());
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a reading in a known format */
    static Reading decode(byte[] bytes) {
        In in = new In(bytes);
        int format = in.readByte();
        if (format != FORMAT_V1) {
            throw new IllegalArgumentException("unknown journal record format " + format);
        }
        String device = in.string();
        String point = in.string();
        int scale = unzigzagInt(in.varLong());
        byte[] unscaled = in.bytes((int) in.varLong());
        BigDecimal value = new BigDecimal(new BigInteger(unscaled), scale);
        int unitCode = in.readByte();
        Unit unit;
        if (unitCode == 0) {
            String symbol = in.string();
            unit = Unit.bySymbol(symbol)
                    .orElseThrow(() -> new IllegalArgumentException("unknown unit \"" + symbol + "\""));
        } else {
            unit = lookup(UNITS_BY_CODE, unitCode, "unit");
        }
        long epochSecond = unzigzag(in.varLong());
        long nano = in.varLong();
        int qualityCode = in.readByte();
        Quality quality = qualityCode == 0 ? Quality.valueOf(in.string())
                : lookup(QUALITIES_BY_CODE, qualityCode, "quality");
        String reason = in.string();
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes");
        }
        return new Reading(device, point, value, unit, Instant.ofEpochSecond(epochSecond, nano), quality, reason);
    }

    private static <T> T lookup(T[] table, int code, String what) {
        if (code < 0 || code >= table.length || table[code] == null) {
            throw new IllegalArgumentException("unknown " + what + " code " + code);
        }
        return table[code];
    }

    private static <E extends Enum<E>> E[] inverse(Map<E, Integer> codes, E[] table) {
        codes.forEach((e, code) -> table[code] = e);
        return table;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int unzigzagInt(long v) {
        return Math.toIntExact(unzigzag(v));
    }

    /** Growable output with unsigned LEB128 varints. */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        void varLong(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varLong(utf8.length);
            write(utf8, 0, utf8.length);
        }
    }

    /** Bounds-checked reader: truncated input fails with IllegalArgumentException, never garbage. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int remaining() {
            return buf.length - pos;
        }

        int readByte() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated journal record");
            }
            return buf[pos++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        byte[] bytes(int n) {
            if (n < 0 || n > remaining()) {
                throw new IllegalArgumentException("truncated journal record");
            }
            byte[] out = new byte[n];
            System.arraycopy(buf, pos, out, 0, n);
            pos += n;
            return out;
        }

        String string() {
            return new String(bytes(Math.toIntExact(varLong())), StandardCharsets.UTF_8);
        }
    }
}
