package io.heathub.driver.cjt188;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One request and its reply over a {@link Link}, skipping frames that are not the reply: the
 * RS-485 echo of the request (any frame with the direction bit clear is a master's request) and
 * replies from other meters (a late answer to an earlier request). A garbled frame is accepted so
 * that the caller reports it instead of waiting for the timeout.
 */
final class Cjt188Exchange {
    private static final System.Logger LOG = System.getLogger(Cjt188Exchange.class.getName());
    private final Link link;
    private final String label;

    /** @param label names the meter (or the scan) in messages */
    Cjt188Exchange(Link link, String label) {
        this.link = link;
        this.label = label;
    }

    /** How long the line must stay quiet before the next request after a garbled reply. */
    static final Duration QUIET = Duration.ofMillis(100);

    /** After a garbled reply: lets the rest of it (a collision, noise) pass before the next request. */
    void awaitSilence(Duration max) throws DeviceException {
        try {
            if (!link.awaitSilence(QUIET, max)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the line is still busy after {1} ms", label, max.toMillis());
            }
        } catch (java.io.IOException e) {
            throw new DeviceException(DeviceException.Kind.IO, label + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code request} and returns the first frame from {@code meter}.
     *
     * @param meter the 14-digit address the reply must come from, an address with AA high bytes
     *              (replies from the meters it reaches), or null for any meter (broadcast)
     * @throws DeviceException TIMEOUT (naming skipped frames and partial bytes) or IO
     */
    byte[] exchange(byte[] request, String what, String meter, Duration timeout) throws DeviceException {
        List<String> skipped = new ArrayList<>();
        try {
            return link.exchange(request, Cjt188Codec::frameLength, timeout, frame -> isReplyFrom(frame, meter, skipped));
        } catch (LinkTimeoutException e) {
            throw new DeviceException(Kind.TIMEOUT, label + ": " + what + ": no complete reply within "
                    + timeout.toMillis() + " ms; received [" + Cjt188Codec.hex(e.partial()) + "]"
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped))
                    + "; request [" + Cjt188Codec.hex(request) + "]", e);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private boolean isReplyFrom(byte[] bytes, String meter, List<String> skipped) {
        Cjt188Frame frame;
        try {
            frame = Cjt188Codec.parse(bytes);
        } catch (FrameException garbled) {
            return true; // the caller reports it with the offset
        }
        String why;
        if (!frame.isReply()) {
            why = "a request (the echo of ours?) [" + Cjt188Codec.hex(bytes) + "]";
        } else if (meter != null && !Cjt188Codec.reaches(meter, frame.address())) {
            why = "a reply from meter " + frame.address() + ", not " + meter + " [" + Cjt188Codec.hex(bytes) + "]";
        } else {
            return true;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: skipped {1}", label, why);
        skipped.add(why);
        return false;
    }
}
