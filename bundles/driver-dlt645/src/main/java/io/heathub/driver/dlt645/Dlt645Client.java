package io.heathub.driver.dlt645;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One request, one reply over a {@link Link}: purges stale input, sends, and waits for a frame
 * that is not the echo of the request (RS-485 converters often echo what they send) nor, when
 * the meter is known, a reply from another meter.
 */
final class Dlt645Client {
    private static final System.Logger LOG = System.getLogger(Dlt645Client.class.getName());
    private final Link link;
    private final Duration timeout;
    private final String label;

    /** @param label names the meter in messages, e.g. {@code device pump-1 (meter 000000000161 on tcp://…)} */
    Dlt645Client(Link link, Duration timeout, String label) {
        this.link = link;
        this.timeout = timeout;
        this.label = label;
    }

    /** A reply as received and as parsed. */
    record Reply(byte[] raw, Dlt645Frame frame) {
    }

    /** Sends {@code request} and returns the parsed reply from any meter; errors name {@code what} and show the bytes. */
    Reply exchange(byte[] request, String what) throws DeviceException {
        return exchange(request, what, null);
    }

    /**
     * Sends {@code request} and returns the parsed reply of {@code meter}: replies from other
     * meters (a late answer to an earlier request) are skipped like the echo, and named in the
     * timeout message when nothing else comes.
     *
     * @param meter the address the reply must carry, or null for any meter
     */
    Reply exchange(byte[] request, String what, MeterAddress meter) throws DeviceException {
        byte[] requestFrame = withoutWakeUp(request);
        List<String> skipped = new ArrayList<>();
        try {
            byte[] reply = link.exchange(request, Dlt645Codec.BOUNDARY, timeout,
                    r -> !echo(r, requestFrame) && !fromAnotherMeter(r, meter, skipped));
            try {
                return new Reply(reply, Dlt645Codec.parse(reply));
            } catch (FrameException e) {
                throw failure(e, what, reply);
            }
        } catch (LinkTimeoutException e) {
            byte[] partial = e.partial();
            throw new DeviceException(Kind.TIMEOUT, label + ": " + what + ": no reply within " + timeout.toMillis()
                    + " ms" + (partial.length == 0 ? "" : " (got " + partial.length + " bytes: " + Dlt645Codec.hex(partial) + ")")
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped))
                    + "; request was " + Dlt645Codec.hex(request), e);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + what + ": " + e.getMessage(), e);
        }
    }

    /** A decoding failure as a device error that names the meter, the request and the reply. */
    DeviceException failure(FrameException e, String what, byte[] reply) {
        return new DeviceException(e.kind(), label + ": " + what + ": " + e.getMessage()
                + (e.getMessage().contains(Dlt645Codec.hex(reply)) ? "" : "; reply was " + Dlt645Codec.hex(reply)), e);
    }

    /** The RS-485 echo of our own request (half-duplex adapters hear themselves): skipped. */
    private boolean echo(byte[] frame, byte[] requestFrame) {
        boolean echo = Arrays.equals(withoutWakeUp(frame), requestFrame);
        if (echo) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: skipped the echo of the request", label);
        }
        return echo;
    }

    private boolean fromAnotherMeter(byte[] bytes, MeterAddress meter, List<String> skipped) {
        if (meter == null) {
            return false;
        }
        try {
            Dlt645Frame frame = Dlt645Codec.parse(bytes);
            if (frame.isReply() && !frame.address().equals(meter)) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: skipped a reply from meter {1}", label, frame.address());
                skipped.add("a reply from meter " + frame.address() + ", not " + meter + ": " + Dlt645Codec.hex(bytes));
                return true;
            }
        } catch (FrameException garbled) {
            // not skipped: the caller reports it
        }
        return false;
    }

    private static byte[] withoutWakeUp(byte[] frame) {
        int start = 0;
        while (start < frame.length && (frame[start] & 0xFF) == Dlt645Codec.WAKE_UP) {
            start++;
        }
        return Arrays.copyOfRange(frame, start, frame.length);
    }
}
