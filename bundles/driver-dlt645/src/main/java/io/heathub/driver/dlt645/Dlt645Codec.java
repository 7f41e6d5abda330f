package io.heathub.driver.dlt645;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * DL/T 645-2007 frames: {@code [FE…] 68 A0..A5 68 C L data CS 16}. Every data byte travels plus
 * 33h; CS is the sum modulo 256 of every byte from the first 68h to the last data byte.
 * Encoding never fails on valid arguments; parsing reports every defect as a
 * {@link FrameException} with the offset of the offending byte.
 */
public final class Dlt645Codec {
    /** Function 11h: read data. */
    public static final int READ_DATA = 0x11;
    /** Function 13h: read communication address. */
    public static final int READ_ADDRESS = 0x13;
    /** Wake-up byte sent (and often answered) before a frame. */
    public static final int WAKE_UP = 0xFE;
    private static final int START = 0x68;
    private static final int END = 0x16;
    private static final int MASK = 0x33;
    /** 68 A0..A5 68 C L CS 16 */
    private static final int OVERHEAD = 12;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /**
     * Where a frame ends: skips wake-up bytes, then 68, address, 68, C, L and L data bytes, CS, 16.
     * Bytes that cannot start a frame end it at once, so the parser reports them.
     */
    public static final Link.FrameBoundary BOUNDARY = Dlt645Codec::frameLength;

    private Dlt645Codec() {
    }

    static int frameLength(byte[] buffer, int length) {
        int start = 0;
        while (start < length && (buffer[start] & 0xFF) == WAKE_UP) {
            start++;
        }
        if (start == length) {
            return -1;
        }
        if ((buffer[start] & 0xFF) != START || (length > start + 7 && (buffer[start + 7] & 0xFF) != START)) {
            return length;
        }
        if (length < start + 10) {
            return -1;
        }
        return start + OVERHEAD + (buffer[start + 9] & 0xFF);
    }

    /** A frame with {@code wakeUp} FE bytes before it; {@code data} unmasked (33h is added here). */
    public static byte[] encode(MeterAddress address, int control, byte[] data, int wakeUp) {
        if (wakeUp < 0) {
            throw new IllegalArgumentException("wake-up byte count " + wakeUp + " is negative");
        }
        if (data.length > 255) {
            throw new IllegalArgumentException("data field of " + data.length + " bytes; at most 255");
        }
        byte[] frame = new byte[wakeUp + OVERHEAD + data.length];
        for (int i = 0; i < wakeUp; i++) {
            frame[i] = (byte) WAKE_UP;
        }
        int p = wakeUp;
        frame[p] = START;
        System.arraycopy(address.toWire(), 0, frame, p + 1, 6);
        frame[p + 7] = START;
        frame[p + 8] = (byte) control;
        frame[p + 9] = (byte) data.length;
        for (int i = 0; i < data.length; i++) {
            frame[p + 10 + i] = (byte) (data[i] + MASK);
        }
        frame[p + 10 + data.length] = checksum(frame, p, p + 10 + data.length);
        frame[p + 11 + data.length] = END;
        return frame;
    }

    /** Read data (11h) of one identifier. */
    public static byte[] readRequest(MeterAddress address, DataItem item, int wakeUp) {
        return encode(address, READ_DATA, item.identifierBytes(), wakeUp);
    }

    /** Read communication address (13h), to the wildcard address: only one meter may be on the line. */
    public static byte[] readAddressRequest(int wakeUp) {
        return encode(MeterAddress.WILDCARD, READ_ADDRESS, new byte[0], wakeUp);
    }

    /** A meter's normal reply (91h) to a read of {@code item}; for tests and simulators. */
    public static byte[] readReply(MeterAddress address, DataItem item, BigDecimal value, int wakeUp) {
        byte[] value1 = item.encode(value);
        byte[] data = new byte[4 + value1.length];
        System.arraycopy(item.identifierBytes(), 0, data, 0, 4);
        System.arraycopy(value1, 0, data, 4, value1.length);
        return encode(address, 0x80 | READ_DATA, data, wakeUp);
    }

    /** A meter's error reply (D1h) with the error byte {@code error}; for tests and simulators. */
    public static byte[] errorReply(MeterAddress address, int error, int wakeUp) {
        return encode(address, 0xC0 | READ_DATA, new byte[] {(byte) error}, wakeUp);
    }

