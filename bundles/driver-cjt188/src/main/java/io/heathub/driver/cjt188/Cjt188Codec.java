package io.heathub.driver.cjt188;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Encodes CJ/T 188 requests and checks replies at the frame level:
 * {@code [FE…] 68 T A0..A6 C L DI0 DI1 SER data CS 16}.
 */
public final class Cjt188Codec {
    /** Start byte. */
    public static final int START = 0x68;
    /** End byte. */
    public static final int END = 0x16;
    /** Wake-up byte sent before a frame. */
    public static final int WAKE_UP = 0xFE;
    /** Wildcard meter type and broadcast address byte. */
    public static final int WILDCARD = 0xAA;
    /** The broadcast address (AA×7) as this codec prints it. */
    public static final String BROADCAST = "AAAAAAAAAAAAAA";
    /** Function codes (bits 0–5 of C). */
    public static final int READ_DATA = 0x01;
    public static final int READ_ADDRESS = 0x03;
    public static final int WRITE_DATA = 0x04;
    /** Data identifiers as sent on the wire (DI0 first). */
    public static final int DI_CURRENT_DATA = 0x901F;
    public static final int DI_READ_ADDRESS = 0x810A;
    public static final int DI_VALVE_CONTROL = 0xA017;
    /** Valve control data byte. */
    public static final int VALVE_OPEN = 0x55;
    public static final int VALVE_CLOSE = 0x99;

    static final int HEADER = 11; // 68 T A0..A6 C L
    private static final Pattern ADDRESS = Pattern.compile("[0-9]{14}");
    /** Wildcard AA bytes only above the known ones: {@code AAAAAAAAAA0001}, {@code AAAAAAAAAAAAAA}. */
    private static final Pattern ABBREVIATED = Pattern.compile("(AA)*([0-9]{2})*");
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private Cjt188Codec() {
    }

    /**
     * True for 14 decimal digits, the broadcast address {@code AAAAAAAAAAAAAA}, or an address whose
     * high bytes are AA and low bytes digits ({@code AAAAAAAAAA0001}: the partial wildcard some meter
     * families accept, as DL/T 645's abbreviated addressing).
     */
    public static boolean isValidAddress(String address) {
        return address != null && address.length() == 14 && ABBREVIATED.matcher(address).matches();
    }

    /** Whether a meter with address {@code meter} is one a request to {@code address} (AA wildcards allowed) reaches. */
    public static boolean reaches(String address, String meter) {
        return meter.endsWith(address.replaceFirst("^(AA)+", ""));
    }

    /** True for exactly 14 decimal digits: a meter's own address. */
    public static boolean isMeterAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    /**
     * Encodes a request.
     *
     * @param wakeUp  number of FE bytes before the frame (0 or more)
     * @param type    meter type T (0x20 heat, 0x10 cold water, 0xAA any)
     * @param address 14 digits as printed, {@link #BROADCAST}, or high bytes AA and low bytes digits
     * @param control the control byte C (0x01, 0x03, 0x04, or a vendor's code)
     * @param di      data identifier as sent, DI0 in the high byte (0x901F sends 90 1F)
     * @param ser     sequence number 0..255
     * @param data    data bytes after SER
     */
    public static byte[] encode(int wakeUp, int type, String address, int control, int di, int ser, byte[] data) {
        if (!isValidAddress(address)) {
            throw new IllegalArgumentException("address: expected 14 digits, " + BROADCAST + " or AA high bytes before"
                    + " digits, got \"" + address + "\"");
        }
        if (wakeUp < 0 || type < 0 || type > 0xFF || control < 0 || control > 0xFF || ser < 0 || ser > 0xFF
                || di < 0 || di > 0xFFFF || data.length > 0xFF - 3) {
            throw new IllegalArgumentException("field out of range");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < wakeUp; i++) {
            out.write(WAKE_UP);
        }
        int start = wakeUp;
        out.write(START);
        out.write(type);
        out.writeBytes(addressBytes(address));
        out.write(control);
        out.write(3 + data.length);
        out.write(di >> 8);
        out.write(di & 0xFF);
        out.write(ser);
        out.writeBytes(data);
        byte[] frame = out.toByteArray();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(frame);
        whole.write(checksum(frame, start, frame.length));
        whole.write(END);
        return whole.toByteArray();
    }

