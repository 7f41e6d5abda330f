package io.heathub.driver.wmbus;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The host controller interface of IMST's iM871A (and iM170A) wireless M-Bus receivers, as far as
 * this driver uses it: {@code A5 CTRL|EP MSG LEN PAYLOAD… [TIMESTAMP(4)] [RSSI(1)] [CRC16(2)]}.
 * The high nibble of byte 1 says which trailers follow (2: time stamp, 4: RSSI, 8: CRC16; 1 is
 * reserved), the low nibble is the endpoint. The CRC16 is CRC-CCITT (polynomial 1021, start FFFF)
 * of byte 1 to the byte before it, inverted, low byte first.
 */
final class Hci {
    static final int START = 0xA5;
    static final int DEVMGMT = 0x01;
    static final int RADIOLINK = 0x02;
    static final int PING_REQ = 0x01;
    static final int PING_RSP = 0x02;
    static final int SET_CONFIG_REQ = 0x03;
    static final int SET_CONFIG_RSP = 0x04;
    /** A telegram received over the radio; its payload starts with the C field (the L field is its length). */
    static final int WMBUSMSG_IND = 0x03;
    private static final int HEADER = 4;
    private static final int FLAG_RESERVED = 0x1;
    private static final int FLAG_TIMESTAMP = 0x2;
    private static final int FLAG_RSSI = 0x4;
    private static final int FLAG_CRC = 0x8;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /** One checked HCI frame. {@code rssi} is -1 when the receiver attached none. */
    record Frame(int endpoint, int message, byte[] payload, int rssi) {
        boolean is(int endpointId, int messageId) {
            return endpoint == endpointId && message == messageId;
        }
    }

    private Hci() {
    }

    /** A request from the host, with a CRC16 (the receiver then answers with one too). */
    static byte[] request(int endpoint, int message, byte... payload) {
        byte[] frame = new byte[HEADER + payload.length + 2];
        frame[0] = (byte) START;
        frame[1] = (byte) (FLAG_CRC << 4 | endpoint);
        frame[2] = (byte) message;
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, HEADER, payload.length);
        withCrc(frame);
        return frame;
    }

    /** Writes the CRC16 into the last two bytes; the fuzzer's checksum repair uses it too. */
    static byte[] withCrc(byte[] frame) {
        int crc = crc16(frame, 1, frame.length - 3);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >> 8);
        return frame;
    }

    /**
     * The {@code Link.FrameBoundary}: the whole length once the length byte is in. A first byte
     * other than A5 ends the frame at once, so that the caller reports it now rather than at the
     * timeout.
     */
    static int frameLength(byte[] buffer, int length) {
        if (length < 1) {
            return -1;
        }
        if ((buffer[0] & 0xFF) != START) {
            return length;
        }
        return length < HEADER ? -1 : declaredLength(buffer[1], buffer[3]);
    }

    private static int declaredLength(byte control, byte payloadLength) {
        int flags = (control & 0xF0) >> 4;
        return HEADER + (payloadLength & 0xFF) + ((flags & FLAG_TIMESTAMP) != 0 ? 4 : 0)
                + ((flags & FLAG_RSSI) != 0 ? 1 : 0) + ((flags & FLAG_CRC) != 0 ? 2 : 0);
    }

    /**
     * Checks one frame: start byte, reserved bit, length, CRC16. A frame without a CRC16 is
     * refused: without it a damaged byte on the serial line would pass as a value.
     *
     * @param base where {@code frame} starts in the bytes the caller quotes (for offsets)
     */
    static Frame parse(byte[] frame, int base) throws FrameException {
        if (frame.length == 0 || (frame[0] & 0xFF) != START) {
            throw new FrameException(Kind.MALFORMED, base, "expected A5 (start of an iM871A HCI frame): " + hex(frame));
        }
        if (frame.length < HEADER) {
            throw new FrameException(Kind.MALFORMED, base + frame.length, "HCI frame cut after " + frame.length
                    + " bytes: " + hex(frame));
        }
        int flags = (frame[1] & 0xF0) >> 4;
        if ((flags & FLAG_RESERVED) != 0) {
            throw new FrameException(Kind.MALFORMED, base + 1, "reserved control bit set: " + hex(frame));
        }
        int declared = declaredLength(frame[1], frame[3]);
        if (declared != frame.length) {
            throw new FrameException(Kind.MALFORMED, base + 3, "length byte says " + declared + " bytes, the frame has "
                    + frame.length + ": " + hex(frame));
        }
        if ((flags & FLAG_CRC) == 0) {
            throw new FrameException(Kind.MALFORMED, base + 1, "HCI frame without CRC16 (control bit 8 not set; the"
                    + " driver sends its requests with a CRC so that the receiver answers with one): " + hex(frame));
        }
        int received = (frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8;
        int computed = crc16(frame, 1, frame.length - 3);
        if (received != computed) {
            throw new FrameException(Kind.CHECKSUM, base + frame.length - 2, String.format(
                    "CRC16 %04X, computed %04X: %s", received, computed, hex(frame)));
        }
        int payloadLength = frame[3] & 0xFF;
        int rssi = (flags & FLAG_RSSI) != 0
                ? frame[HEADER + payloadLength + ((flags & FLAG_TIMESTAMP) != 0 ? 4 : 0)] & 0xFF : -1;
        return new Frame(frame[1] & 0x0F, frame[2] & 0xFF, Arrays.copyOfRange(frame, HEADER, HEADER + payloadLength),
                rssi);
    }

    /** CRC-CCITT (1021, start FFFF, MSB first) of {@code length} bytes from {@code from}, inverted. */
    static int crc16(byte[] bytes, int from, int length) {
        int crc = 0xFFFF;
        for (int i = from; i < from + length; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return ~crc & 0xFFFF;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
