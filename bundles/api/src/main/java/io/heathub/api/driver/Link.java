package io.heathub.api.driver;

import java.io.IOException;
import java.time.Duration;

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
