package io.heathub.driver.mbus;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;

/**
 * EN 13757-2 link layer (FT 1.2) frames: building requests, telling where a reply ends and
 * checking a long frame before its user data is interpreted.
 */
final class MbusFrames {
    static final int ACK = 0xE5;
    static final int SHORT_START = 0x10;
    static final int LONG_START = 0x68;
    static final int STOP = 0x16;
    /** C field of SND_NKE (link reset). */
    static final int C_SND_NKE = 0x40;
    /** C field of REQ_UD2 without FCB; FCV is set, FCB (0x20) toggles between polls. */
    static final int C_REQ_UD2 = 0x5B;
    static final int FCB = 0x20;
    /** C field of SND_UD used for the secondary-address select. */
    static final int C_SND_UD = 0x53;
    /** CI of a select by secondary address. */
    static final int CI_SELECT = 0x52;
    /** The network layer address that reaches the selected meter. */
    static final int ADDRESS_SELECTED = 0xFD;

    /** Where a slave reply ends: one byte for the single-character ACK, L + 6 for a long frame. */
    static final Link.FrameBoundary REPLY_BOUNDARY = (buffer, length) -> {
        if (length < 1) {
            return -1;
        }
        int first = buffer[0] & 0xFF;
        if (first == ACK) {
            return 1;
        }
        if (first == LONG_START) {
            return length < 2 ? -1 : (buffer[1] & 0xFF) + 6;
        }
        if (first == SHORT_START) {
            return 5;
        }
        return length; // not a reply start: stop here and let the decoder report it
    };

    private MbusFrames() {
    }

    /** A short frame {@code 10 C A CS 16}. */
    static byte[] shortFrame(int control, int address) {
        return new byte[] {SHORT_START, (byte) control, (byte) address, (byte) (control + address), STOP};
    }

    /** A long frame {@code 68 L L 68 C A CI data CS 16}. */
    static byte[] longFrame(int control, int address, int ci, byte[] data) {
        int l = 3 + data.length;
        byte[] frame = new byte[l + 6];
        frame[0] = LONG_START;
        frame[1] = (byte) l;
        frame[2] = (byte) l;
        frame[3] = LONG_START;
        frame[4] = (byte) control;
        frame[5] = (byte) address;
        frame[6] = (byte) ci;
        System.arraycopy(data, 0, frame, 7, data.length);
        frame[l + 4] = (byte) checksum(frame, 4, l + 4);
        frame[l + 5] = STOP;
        return frame;
    }

    /** Arithmetic sum of {@code frame[from..to)} modulo 256. */
    static int checksum(byte[] frame, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += frame[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /**
     * Checks a long frame's framing (start bytes, equal L fields, length, checksum, stop byte, a
     * RSP_UD control field) and returns L.
     */
    static int checkLongFrame(byte[] frame) throws FrameException {
        if (frame.length == 0) {
            throw new FrameException(Kind.MALFORMED, 0, "empty frame");
        }
        int first = frame[0] & 0xFF;
        if (first == ACK) {
            throw new FrameException(Kind.MALFORMED, 0, "single-character ACK (E5), not a data frame");
        }
        if (first != LONG_START) {
            throw new FrameException(Kind.MALFORMED, 0, String.format(
                    "expected long frame start 0x68, got 0x%02X", first));
        }
        if (frame.length < 4) {
            throw new FrameException(Kind.MALFORMED, frame.length, "truncated: " + frame.length
                    + " bytes, a long frame header has 4");
        }
        int l = frame[1] & 0xFF;
        if ((frame[2] & 0xFF) != l) {
            throw new FrameException(Kind.MALFORMED, 2, String.format(
                    "length fields differ: L=0x%02X, repeated 0x%02X", l, frame[2] & 0xFF));
        }
        if ((frame[3] & 0xFF) != LONG_START) {
            throw new FrameException(Kind.MALFORMED, 3, String.format(
                    "expected second start byte 0x68, got 0x%02X", frame[3] & 0xFF));
        }
        if (l < 3) {
            throw new FrameException(Kind.MALFORMED, 1, "L=" + l + " is too small: C, A and CI need 3");
        }
        int total = l + 6;
        if (frame.length < total) {
            throw new FrameException(Kind.MALFORMED, frame.length, "truncated: L=" + l + " needs " + total
                    + " bytes, got " + frame.length);
        }
        int expected = checksum(frame, 4, 4 + l);
        int actual = frame[4 + l] & 0xFF;
        if (expected != actual) {
            throw new FrameException(Kind.CHECKSUM, 4 + l, String.format(
                    "checksum is 0x%02X, computed 0x%02X", actual, expected));
        }
        if ((frame[5 + l] & 0xFF) != STOP) {
            throw new FrameException(Kind.MALFORMED, 5 + l, String.format(
                    "expected stop byte 0x16, got 0x%02X", frame[5 + l] & 0xFF));
        }
        if (frame.length > total) {
            throw new FrameException(Kind.MALFORMED, total, (frame.length - total)
                    + " bytes after the end of the frame");
        }
        int control = frame[4] & 0xFF;
        if ((control & 0xCF) != 0x08) {
            throw new FrameException(Kind.MALFORMED, 4, String.format(
                    "control field 0x%02X is not a RSP_UD reply (0x08/0x18/0x28/0x38)", control));
        }
        return l;
    }

    /** The bytes as space-separated hex, for messages. */
    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }
}
