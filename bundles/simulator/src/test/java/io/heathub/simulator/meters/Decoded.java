package io.heathub.simulator.meters;

import io.heathub.api.Reading;
import io.heathub.api.driver.FrameException;
import io.heathub.driver.cjt188.Cjt188FrameDecoder;
import io.heathub.driver.dlt645.Dlt645FrameDecoder;
import io.heathub.driver.mbus.MbusFrameDecoder;
import io.heathub.driver.mbus.MbusTelegram;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The hub's decoders applied to simulator replies, readings by point. */
final class Decoded {
    private Decoded() {
    }

    static Map<String, BigDecimal> cjt188(byte[] reply, String unitPosition) throws FrameException {
        return byPoint(new Cjt188FrameDecoder().decode(reply, Map.of("unitPosition", unitPosition), Instant.now()));
    }

    static Map<String, BigDecimal> dlt645(byte[] reply) throws FrameException {
        return byPoint(new Dlt645FrameDecoder().decode(reply, Map.of(), Instant.now()));
    }

    static MbusTelegram mbus(byte[] reply) throws FrameException {
        return new MbusFrameDecoder().decodeTelegram(reply, null, Instant.now());
    }

    static Map<String, BigDecimal> byPoint(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point, Reading::value));
    }

    /** A request as the line framer sees it. */
    static LineFrame frame(byte[] request) {
        LineFramer framer = new LineFramer(1_000_000_000L);
        framer.accept(request, 0, request.length, System.nanoTime());
        LineFrame frame = framer.next();
        if (frame == null) {
            throw new AssertionError("not a complete request: " + Master.HEX.formatHex(request));
        }
        return frame;
    }

    /** M-Bus short frame 10 C A CS 16. */
    static byte[] mbusShort(int control, int address) {
        return new byte[] {0x10, (byte) control, (byte) address, (byte) (control + address), 0x16};
    }

    /** M-Bus long frame 68 L L 68 C A CI data CS 16. */
    static byte[] mbusLong(int control, int address, int ci, byte[] data) {
        int l = 3 + data.length;
        byte[] frame = new byte[l + 6];
        frame[0] = 0x68;
        frame[1] = (byte) l;
        frame[2] = (byte) l;
        frame[3] = 0x68;
        frame[4] = (byte) control;
        frame[5] = (byte) address;
        frame[6] = (byte) ci;
        System.arraycopy(data, 0, frame, 7, data.length);
        int sum = 0;
        for (int i = 4; i < l + 4; i++) {
            sum += frame[i] & 0xFF;
        }
        frame[l + 4] = (byte) sum;
        frame[l + 5] = 0x16;
        return frame;
    }

    /** SND_UD select (CI 52) at 253 with an 8-byte mask. */
    static byte[] select(byte... mask) {
        return mbusLong(0x53, 0xFD, 0x52, mask);
    }

    static byte[] hex(String text) {
        return Master.HEX.parseHex(text);
    }
}
