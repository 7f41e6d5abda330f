package io.heathub.driver.modbus;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Modbus RTU framing: {@code unit, PDU, CRC-16 (low byte first)}, over a serial line or a TCP
 * serial converter. RTU has no length field, so the reply length comes from the function code and
 * byte count, and receive returns as soon as the frame is complete (no 3.5-character silence
 * wait). On the shared line, frames that are not this unit's reply are skipped: the RS-485 echo
 * of the request, and replies of other units (late answers to earlier requests). Before each
 * request the line is left silent for 3.5 characters after the last frame ({@link RtuSilence}).
 */
final class RtuFraming implements ModbusFraming {
    private static final System.Logger LOG = System.getLogger(RtuFraming.class.getName());
    /** Largest RTU frame: unit + 253-byte PDU + CRC. */
    static final int MAX_FRAME = 256;

    private final Link link;
    private final int unit;
    private final Duration timeout;
    private final String device;
    private final RtuSilence silence;

    RtuFraming(Link link, int unit, Duration timeout, String device) {
        this(link, unit, timeout, device, new RtuSilence());
    }

    /** @param silence the line's inter-frame silence, shared by the sessions of all units on it */
    RtuFraming(Link link, int unit, Duration timeout, String device, RtuSilence silence) {
        this.link = link;
        this.unit = unit;
        this.timeout = timeout;
        this.device = device;
        this.silence = silence;
    }

    @Override
    public byte[] exchange(byte[] pdu, String what) throws DeviceException {
        byte[] request = frame(unit, pdu);
        byte[] reply;
        try {
            silence.awaitGap(link);
            reply = link.exchange(request, boundary(request), timeout, frame -> ours(frame, request));
        } catch (LinkTimeoutException e) {
            throw ModbusClient.timeout(device, what, timeout, e, request);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, device + ": " + what + ": " + e.getMessage(), e);
        } finally {
            silence.frameEnded();
        }
        if (reply.length < 4) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": not a Modbus RTU reply ("
                    + reply.length + " bytes): " + ModbusFraming.hex(reply));
        }
        int computed = Crc16.of(reply, 0, reply.length - 2);
        int received = (reply[reply.length - 2] & 0xFF) | (reply[reply.length - 1] & 0xFF) << 8;
        if (computed != received) {
            throw new DeviceException(Kind.CHECKSUM, device + ": " + what + ": CRC is "
                    + HEX.formatHex(reply, reply.length - 2, reply.length) + ", computed "
                    + HEX.formatHex(new byte[] {(byte) computed, (byte) (computed >>> 8)}) + ": " + ModbusFraming.hex(reply));
        }
        return Arrays.copyOfRange(reply, 1, reply.length - 2);
    }

    /** {@code unit, pdu, CRC low, CRC high}. */
    static byte[] frame(int unit, byte[] pdu) {
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int crc = Crc16.of(frame, 0, pdu.length + 1);
        frame[pdu.length + 1] = (byte) crc;
        frame[pdu.length + 2] = (byte) (crc >>> 8);
        return frame;
    }

    /**
     * Where a frame ends: a reply's length follows from its function code (and byte count for
     * reads); bytes that so far repeat the request may be its RS-485 echo, which ends where the
     * request ends.
     */
    static Link.FrameBoundary boundary(byte[] request) {
        return (buffer, length) -> {
            if (length < 2) {
                return -1;
            }
            int expected = replyLength(buffer, length);
            if (expected > 0 && length >= expected && Crc16.valid(buffer, expected)) {
                return expected;
            }
            int common = Math.min(length, request.length);
            if (Arrays.equals(buffer, 0, common, request, 0, common)) {
                return length >= request.length ? request.length : -1;
            }
            return expected;
        };
    }

    /** The length of the reply starting at {@code buffer[0]}, -1 while the byte count is still missing. */
    static int replyLength(byte[] buffer, int length) {
        int function = buffer[1] & 0xFF;
        if ((function & 0x80) != 0) {
            return 5; // unit, function | 0x80, exception code, CRC
        }
        return switch (function) {
            case 0x01, 0x02, 0x03, 0x04 -> length < 3 ? -1 : 5 + (buffer[2] & 0xFF);
            case 0x05, 0x06, 0x0F, 0x10 -> 8;
            default -> length; // nothing we asked for: end here and report it with the hex
        };
    }

    private boolean ours(byte[] frame, byte[] request) {
        int function = request[1] & 0xFF;
        // a 0x05/0x06 reply repeats the request exactly: on an echoing line the echo is taken for it
        // and the read-back that follows every write confirms the value
        if (Arrays.equals(frame, request) && function != 0x05 && function != 0x06) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: skipped the echo of the request", device);
            return false;
        }
        if (frame.length >= 4 && Crc16.valid(frame, frame.length)) {
            if ((frame[0] & 0xFF) != unit) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: skipped a reply from unit {1}", device, frame[0] & 0xFF);
                return false;
            }
            int replyFunction = frame[1] & 0x7F;
            if (replyFunction != function) {
                // a late reply to an earlier request of ours (e.g. the device's answer after its echo)
                LOG.log(System.Logger.Level.DEBUG, "{0}: skipped a late reply with function {1}", device, replyFunction);
                return false;
            }
        }
        return true;
    }

    /** CRC-16/MODBUS: polynomial 0xA001 (reflected 0x8005), initial 0xFFFF, sent low byte first. */
    static final class Crc16 {
        private static final int[] TABLE = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int crc = i;
                for (int bit = 0; bit < 8; bit++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private Crc16() {
        }

        static int of(byte[] data, int from, int to) {
            int crc = 0xFFFF;
            for (int i = from; i < to; i++) {
                crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
            }
            return crc;
        }

        /** True when the last two of the first {@code length} bytes are the CRC of the others. */
        static boolean valid(byte[] frame, int length) {
            if (length < 4) {
                return false;
            }
            int crc = of(frame, 0, length - 2);
            return (frame[length - 2] & 0xFF) == (crc & 0xFF) && (frame[length - 1] & 0xFF) == (crc >>> 8);
        }
    }
}
