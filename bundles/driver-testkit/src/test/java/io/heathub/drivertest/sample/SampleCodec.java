package io.heathub.drivertest.sample;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The kit's sample protocol: every frame is {@code 7E ADDR CMD LEN DATA… CS}, CS = sum of ADDR to
 * the last data byte mod 256; requests have bit 7 of CMD clear, replies set, error replies bit 6.
 * CMD 01 reads energy (Wh, u32) and volume (L, u32); 02 reads supply and return temperature
 * (0.01 °C, s16); 03 writes the supply setpoint (0.1 °C, s16) and answers it back; 04 identifies.
 */
public final class SampleCodec {
    static final int START = 0x7E;
    static final int READ_ENERGY = 0x01;
    static final int READ_TEMPERATURES = 0x02;
    static final int WRITE_SETPOINT = 0x03;
    static final int IDENTIFY = 0x04;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private SampleCodec() {
    }

    public static byte[] frame(int address, int command, byte... data) {
        byte[] f = new byte[5 + data.length];
        f[0] = (byte) START;
        f[1] = (byte) address;
        f[2] = (byte) command;
        f[3] = (byte) data.length;
        System.arraycopy(data, 0, f, 4, data.length);
        f[f.length - 1] = (byte) checksum(f, f.length - 1);
        return f;
    }

    static int checksum(byte[] f, int end) {
        int sum = 0;
        for (int i = 1; i < end; i++) {
            sum += f[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** Where a frame ends: a bad start byte ends it at once so that the parser reports it. */
    static int frameLength(byte[] buffer, int length) {
        if ((buffer[0] & 0xFF) != START) {
            return length;
        }
        return length < 4 ? -1 : 5 + (buffer[3] & 0xFF);
    }

    /** The data of a checked reply to {@code command} from {@code address}. */
    static byte[] data(byte[] f, int command, boolean checkSum) throws FrameException {
        if (f.length < 5 || (f[0] & 0xFF) != START) {
            throw new FrameException(Kind.MALFORMED, 0, "not a frame: " + hex(f));
        }
        if (f.length != 5 + (f[3] & 0xFF)) {
            throw new FrameException(Kind.MALFORMED, 3, "length " + (f[3] & 0xFF) + " does not fit " + hex(f));
        }
        if (checkSum && (f[f.length - 1] & 0xFF) != checksum(f, f.length - 1)) {
            throw new FrameException(Kind.CHECKSUM, f.length - 1, "checksum " + String.format("%02X", f[f.length - 1])
                    + ", computed " + String.format("%02X", checksum(f, f.length - 1)) + " in " + hex(f));
        }
        int c = f[2] & 0xFF;
        if ((c & 0xC0) == 0xC0) {
            throw new FrameException(Kind.NAK, 2, "error reply " + hex(f));
        }
        if (c != (0x80 | command)) {
            throw new FrameException(Kind.MALFORMED, 2, "command " + String.format("%02X", c) + " answers no "
                    + String.format("%02X", command) + " request: " + hex(f));
        }
        return Arrays.copyOfRange(f, 4, f.length - 1);
    }

    static boolean isRequest(byte[] f) {
        return f.length >= 3 && (f[0] & 0xFF) == START && (f[2] & 0x80) == 0;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static long u32(byte[] d, int at) {
        return (d[at] & 0xFFL) << 24 | (d[at + 1] & 0xFFL) << 16 | (d[at + 2] & 0xFFL) << 8 | (d[at + 3] & 0xFFL);
    }

    static int s16(byte[] d, int at) {
        return (short) ((d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF));
    }
}
