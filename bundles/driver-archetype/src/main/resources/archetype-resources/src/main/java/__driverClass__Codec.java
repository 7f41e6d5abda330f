package ${package};

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The ${driverName} frames, without a device or a line. Every frame is
 * {@code 7E ADDR CMD LEN DATA... CS}: start byte 7E, the device address (1..250), the command
 * (bit 7 set in replies, bits 7 and 6 in error replies), the number of data bytes, the data, and
 * the sum of ADDR to the last data byte mod 256.
 *
 * <p>Command 01 reads the meter: its reply carries 12 data bytes, heat energy in Wh (u32), volume
 * in litres (u32), supply and return temperature in 0.01 °C (s16), all big-endian. Replace this
 * with your protocol's frames; keep the checks: a frame that does not check out is a
 * {@link FrameException} naming the byte, never a value.
 */
public final class ${driverClass}Codec {
    public static final int START = 0x7E;
    public static final int READ = 0x01;
    /** Data bytes of a reply to READ. */
    public static final int READ_DATA_LENGTH = 12;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private ${driverClass}Codec() {
    }

    /** A frame with its length and checksum. */
    public static byte[] frame(int address, int command, byte... data) {
        byte[] frame = new byte[5 + data.length];
        frame[0] = (byte) START;
        frame[1] = (byte) address;
        frame[2] = (byte) command;
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        frame[frame.length - 1] = (byte) checksum(frame);
        return frame;
    }

    /** Sum of ADDR up to the byte before the checksum, mod 256. */
    public static int checksum(byte[] frame) {
        int sum = 0;
        for (int i = 1; i < frame.length - 1; i++) {
            sum += frame[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /**
     * Where a frame ends, for {@code Link.receive}: -1 while the length byte has not arrived. A first
     * byte other than 7E ends the frame at once, so that {@link #reply} reports it instead of
     * waiting for the timeout.
     */
    public static int frameLength(byte[] buffer, int length) {
        if ((buffer[0] & 0xFF) != START) {
            return length;
        }
        return length < 4 ? -1 : 5 + (buffer[3] & 0xFF);
    }

    /** True for a frame a master sent (the echo of a request on an RS-485 line). */
    public static boolean isRequest(byte[] frame) {
        return frame.length >= 3 && (frame[0] & 0xFF) == START && (frame[2] & 0x80) == 0;
    }

    /** The address byte of a frame, -1 when it has none. */
    public static int address(byte[] frame) {
        return frame.length >= 2 && (frame[0] & 0xFF) == START ? frame[1] & 0xFF : -1;
    }

    /**
     * The data of a reply to {@code command}, checked: start, length, checksum, error reply,
     * command.
     */
    public static byte[] reply(byte[] frame, int command) throws FrameException {
        if (frame.length == 0 || (frame[0] & 0xFF) != START) {
            throw new FrameException(Kind.MALFORMED, 0, "expected start byte 7E: " + hex(frame));
        }
        if (frame.length < 5 || frame.length != 5 + (frame[3] & 0xFF)) {
            throw new FrameException(Kind.MALFORMED, Math.min(3, frame.length), "length does not match the frame: "
                    + hex(frame));
        }
        int sum = checksum(frame);
        if ((frame[frame.length - 1] & 0xFF) != sum) {
            throw new FrameException(Kind.CHECKSUM, frame.length - 1, String.format("checksum %02X, computed %02X: %s",
                    frame[frame.length - 1], sum, hex(frame)));
        }
        int c = frame[2] & 0xFF;
        if ((c & 0xC0) == 0xC0) {
            throw new FrameException(Kind.NAK, 2, "error reply " + hex(frame));
        }
        if (c != (0x80 | command)) {
            throw new FrameException(Kind.MALFORMED, 2, String.format("command %02X does not answer %02X: %s",
                    c, command, hex(frame)));
        }
        return Arrays.copyOfRange(frame, 4, frame.length - 1);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static long u32(byte[] data, int at) {
        return (data[at] & 0xFFL) << 24 | (data[at + 1] & 0xFFL) << 16 | (data[at + 2] & 0xFFL) << 8
                | (data[at + 3] & 0xFFL);
    }

    static int s16(byte[] data, int at) {
        return (short) ((data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF));
    }
}
