package io.heathub.api.driver;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Exclusive, timed byte exchange over one bus (a serial line, a serial-to-TCP converter port, a
 * Modbus TCP connection). The bus worker owns it; a driver only uses it during its calls.
 */
public interface Link {

    /** The bus URI, e.g. {@code tcp://10.0.0.5:502} or {@code serial:/dev/ttyUSB0?baud=2400}. */
    String uri();

    /** Writes one whole frame. */
    void send(byte[] frame) throws IOException;

    /**
     * Reads until {@code frame} says the bytes form a complete frame, or the timeout passes.
     *
     * @throws LinkTimeoutException when no complete frame arrived in time (the partial bytes
     *                              are in the exception)
     */
    byte[] receive(FrameBoundary frame, Duration timeout) throws IOException;

    /** Discards whatever is waiting to be read (stale replies after a timeout). */
    void purge() throws IOException;

    /**
     * One request/reply exchange: purges stale input, sends {@code request}, and returns the first
     * complete frame that {@code ours} accepts, all within one {@code timeout}. Frames it rejects
     * (the echo of the request on RS-485, a late reply to an earlier transaction) are skipped.
     *
     * @throws LinkTimeoutException when no accepted frame arrived in time
     */
    default byte[] exchange(byte[] request, FrameBoundary frame, Duration timeout, Predicate<byte[]> ours)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        purge(); // a late reply to an earlier, timed-out request must not be taken for this one
        send(request);
        int skipped = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LinkTimeoutException(uri() + ": no frame for this request within " + timeout.toMillis()
                        + " ms (" + skipped + " other frames skipped)", new byte[0]);
            }
            byte[] reply = receive(frame, Duration.ofNanos(left));
            if (ours.test(reply)) {
                return reply;
            }
            skipped++;
        }
    }

    /**
     * Waits until the line has carried nothing for {@code quiet} (at most {@code max}),
     * discarding what arrives. After a garbled reply (a collision, noise) the tail may still be on
     * the wire: the next request sent into it would be garbled too.
     *
     * @return true when the line went quiet, false when it was still busy after {@code max}
     */
    default boolean awaitSilence(Duration quiet, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        purge();
        while (System.nanoTime() < deadline) {
            try {
                receive((buffer, length) -> length >= 1 ? length : -1, quiet);
            } catch (LinkTimeoutException silent) {
                return true;
            }
        }
        return false;
    }

    /** The longest {@link #pause}: a protocol delay is milliseconds to seconds, never a poll interval. */
    Duration MAX_PAUSE = Duration.ofSeconds(30);

    /**
     * A protocol delay inside a poll (a meter that needs 200 ms after a select, the wait after an
     * IEC 62056-21 sign-on): sends nothing for {@code delay} and keeps whatever arrives meanwhile
     * for the next {@link #receive} (unlike {@link #awaitSilence}, which discards it). The link does
     * the waiting so that a test line's clock and the hub's accounting see it; count it into the
     * poll's time.
     *
     * @throws IllegalArgumentException when {@code delay} is negative or longer than {@link #MAX_PAUSE}
     * @throws java.io.InterruptedIOException when the bus worker is stopped meanwhile
     * @since 1.7
     */
    default void pause(Duration delay) throws IOException {
        if (delay.isNegative() || delay.compareTo(MAX_PAUSE) > 0) {
            throw new IllegalArgumentException("a pause is 0.." + MAX_PAUSE.toSeconds() + " s, not " + delay.toMillis()
                    + " ms");
        }
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(uri() + ": interrupted during a " + delay.toMillis() + " ms pause");
        }
    }

    /**
     * The serial settings in force; empty when the link is no serial line (TCP, a serial-to-TCP
     * converter, whose port settings are the converter's).
     *
     * @since 1.7
     */
    default java.util.Optional<LineSettings> lineSettings() {
        return java.util.Optional.empty();
    }

    /**
     * Switches the serial settings, e.g. IEC 62056-21 mode C after the identification: the next
     * bytes go at the new rate. The line is shared: a driver that changes the settings changes them
     * back to {@link #lineSettings()} as it found them before its call returns (in a {@code finally}).
     *
     * @throws IOException when the link is no serial line or the port refuses the settings
     * @since 1.7
     */
    default void changeLineSettings(LineSettings settings) throws IOException {
        throw new IOException(uri() + ": not a serial line: its settings cannot be changed to " + settings);
    }

    /**
     * Tells the link when a frame is complete.
     */
    @FunctionalInterface
    interface FrameBoundary {
        /**
         * @param buffer the bytes received so far
         * @param length how many of them are valid
         * @return the frame's total length once it can be known (receive stops when
         *         {@code length >= result}), or {@code -1} while more bytes are needed to tell
         */
        int frameLength(byte[] buffer, int length);
    }
}
