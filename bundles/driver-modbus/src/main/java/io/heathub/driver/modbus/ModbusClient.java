package io.heathub.driver.modbus;

import static io.heathub.driver.modbus.ModbusFraming.HEX;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.time.Duration;
import java.util.Arrays;

/**
 * The Modbus PDUs the driver needs, encoded and checked here, over either framing: reads 0x01,
 * 0x02, 0x03, 0x04; writes 0x05, 0x06, 0x0F, 0x10; exception replies.
 */
final class ModbusClient {
    private final ModbusFraming framing;
    private final String device;

    /**
     * @param device names the unit in messages, e.g. {@code unit 1} (the hub names the device in front)
     */
    ModbusClient(ModbusFraming framing, String device) {
        this.framing = framing;
        this.device = device;
    }

    /**
     * Reads {@code count} registers (each 0..65535) or bits (each 0 or 1) from {@code start}.
     */
    int[] read(RegisterFunction function, int start, int count, String what) throws DeviceException {
        byte[] request = {(byte) function.readCode(), hi(start), lo(start), hi(count), lo(count)};
        byte[] reply = exchange(request, what);
        int expectedBytes = function.bits() ? (count + 7) / 8 : 2 * count;
        int byteCount = reply.length > 1 ? reply[1] & 0xFF : -1;
        if (byteCount != expectedBytes || reply.length != 2 + byteCount) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": expected " + expectedBytes
                    + " data bytes, got a reply PDU of " + reply.length + " bytes: " + ModbusFraming.hex(reply));
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = function.bits()
                    ? (reply[2 + i / 8] >>> (i % 8)) & 1                              // bits LSB first
                    : ((reply[2 + 2 * i] & 0xFF) << 8) | (reply[3 + 2 * i] & 0xFF);
        }
        return values;
    }

    /**
     * Writes registers: 0x06 for one unless {@code multiple}, else 0x10; checks the confirmation.
     */
    void writeRegisters(int start, int[] words, boolean multiple, String what) throws DeviceException {
        if (words.length == 1 && !multiple) {
            byte[] request = {0x06, hi(start), lo(start), hi(words[0]), lo(words[0])};
            confirm(request, exchange(request, what), what);
            return;
        }
        byte[] request = new byte[6 + 2 * words.length];
        request[0] = 0x10;
        request[1] = hi(start);
        request[2] = lo(start);
        request[3] = hi(words.length);
        request[4] = lo(words.length);
        request[5] = (byte) (2 * words.length);
        for (int i = 0; i < words.length; i++) {
            request[6 + 2 * i] = hi(words[i]);
            request[7 + 2 * i] = lo(words[i]);
        }
        confirm(request, exchange(request, what), what);
    }

    /**
     * Writes coils: 0x05 for one unless {@code multiple}, else 0x0F; checks the confirmation.
     */
    void writeCoils(int start, int[] bits, boolean multiple, String what) throws DeviceException {
        if (bits.length == 1 && !multiple) {
            byte[] request = {0x05, hi(start), lo(start), (byte) (bits[0] != 0 ? 0xFF : 0x00), 0x00};
            confirm(request, exchange(request, what), what);
            return;
        }
        int bytes = (bits.length + 7) / 8;
        byte[] request = new byte[6 + bytes];
        request[0] = 0x0F;
        request[1] = hi(start);
        request[2] = lo(start);
        request[3] = hi(bits.length);
        request[4] = lo(bits.length);
        request[5] = (byte) bytes;
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) {
                request[6 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        confirm(request, exchange(request, what), what);
    }

    /** 0x05/0x06 echo the request; 0x0F/0x10 answer with its first five bytes (function, address, quantity). */
    private void confirm(byte[] request, byte[] reply, String what) throws DeviceException {
        if (reply.length != 5 || !Arrays.equals(reply, 0, 5, request, 0, 5)) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": write reply " + ModbusFraming.hex(reply)
                    + " does not confirm " + HEX.formatHex(request, 0, 5));
        }
    }

    /** One request through the framing; an exception reply becomes a NAK naming the exception. */
    private byte[] exchange(byte[] request, String what) throws DeviceException {
        byte[] reply = framing.exchange(request, what);
        if (reply.length == 0) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": empty reply PDU");
        }
        int function = request[0] & 0xFF;
        if ((reply[0] & 0xFF) == (function | 0x80)) {
            int code = reply.length > 1 ? reply[1] & 0xFF : -1;
            throw new DeviceException(Kind.NAK, device + ": " + what + ": " + exceptionName(code)
                    + " (Modbus exception " + code + ")");
        }
        if ((reply[0] & 0xFF) != function) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": reply has function 0x"
                    + HEX.toHexDigits(reply[0]) + ", expected 0x" + HEX.toHexDigits((byte) function) + ": "
                    + ModbusFraming.hex(reply));
        }
        return reply;
    }

    /** The TIMEOUT every framing reports: what was asked, what (if anything) came back. */
    static DeviceException timeout(String device, String what, Duration timeout, LinkTimeoutException e,
                                   byte[] request) {
        byte[] partial = e.partial();
        return new DeviceException(Kind.TIMEOUT, device + ": " + what + ": no reply within " + timeout.toMillis()
                + " ms" + (partial.length == 0 ? "" : " (got " + partial.length + " bytes: " + ModbusFraming.hex(partial) + ")")
                + "; request was " + HEX.formatHex(request), e);
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

    private static byte hi(int value) {
        return (byte) (value >>> 8);
    }

    private static byte lo(int value) {
        return (byte) value;
    }
}