    /** The 901F "read current data" request. */
    public static byte[] readCurrentData(int wakeUp, int type, String address, int ser) {
        return encode(wakeUp, type, address, READ_DATA, DI_CURRENT_DATA, ser, new byte[0]);
    }

    /** The read-address request (DI 81 0A) to whatever single meter is on the line. */
    public static byte[] readAddress(int wakeUp, int ser) {
        return readAddress(wakeUp, ser, BROADCAST);
    }

    /** The read-address request to the meters of any type that {@code address} (with AA wildcards) reaches. */
    public static byte[] readAddress(int wakeUp, int ser, String address) {
        return encode(wakeUp, WILDCARD, address, READ_ADDRESS, DI_READ_ADDRESS, ser, new byte[0]);
    }

    /** The valve control write (DI A0 17, data 55 open / 99 close), C = {@code control} (standard 04). */
    public static byte[] valveControl(int wakeUp, int type, String address, int control, int ser, boolean open) {
        return encode(wakeUp, type, address, control, DI_VALVE_CONTROL, ser,
                new byte[] {(byte) (open ? VALVE_OPEN : VALVE_CLOSE)});
    }

    /** A0..A6: BCD digit pairs, least significant byte first. */
    static byte[] addressBytes(String address) {
        byte[] a = new byte[7];
        for (int i = 0; i < 7; i++) {
            int hi = 12 - 2 * i; // printed digits: most significant first
            a[i] = (byte) Integer.parseInt(address.substring(hi, hi + 2), 16);
        }
        return a;
    }

    /** Sum of bytes [from, to) modulo 256. */
    public static int checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /**
     * Frame boundary for {@code Link.receive}: skips FE bytes, then uses L. A first non-FE byte that
     * is not 68 ends the frame at once so that {@link #parse} reports it instead of a timeout.
     */
    public static int frameLength(byte[] buffer, int length) {
        int start = 0;
        while (start < length && (buffer[start] & 0xFF) == WAKE_UP) {
            start++;
        }
        if (start >= length) {
            return -1;
        }
        if ((buffer[start] & 0xFF) != START) {
            return length;
        }
        if (length < start + HEADER) {
            return -1;
        }
        return start + HEADER + (buffer[start + 10] & 0xFF) + 2;
    }

    /**
     * Checks a frame: any number of FE bytes, start 68, L, checksum, end 16, nothing after.
     * Does not check direction or DI (see {@link #parseReply}).
     */
    public static Cjt188Frame parse(byte[] bytes) throws FrameException {
        int start = 0;
        while (start < bytes.length && (bytes[start] & 0xFF) == WAKE_UP) {
            start++;
        }
        if (start >= bytes.length) {
            throw malformed(bytes.length, "no frame: " + (bytes.length == 0 ? "empty" : "only FE wake-up bytes"));
        }
        if ((bytes[start] & 0xFF) != START) {
            throw malformed(start, String.format("expected start byte 68, got %02X", bytes[start] & 0xFF));
        }
        if (bytes.length < start + HEADER) {
            throw malformed(bytes.length, "truncated: the header needs " + HEADER + " bytes from offset " + start
                    + ", frame has " + (bytes.length - start));
        }
        int length = bytes[start + 10] & 0xFF;
        int checksumAt = start + HEADER + length;
        if (bytes.length < checksumAt + 2) {
            throw malformed(bytes.length, "truncated: L = " + length + " needs " + (checksumAt + 2)
                    + " bytes in all, frame has " + bytes.length);
        }
        int expected = checksum(bytes, start, checksumAt);
        int got = bytes[checksumAt] & 0xFF;
        if (got != expected) {
            throw new FrameException(Kind.CHECKSUM, checksumAt,
                    String.format("checksum is %02X, computed %02X", got, expected));
        }
        if ((bytes[checksumAt + 1] & 0xFF) != END) {
            throw malformed(checksumAt + 1, String.format("expected end byte 16, got %02X", bytes[checksumAt + 1] & 0xFF));
        }
        if (bytes.length > checksumAt + 2) {
            throw malformed(checksumAt + 2, (bytes.length - checksumAt - 2) + " bytes after the end byte 16");
        }
        StringBuilder address = new StringBuilder(14);
        for (int i = start + 8; i >= start + 2; i--) {
            address.append(String.format("%02X", bytes[i] & 0xFF));
        }
        String printed = address.toString();
        if (!isValidAddress(printed)) {
            int bad = start + 2;
            for (int i = start + 2; i <= start + 8; i++) {
                if ((bytes[i] & 0x0F) > 9 || (bytes[i] & 0xF0) > 0x90) {
                    bad = i;
                    break;
                }
            }
            throw malformed(bad, "address " + printed + " is not 14 BCD digits (nor AA wildcards in the high bytes)");
        }
        return new Cjt188Frame(bytes, start, bytes[start + 1] & 0xFF, printed, bytes[start + 9] & 0xFF, length);
    }

