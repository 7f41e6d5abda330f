package io.heathub.driver.modbus;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Modbus TCP framing over a {@link Link}: MBAP header, transaction and unit id checks,
 * exception replies. Encodes the four PDUs the driver needs (0x03, 0x04, 0x06, 0x10) itself.
 */
final class ModbusTcpClient {
    private static final System.Logger LOG = System.getLogger(ModbusTcpClient.class.getName());
    private static final int MBAP_LENGTH = 6;
    /** Largest MBAP length field: unit id + a 253-byte PDU. */
    private static final int MAX_MBAP_LENGTH = 254;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /** The frame length from the MBAP header; garbage lengths end the frame where it is. */
    static final Link.FrameBoundary MBAP = (buffer, length) -> {
        if (length < MBAP_LENGTH) {
            return -1;
        }
        int declared = ((buffer[4] & 0xFF) << 8) | (buffer[5] & 0xFF);
        if (declared < 2 || declared > MAX_MBAP_LENGTH) {
            return length; // not Modbus TCP: stop here and let the checks report it with the hex
        }
        return MBAP_LENGTH + declared;
    };

    private final Link link;
    private final int unit;
    private final Duration timeout;
    private final String device;
    private int transactionId;

    /**
     * @param device names the device in messages, e.g. {@code device plc-1 (unit 1 on tcp://…)}
     */
    ModbusTcpClient(Link link, int unit, Duration timeout, String device) {
        this.link = link;
        this.unit = unit;
        this.timeout = timeout;
        this.device = device;
    }

    /** Reads {@code count} registers from {@code start}; each value 0..65535. */
    int[] readRegisters(RegisterFunction function, int start, int count, String what) throws DeviceException {
        byte[] pdu = {(byte) function.readCode(), hi(start), lo(start), hi(count), lo(count)};
        byte[] reply = exchange(pdu, what);
        int byteCount = reply.length > 1 ? reply[1] & 0xFF : -1;
        if (byteCount != 2 * count || reply.length != 2 + byteCount) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": expected " + 2 * count
                    + " data bytes, got a reply PDU of " + reply.length + " bytes: " + HEX.formatHex(reply));
        }
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = ((reply[2 + 2 * i] & 0xFF) << 8) | (reply[3 + 2 * i] & 0xFF);
        }
        return words;
    }

    /** Writes one register (0x06) or several (0x10), checking the echo. */
    void writeRegisters(int start, int[] words, String what) throws DeviceException {
        byte[] pdu;
        if (words.length == 1) {
            pdu = new byte[] {0x06, hi(start), lo(start), hi(words[0]), lo(words[0])};
        } else {
            pdu = new byte[6 + 2 * words.length];
            pdu[0] = 0x10;
            pdu[1] = hi(start);
            pdu[2] = lo(start);
            pdu[3] = hi(words.length);
            pdu[4] = lo(words.length);
            pdu[5] = (byte) (2 * words.length);
            for (int i = 0; i < words.length; i++) {
                pdu[6 + 2 * i] = hi(words[i]);
                pdu[7 + 2 * i] = lo(words[i]);
            }
        }
        byte[] reply = exchange(pdu, what);
        // 0x06 echoes address and value; 0x10 answers address and quantity: both are the first 5 bytes
        byte[] expected = words.length == 1 ? pdu : new byte[] {0x10, hi(start), lo(start), hi(words.length), lo(words.length)};
        if (!java.util.Arrays.equals(reply, 0, reply.length, expected, 0, 5)) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": write reply " + HEX.formatHex(reply)
                    + " does not confirm " + HEX.formatHex(expected, 0, 5));
        }
    }

    /** Sends one request PDU and returns the reply PDU (function code onwards). */
    private byte[] exchange(byte[] pdu, String what) throws DeviceException {
        int tid = nextTransactionId();
        byte[] frame = new byte[MBAP_LENGTH + 1 + pdu.length];
        frame[0] = hi(tid);
        frame[1] = lo(tid);
        frame[4] = hi(pdu.length + 1);
        frame[5] = lo(pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        try {
            byte[] reply = link.exchange(frame, MBAP, timeout, r -> !staleTransaction(r, tid));
            return check(reply, tid, pdu[0], what);
        } catch (LinkTimeoutException e) {
            byte[] partial = e.partial();
            throw new DeviceException(Kind.TIMEOUT, device + ": " + what + ": no reply within " + timeout.toMillis()
                    + " ms" + (partial.length == 0 ? "" : " (got " + partial.length + " bytes: " + HEX.formatHex(partial) + ")")
                    + "; request was " + HEX.formatHex(frame), e);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, device + ": " + what + ": " + e.getMessage(), e);
        }
    }

    /** A well-formed reply to an earlier transaction (a late answer after a timeout): skipped. */
    private boolean staleTransaction(byte[] reply, int tid) {
        if (!wellFormed(reply)) {
            return false; // check() reports it
        }
        int replyTid = ((reply[0] & 0xFF) << 8) | (reply[1] & 0xFF);
        if (replyTid != tid) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: skipped reply to transaction {1} while waiting for {2}",
                    device, replyTid, tid);
        }
        return replyTid != tid;
    }

    private static boolean wellFormed(byte[] reply) {
        return reply.length >= MBAP_LENGTH + 2 && reply[2] == 0 && reply[3] == 0
                && MBAP_LENGTH + (((reply[4] & 0xFF) << 8) | (reply[5] & 0xFF)) == reply.length;
    }

    /** The reply PDU of this transaction. */
    private byte[] check(byte[] reply, int tid, byte function, String what) throws DeviceException {
        if (!wellFormed(reply)) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": not a Modbus TCP reply: "
                    + HEX.formatHex(reply));
        }
        int replyUnit = reply[6] & 0xFF;
        if (replyUnit != unit) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": reply from unit " + replyUnit
                    + ", expected unit " + unit + ": " + HEX.formatHex(reply));
        }
        byte[] pdu = java.util.Arrays.copyOfRange(reply, 7, reply.length);
        if ((pdu[0] & 0xFF) == ((function & 0xFF) | 0x80)) {
            int code = pdu.length > 1 ? pdu[1] & 0xFF : -1;
            throw new DeviceException(Kind.NAK, device + ": " + what + ": " + exceptionName(code)
                    + " (Modbus exception " + code + ")");
        }
        if (pdu[0] != function) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": reply has function 0x"
                    + HEX.toHexDigits(pdu[0]) + ", expected 0x" + HEX.toHexDigits(function) + ": " + HEX.formatHex(reply));
        }
        return pdu;
    }

    /** The Modbus application protocol's name for an exception code. */
    static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 5 -> "acknowledge";
            case 6 -> "server device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "unknown exception";
        };
    }

    private int nextTransactionId() {
        transactionId = (transactionId + 1) & 0xFFFF;
        return transactionId;
    }

    private static byte hi(int value) {
        return (byte) (value >>> 8);
    }

    private static byte lo(int value) {
        return (byte) value;
    }
}