    /** A meter's reply (93h) to a read of its address; for tests and simulators. */
    public static byte[] readAddressReply(MeterAddress address, int wakeUp) {
        return encode(address, 0x80 | READ_ADDRESS, address.toWire(), wakeUp);
    }

    /**
     * Checks the framing of one complete frame (leading FE bytes allowed) and unmasks its data.
     *
     * @throws FrameException kind CHECKSUM for a wrong CS, MALFORMED for anything else
     */
    public static Dlt645Frame parse(byte[] bytes) throws FrameException {
        int start = 0;
        while (start < bytes.length && (bytes[start] & 0xFF) == WAKE_UP) {
            start++;
        }
        if (start == bytes.length) {
            throw new FrameException(Kind.MALFORMED, bytes.length == 0 ? -1 : bytes.length - 1,
                    bytes.length == 0 ? "empty frame" : "only wake-up bytes (FE), no frame");
        }
        if ((bytes[start] & 0xFF) != START) {
            throw new FrameException(Kind.MALFORMED, start, String.format("expected start byte 68, got %02X", bytes[start]));
        }
        if (bytes.length < start + 10) {
            throw new FrameException(Kind.MALFORMED, bytes.length - 1, "truncated: " + (bytes.length - start)
                    + " bytes from the start byte, the header alone is 10: " + HEX.formatHex(bytes));
        }
        if ((bytes[start + 7] & 0xFF) != START) {
            throw new FrameException(Kind.MALFORMED, start + 7, String.format(
                    "expected the second start byte 68 after the address, got %02X", bytes[start + 7]));
        }
        int dataLength = bytes[start + 9] & 0xFF;
        int total = start + OVERHEAD + dataLength;
        if (bytes.length < total) {
            throw new FrameException(Kind.MALFORMED, bytes.length - 1, "truncated: L=" + dataLength + " needs "
                    + total + " bytes, got " + bytes.length + ": " + HEX.formatHex(bytes));
        }
        if (bytes.length > total) {
            throw new FrameException(Kind.MALFORMED, total, (bytes.length - total) + " bytes after the end of the frame (L="
                    + dataLength + "): " + HEX.formatHex(bytes));
        }
        int csOffset = start + 10 + dataLength;
        byte expected = checksum(bytes, start, csOffset);
        if (bytes[csOffset] != expected) {
            throw new FrameException(Kind.CHECKSUM, csOffset, String.format("checksum is %02X, computed %02X: %s",
                    bytes[csOffset], expected, HEX.formatHex(bytes)));
        }
        if ((bytes[csOffset + 1] & 0xFF) != END) {
            throw new FrameException(Kind.MALFORMED, csOffset + 1, String.format("expected end byte 16, got %02X",
                    bytes[csOffset + 1]));
        }
        MeterAddress address = MeterAddress.fromWire(bytes, start + 1, true);
        byte[] data = new byte[dataLength];
        for (int i = 0; i < dataLength; i++) {
            data[i] = (byte) (bytes[start + 10 + i] - MASK);
        }
        return new Dlt645Frame(address, bytes[start + 8] & 0xFF, data, start, start + 10);
    }

    /** A decoded normal reply to a read: whose, which identifier, which value. */
    public record ReadReply(MeterAddress address, DataItem item, BigDecimal value) {
    }

    /**
     * Decodes a reply (91h) to a read of a supported identifier.
     *
     * @throws FrameException NAK for an error reply (the error bits named), MALFORMED for requests,
     *                        other functions, following frames, unknown identifiers, wrong lengths
     *                        and values that are not BCD
     */
    public static ReadReply decodeReadReply(Dlt645Frame frame) throws FrameException {
        requireReply(frame, READ_DATA);
        MeterAddress address = exactAddress(frame);
        byte[] data = frame.data();
        int lengthOffset = frame.start() + 9;
        if (data.length < 4) {
            throw new FrameException(Kind.MALFORMED, lengthOffset, "read reply with L=" + data.length
                    + ": too short for the 4-byte data identifier");
        }
        int identifier = (data[0] & 0xFF) | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16 | (data[3] & 0xFF) << 24;
        DataItem item = DataItem.byIdentifier(identifier).orElseThrow(() -> new FrameException(Kind.MALFORMED,
                frame.dataOffset(), "data identifier " + DataItem.describe(identifier) + " is not supported; supported: "
                + supported()));
        if (data.length != 4 + item.size()) {
            throw new FrameException(Kind.MALFORMED, lengthOffset, "L=" + data.length + ", but " + item.point()
                    + " (DI " + item.describeIdentifier() + ") needs 4 + " + item.size());
        }
        return new ReadReply(address, item, item.decode(data, 4, frame.dataOffset() + 4));
    }

