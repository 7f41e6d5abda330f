package io.heathub.driver.dlt645;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The meter's own clock in DL/T 645-2007 (appendix A, parameter identifiers): the date and week
 * {@code 04 00 01 01} as YYMMDDWW (week day 0 = Sunday) and the time {@code 04 00 01 02} as
 * hhmmss, BCD, least significant byte first like every value (so WW DD MM YY and ss mm hh on the
 * wire), local time of the meter.
 */
final class MeterClock {
    static final int DATE = 0x04000101;
    static final int TIME = 0x04000102;

    private MeterClock() {
    }

    /** Read data (11h) of {@link #DATE} or {@link #TIME}. */
    static byte[] readRequest(MeterAddress address, int identifier, int wakeUp) {
        return Dlt645Codec.encode(address, Dlt645Codec.READ_DATA, identifierBytes(identifier), wakeUp);
    }

    /** The date of a reply to a {@link #DATE} read. */
    static LocalDate date(Dlt645Frame frame) throws FrameException {
        int[] v = values(frame, DATE, 4);
        int at = frame.dataOffset() + 4;
        check(v[0], 0, 6, "week day", at);
        try {
            return LocalDate.of(2000 + v[3], v[2], v[1]);
        } catch (DateTimeException e) {
            throw new FrameException(Kind.MALFORMED, at + 1, String.format("meter date 20%02d-%02d-%02d is not a day",
                    v[3], v[2], v[1]));
        }
    }

    /** The time of a reply to a {@link #TIME} read. */
    static LocalTime time(Dlt645Frame frame) throws FrameException {
        int[] v = values(frame, TIME, 3);
        int at = frame.dataOffset() + 4;
        check(v[0], 0, 59, "seconds", at);
        check(v[1], 0, 59, "minutes", at + 1);
        check(v[2], 0, 23, "hours", at + 2);
        return LocalTime.of(v[2], v[1], v[0]);
    }

    /** A meter's reply to a {@link #DATE} read; for tests and simulators. */
    static byte[] dateReply(MeterAddress address, LocalDate date, int wakeUp) {
        return reply(address, DATE, new int[] {date.getDayOfWeek().getValue() % 7, date.getDayOfMonth(),
                date.getMonthValue(), date.getYear() % 100}, wakeUp);
    }

    /** A meter's reply to a {@link #TIME} read; for tests and simulators. */
    static byte[] timeReply(MeterAddress address, LocalTime time, int wakeUp) {
        return reply(address, TIME, new int[] {time.getSecond(), time.getMinute(), time.getHour()}, wakeUp);
    }

    private static byte[] reply(MeterAddress address, int identifier, int[] values, int wakeUp) {
        byte[] data = new byte[4 + values.length];
        System.arraycopy(identifierBytes(identifier), 0, data, 0, 4);
        for (int i = 0; i < values.length; i++) {
            data[4 + i] = (byte) ((values[i] / 10) << 4 | values[i] % 10);
        }
        return Dlt645Codec.encode(address, 0x80 | Dlt645Codec.READ_DATA, data, wakeUp);
    }

    /** The BCD bytes of a reply to a read of {@code identifier}, least significant first. */
    private static int[] values(Dlt645Frame frame, int identifier, int size) throws FrameException {
        Dlt645Codec.requireReply(frame, Dlt645Codec.READ_DATA);
        byte[] data = frame.data();
        if (data.length < 4) {
            throw new FrameException(Kind.MALFORMED, frame.start() + 9, "read reply with L=" + data.length
                    + ": too short for the 4-byte data identifier");
        }
        int got = (data[0] & 0xFF) | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16 | (data[3] & 0xFF) << 24;
        if (got != identifier) {
            throw new FrameException(Kind.MALFORMED, frame.dataOffset(), "reply carries DI " + DataItem.describe(got)
                    + ", expected " + DataItem.describe(identifier) + " (meter clock)");
        }
        if (data.length != 4 + size) {
            throw new FrameException(Kind.MALFORMED, frame.start() + 9, "L=" + data.length + ", but the meter clock (DI "
                    + DataItem.describe(identifier) + ") needs 4 + " + size);
        }
        int[] values = new int[size];
        for (int i = 0; i < size; i++) {
            int b = data[4 + i] & 0xFF;
            if ((b >> 4) > 9 || (b & 0x0F) > 9) {
                throw new FrameException(Kind.MALFORMED, frame.dataOffset() + 4 + i, String.format(
                        "meter clock (DI %s): byte %d is 0x%02X after subtracting 33h, not BCD",
                        DataItem.describe(identifier), i, b));
            }
            values[i] = (b >> 4) * 10 + (b & 0x0F);
        }
        return values;
    }

    private static void check(int value, int min, int max, String field, int at) throws FrameException {
        if (value < min || value > max) {
            throw new FrameException(Kind.MALFORMED, at, "meter clock " + field + " " + value + " is outside " + min
                    + ".." + max);
        }
    }

    private static byte[] identifierBytes(int identifier) {
        return new byte[] {(byte) identifier, (byte) (identifier >>> 8), (byte) (identifier >>> 16),
                (byte) (identifier >>> 24)};
    }
}
