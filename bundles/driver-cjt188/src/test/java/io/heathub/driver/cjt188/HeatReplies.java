package io.heathub.driver.cjt188;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;

/** Builds heat meter current data replies for tests (an independent encoder of the layout). */
final class HeatReplies {
    private HeatReplies() {
    }

    /** One 4-byte value with its unit code. */
    record Field(long digits, int unitCode) {
    }

    /** Everything a 901F heat meter reply carries; digits are the raw BCD numbers (no decimal point). */
    record HeatData(Field dueDay, Field heat, Field power, Field flow, Field volume, int supply, int ret, int hours,
                    LocalDateTime clock, int status0, int status1) {
    }

    static byte[] reply(int wakeUp, String address, int ser, boolean unitBefore, boolean swappedDi, HeatData d) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Field f : new Field[] {d.dueDay(), d.heat(), d.power(), d.flow(), d.volume()}) {
            if (unitBefore) {
                data.write(f.unitCode());
            }
            data.writeBytes(bcd(f.digits(), 4));
            if (!unitBefore) {
                data.write(f.unitCode());
            }
        }
        data.writeBytes(bcd(d.supply(), 3));
        data.writeBytes(bcd(d.ret(), 3));
        data.writeBytes(bcd(d.hours(), 3));
        LocalDateTime c = d.clock();
        data.writeBytes(bcd(c.getSecond(), 1));
        data.writeBytes(bcd(c.getMinute(), 1));
        data.writeBytes(bcd(c.getHour(), 1));
        data.writeBytes(bcd(c.getDayOfMonth(), 1));
        data.writeBytes(bcd(c.getMonthValue(), 1));
        data.writeBytes(bcd(c.getYear() % 100, 1));
        data.writeBytes(bcd(c.getYear() / 100, 1));
        data.write(d.status0());
        data.write(d.status1());
        int di = swappedDi ? 0x1F90 : 0x901F;
        return Cjt188Codec.encode(wakeUp, 0x20, address, 0x81, di, ser, data.toByteArray());
    }

    /** A standard-order reply with fixed values except the flow digits and status byte 0. */
    static byte[] standard(String address, int status0, long flowDigits) {
        return reply(0, address, 0, false, false, new HeatData(new Field(1234, 0x05), new Field(5678, 0x05),
                new Field(100, 0x17), new Field(flowDigits, 0x35), new Field(99, 0x2C), 7000, 4000, 12,
                LocalDateTime.of(2025, 12, 1, 8, 30, 0), status0, 0));
    }

    /** BCD, least significant byte first. */
    static byte[] bcd(long value, int bytes) {
        byte[] out = new byte[bytes];
        long v = value;
        for (int i = 0; i < bytes; i++) {
            long pair = v % 100;
            out[i] = (byte) (((pair / 10) << 4) | (pair % 10));
            v /= 100;
        }
        return out;
    }
}