    /** Decodes a reply (93h) to a read-address request: the meter's own address. */
    public static MeterAddress decodeReadAddressReply(Dlt645Frame frame) throws FrameException {
        requireReply(frame, READ_ADDRESS);
        MeterAddress header = exactAddress(frame);
        if (frame.data().length != 6) {
            throw new FrameException(Kind.MALFORMED, frame.start() + 9, "read-address reply with L="
                    + frame.data().length + ", expected 6");
        }
        MeterAddress inData;
        try {
            inData = MeterAddress.fromWire(frame.data(), 0, false);
        } catch (FrameException e) {
            throw new FrameException(Kind.MALFORMED, frame.dataOffset() + e.offset(),
                    "the address in a read-address reply's data is not 12 BCD digits (after subtracting 33h)");
        }
        if (!inData.equals(header)) {
            throw new FrameException(Kind.MALFORMED, frame.dataOffset(), "read-address reply names " + inData
                    + " in its data but " + header + " in its address field");
        }
        return header;
    }

    /**
     * Checks that a frame is a normal, single-frame reply of {@code function}; error replies
     * become NAK with the error bits named.
     */
    static void requireReply(Dlt645Frame frame, int function) throws FrameException {
        int c = frame.control();
        if (!frame.isReply()) {
            throw new FrameException(Kind.MALFORMED, frame.controlOffset(), String.format(
                    "control code %02X is a request (direction bit D7 clear), not a meter's reply", c));
        }
        if (frame.isErrorReply()) {
            if (frame.data().length < 1) {
                throw new FrameException(Kind.MALFORMED, frame.start() + 9, String.format(
                        "error reply (C %02X) without an error byte", c));
            }
            int error = frame.data()[0] & 0xFF;
            throw new FrameException(Kind.NAK, frame.dataOffset(), String.format(
                    "meter %s answered with an error (C %02X, error byte %02X): %s", frame.address(), c, error,
                    errorNames(error)));
        }
        if (frame.function() != function) {
            throw new FrameException(Kind.MALFORMED, frame.controlOffset(), String.format(
                    "control code %02X is a reply to function %02Xh%s, expected a reply to %02Xh", c, frame.function(),
                    functionNote(frame.function()), function));
        }
        if (frame.hasFollowingFrames()) {
            throw new FrameException(Kind.MALFORMED, frame.controlOffset(), String.format(
                    "control code %02X announces following frames, which are not supported", c));
        }
    }

    /** A meter names itself with digits only: a wildcard (AA) in a reply's address is malformed. */
    private static MeterAddress exactAddress(Dlt645Frame frame) throws FrameException {
        byte[] wire = frame.address().toWire();
        for (int i = 0; i < wire.length; i++) {
            if ((wire[i] & 0xFF) == 0xAA) {
                throw new FrameException(Kind.MALFORMED, frame.start() + 1 + i, String.format(
                        "address byte A%d of a reply is the wildcard AA, a meter answers with its own address", i));
            }
        }
        return frame.address();
    }

    /**
     * The meaning of the bits of an error reply's byte (DL/T 645-2007, error information word):
     * D0 other error, D1 no data requested, D2 password error or unauthorised, D3 baud rate cannot
     * be changed, D4 too many year time zones, D5 too many day periods, D6 too many rates, D7
     * reserved.
     */
    public static String errorNames(int error) {
        String[] names = {"other error", "no data requested", "password error or unauthorised",
                "baud rate cannot be changed", "year time zone count exceeded", "day period count exceeded",
                "rate count exceeded", "reserved bit 7"};
        List<String> set = new ArrayList<>();
        for (int bit = 0; bit < 8; bit++) {
            if ((error & (1 << bit)) != 0) {
                set.add(names[bit]);
            }
        }
        return set.isEmpty() ? "no error bit set" : String.join(", ", set);
    }

    /** A hint for functions people meet in the field. */
    static String functionNote(int function) {
        return function == 0x01 ? " (a DL/T 645-1997 read: not supported)" : "";
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static String supported() {
        StringBuilder s = new StringBuilder();
        for (DataItem d : DataItem.values()) {
            s.append(s.length() == 0 ? "" : ", ").append(d.describeIdentifier()).append(' ').append(d.point());
        }
        return s.toString();
    }

    private static byte checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return (byte) sum;
    }
}
