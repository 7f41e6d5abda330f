package io.heathub.driver.modbus;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Modbus TCP framing: MBAP header (transaction id, length, unit id). The frame boundary comes from
 * the MBAP length; a reply to an earlier transaction (a late answer after a timeout) is skipped.
 * The connection is purged before a request only when an exchange on it had trouble ({@link MbapConnection}).
 */
final class MbapFraming implements ModbusFraming {
    private static final System.Logger LOG = System.getLogger(MbapFraming.class.getName());
    private static final int MBAP_LENGTH = 6;
    /** Largest MBAP length field: unit id + a 253-byte PDU. */
    private static final int MAX_MBAP_LENGTH = 254;

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
    private final MbapConnection connection;
    private int transactionId;

    /**
     * @param device names the device in messages, e.g. {@code device plc-1 (unit 1 on tcp://…)}
     */
    MbapFraming(Link link, int unit, Duration timeout, String device) {
        this(link, unit, timeout, device, 0);
    }

    /** @param lastTransactionId the id before the first request's (a short-lived master starts elsewhere than 1) */
    MbapFraming(Link link, int unit, Duration timeout, String device, int lastTransactionId) {
        this(link, unit, timeout, device, lastTransactionId, new MbapConnection());
    }

    /** @param connection what the sessions sharing the link know about its input */
    MbapFraming(Link link, int unit, Duration timeout, String device, int lastTransactionId, MbapConnection connection) {
        this.link = link;
        this.unit = unit;
        this.timeout = timeout;
        this.device = device;
        this.transactionId = lastTransactionId & 0xFFFF;
        this.connection = connection;
    }

    @Override
    public byte[] exchange(byte[] pdu, String what) throws DeviceException {
        transactionId = (transactionId + 1) & 0xFFFF;
        int tid = transactionId;
        byte[] frame = new byte[MBAP_LENGTH + 1 + pdu.length];
        frame[0] = (byte) (tid >>> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >>> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        byte[] reply;
        boolean clean = false;
        try {
            reply = exchange(frame, tid);
            clean = wellFormed(reply) && (reply[6] & 0xFF) == unit;
        } catch (LinkTimeoutException e) {
            throw ModbusClient.timeout(device, what, timeout, e, frame);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, device + ": " + what + ": " + e.getMessage(), e);
        } finally {
            if (!clean) {
                connection.troubled();
            }
        }
        if (!wellFormed(reply)) {
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": not a Modbus TCP reply: "
                    + ModbusFraming.hex(reply));
        }
        int replyUnit = reply[6] & 0xFF;
        if (replyUnit != unit) {
            // one TCP connection, one transaction id: a gateway that answers for another unit is broken
            throw new DeviceException(Kind.MALFORMED, device + ": " + what + ": reply from unit " + replyUnit
                    + ", expected unit " + unit + ": " + ModbusFraming.hex(reply));
        }
        return Arrays.copyOfRange(reply, 7, reply.length);
    }

    /**
     * {@link Link#exchange} without its purge when the connection had no trouble since the last
     * one ({@link MbapConnection}): send, then the first reply to this transaction within the
     * timeout, replies to earlier ones skipped.
     */
    private byte[] exchange(byte[] frame, int tid) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (connection.takePurge()) {
            link.purge();
        }
        link.send(frame);
        while (true) {
            // at the deadline the link's own receive times out (and the hub's line statistics count it)
            long left = Math.max(1, deadline - System.nanoTime());
            byte[] reply = link.receive(MBAP, Duration.ofNanos(left));
            if (!staleTransaction(reply, tid)) {
                return reply;
            }
            connection.troubled();
        }
    }

    /** A well-formed reply to an earlier transaction (a late answer after a timeout): skipped. */
    private boolean staleTransaction(byte[] reply, int tid) {
        if (!wellFormed(reply)) {
            return false; // exchange() reports it
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
}