    /**
     * Checks a reply: frame level ({@link #parse}), direction bit set, error replies turned into a
     * {@link Kind#NAK} exception explaining the status bytes, and L at least 3 (DI0 DI1 SER).
     */
    public static Cjt188Frame parseReply(byte[] bytes) throws FrameException {
        Cjt188Frame frame = parse(bytes);
        if (!frame.isReply()) {
            throw malformed(frame.controlOffset(), String.format(
                    "C = %02X is a request (direction bit 7 clear), not a reply", frame.control()));
        }
        if (frame.isError()) {
            throw new FrameException(Kind.NAK, frame.controlOffset(), String.format(
                    "meter %s sent an error reply (C = %02X): %s", frame.address(), frame.control(), errorStatus(frame)));
        }
        if (frame.length() < 3) {
            throw malformed(frame.start() + 10, "L = " + frame.length() + ", a reply needs at least DI0 DI1 SER (3)");
        }
        if (!isMeterAddress(frame.address())) {
            throw malformed(frame.start() + 2, "address " + frame.address() + " has wildcards: a reply carries the"
                    + " meter's own 14 digits");
        }
        return frame;
    }

    /**
     * The DI of a frame normalised to the standard order: {@code expected} when the bytes are either
     * {@code expected} or its byte-swapped form (some vendors send 1F 90), otherwise the raw value.
     */
    public static int dataIdentifier(Cjt188Frame frame, int expected) {
        int raw = (frame.at(frame.bodyOffset()) << 8) | frame.at(frame.bodyOffset() + 1);
        int swapped = ((raw & 0xFF) << 8) | (raw >> 8);
        return raw == expected || swapped == expected ? expected : raw;
    }

    /** Offset of SER in a normal (non-error) frame. */
    public static int serOffset(Cjt188Frame frame) {
        return frame.bodyOffset() + 2;
    }

    /** Offset of the first data byte after SER. */
    public static int dataOffset(Cjt188Frame frame) {
        return frame.bodyOffset() + 3;
    }

    /**
     * The status bytes of an error reply, in hex with the ST bits explained. The standard's error
     * reply carries {@code SER ST0 ST1} (L = 3); with a DI in front (L ≥ 5) the status is the last
     * two bytes; anything else is shown raw.
     */
    static String errorStatus(Cjt188Frame frame) {
        int body = frame.bodyOffset();
        int length = frame.length();
        if (length >= 3 && length != 4) {
            int st0 = frame.at(body + length - 2);
            int st1 = frame.at(body + length - 1);
            return String.format("status %02X %02X (%s)", st0, st1, explainStatus(st0, st1));
        }
        byte[] raw = java.util.Arrays.copyOfRange(frame.bytes(), body, body + length);
        return "data [" + HEX.formatHex(raw) + "]";
    }

    /** ST bits: byte 1 D0 valve closed, D1 valve fault, D2 battery low; others shown as set bits. */
    static String explainStatus(int st0, int st1) {
        StringBuilder s = new StringBuilder();
        if ((st0 & 0x01) != 0) {
            s.append("valve closed, ");
        }
        if ((st0 & 0x02) != 0) {
            s.append("valve fault, ");
        }
        if ((st0 & 0x04) != 0) {
            s.append("battery low, ");
        }
        if ((st0 & 0xF8) != 0 || st1 != 0) {
            s.append(String.format("other bits %02X %02X (vendor-defined), ", st0 & 0xF8, st1));
        }
        return s.length() == 0 ? "no status bits set" : s.substring(0, s.length() - 2);
    }

    /** Hex dump for messages. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static FrameException malformed(int offset, String message) {
        return new FrameException(Kind.MALFORMED, offset, message);
    }
}
