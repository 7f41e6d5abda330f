package io.heathub.driver.mbus;

import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One request and its answer over a {@link Link}, skipping frames that are not the answer: the
 * echo of the request (a short frame, or a long frame with the PRM bit 0x40 of C set, comes from a
 * master — on M-Bus and RS-485 adapters the master hears itself) and RSP_UD frames from another
 * primary address (a late reply). A garbled answer is accepted so that the caller reports it (a
 * collision) instead of waiting for the timeout.
 */
final class MbusExchange {
    /** Any primary address in the reply (REQ_UD2 to the selected meter, broadcasts). */
    static final int ANY_ADDRESS = -1;
    private static final System.Logger LOG = System.getLogger(MbusExchange.class.getName());
    private final Link link;
    private final String label;
    private final List<String> skipped = new ArrayList<>();

    /** @param label names the meter or the scan in the debug log */
    MbusExchange(Link link, String label) {
        this.link = link;
        this.label = label;
    }

    /**
     * Purges, sends {@code request}, returns the first answer from {@code from} within {@code timeout}.
     *
     * @param from the primary address an RSP_UD must carry, or {@link #ANY_ADDRESS}
     * @throws io.heathub.api.driver.LinkTimeoutException when no answer came; {@link #skipped()} says
     *                                                    what was passed over
     */
    byte[] exchange(byte[] request, Duration timeout, int from) throws IOException {
        skipped.clear();
        return link.exchange(request, MbusFrames.REPLY_BOUNDARY, timeout, frame -> isAnswer(frame, from));
    }

    /** What the last exchange skipped, for a timeout message: empty, or {@code "; skipped …"}. */
    String skipped() {
        return skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped);
    }

    private boolean isAnswer(byte[] frame, int from) {
        String why = null;
        int first = frame[0] & 0xFF;
        if (first == MbusFrames.SHORT_START) {
            why = "a short frame " + MbusFrames.hex(frame) + " (the echo of our request?)";
        } else if (first == MbusFrames.LONG_START && frame.length > 5 && (frame[4] & 0x40) != 0) {
            why = "a master's long frame " + MbusFrames.hex(frame) + " (the echo of our request?)";
        } else if (first == MbusFrames.LONG_START && from != ANY_ADDRESS && isCheckedFrame(frame)
                && (frame[5] & 0xFF) != from) {
            why = "a reply from primary address " + (frame[5] & 0xFF) + ", not " + from + ": " + MbusFrames.hex(frame);
        }
        if (why == null) {
            return true;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: skipped {1}", label, why);
        skipped.add(why);
        return false;
    }

    /** True when the framing is sound, so that its A field can be trusted. */
    private static boolean isCheckedFrame(byte[] frame) {
        try {
            MbusFrames.checkLongFrame(frame);
            return true;
        } catch (FrameException e) {
            return false;
        }
    }
}
