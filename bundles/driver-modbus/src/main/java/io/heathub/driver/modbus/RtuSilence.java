package io.heathub.driver.modbus;

import io.heathub.api.driver.LineSettings;
import io.heathub.api.driver.Link;
import java.io.IOException;
import java.time.Duration;

/**
 * The silence a Modbus RTU master leaves on a serial line between the end of one frame and the
 * start of its next request: 3.5 characters at the line's settings (a fixed 1.75 ms above 19200
 * baud, as the standard says). Slaves find the end of a frame by that silence; a request sent
 * sooner runs into the previous reply and is heard as one garbled frame. One per line, shared by
 * the sessions of every unit on it; nothing to wait for on a TCP serial converter (it keeps the
 * gaps of its own port), which has no line settings.
 */
final class RtuSilence {
    private static final int FAST_BAUD = 19_200;
    private static final long FAST_GAP_NANOS = 1_750_000;

    /** When the line last carried the end of a frame (nanoTime); 0: not yet. */
    private long lastFrameEnd;

    /** Waits until the line has been silent for 3.5 characters since the last frame ended. */
    synchronized void awaitGap(Link link) throws IOException {
        if (lastFrameEnd == 0) {
            return;
        }
        long gap = link.lineSettings().map(RtuSilence::gapNanos).orElse(0L);
        long wait = lastFrameEnd + gap - System.nanoTime();
        if (wait > 0) {
            link.pause(Duration.ofNanos(wait));
        }
    }

    /** The exchange is over (reply, timeout or failure): the silence counts from now. */
    synchronized void frameEnded() {
        lastFrameEnd = System.nanoTime();
    }

    /** 3.5 character times at {@code line}. */
    static long gapNanos(LineSettings line) {
        if (line.baud() > FAST_BAUD) {
            return FAST_GAP_NANOS;
        }
        int bits = 1 + line.dataBits() + (line.parity() == LineSettings.Parity.NONE ? 0 : 1) + line.stopBits();
        return 35L * bits * 1_000_000_000L / (10L * line.baud());
    }
}
