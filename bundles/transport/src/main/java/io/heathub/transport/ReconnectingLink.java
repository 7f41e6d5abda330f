package io.heathub.transport;

import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The medium-independent half of a link: lazy connection, back-off after failures, reading
 * until a frame is complete or the deadline passes, purging stale input. A TCP link and a
 * serial link differ only in how they open a {@link Connection}.
 *
 * <p>A boundary that knows the length ends the frame the moment enough bytes are in: no
 * inter-byte gap is ever awaited then. Only a boundary answering {@link #UNTIL_SILENCE} (the
 * length cannot be told from the bytes) ends the frame at the first pause of
 * {@code interByteTimeout} after at least one byte.
 *
 * <p>Used by one bus worker at a time; {@link #close()} may come from another thread and makes
 * a blocked call fail, after which the next call reconnects.
 */
abstract class ReconnectingLink implements ManagedLink {
    private static final System.Logger LOG = System.getLogger(ReconnectingLink.class.getName());

    /**
     * What a {@link FrameBoundary} answers when the length cannot be known from the bytes: the
     * frame is whatever arrived before the line fell silent for the link's inter-byte timeout.
     * (Under the plain contract this answer would mean "never complete", so it is free to use.)
     */
    static final int UNTIL_SILENCE = Integer.MAX_VALUE;

    /**
     * Most bytes one receive keeps while waiting for a frame to complete: 16 times the largest
     * frame of the field protocols (M-Bus 261, Modbus 260 bytes). A peer streaming bytes without
     * a frame boundary (noise, a wrong protocol, a hostile peer) gets a clear error and a new
     * connection instead of a buffer that doubles until the heap is gone.
     */
    static final int MAX_RECEIVE_BYTES = 4096;

    /** An open medium: a socket, a serial port. */
    interface Connection extends Closeable {
        void write(byte[] frame) throws IOException;

        /**
         * Reads what is there, waiting at most {@code timeoutMillis} (> 0) for the first byte.
         *
         * @return bytes read, 0 when nothing came in time
         * @throws EOFException when the peer closed the connection
         */
        int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException;

        /** Bytes that can be read without waiting. */
        int available() throws IOException;
    }

    private final String uri;
    private final Backoff backoff;
    private final long interByteTimeoutNanos;
    private final Object lock = new Object();
    private volatile Connection connection;
    /**
     * Receive buffer, reused by every receive so a poll allocates only the frame it returns:
     * {@code pendingLength} bytes from {@code pendingStart} were read past the end of the last
     * frame and are kept for the next receive. Grows up to {@link #MAX_RECEIVE_BYTES}.
     */
    private byte[] buffer = new byte[256];
    private int pendingStart;
    private int pendingLength;
    private String lastFailure = "";

    ReconnectingLink(String uri, Backoff backoff, Duration interByteTimeout) {
        this.uri = uri;
        this.backoff = backoff;
        this.interByteTimeoutNanos = interByteTimeout.toNanos();
    }

    /** The pause that ends a frame whose boundary answers {@link #UNTIL_SILENCE}. */
    final Duration interByteTimeout() {
        return Duration.ofNanos(interByteTimeoutNanos);
    }

    /** Opens the medium; the message of a failure is used as-is after the URI. */
    protected abstract Connection connect() throws IOException;

    @Override
    public final String uri() {
        return uri;
    }

    @Override
    public void send(byte[] frame) throws IOException {
        synchronized (lock) {
            Connection c = connected();
            try {
                c.write(frame);
            } catch (IOException e) {
                throw failed("send failed", e);
            }
        }
    }

    @Override
    public byte[] receive(FrameBoundary boundary, Duration timeout) throws IOException {
        synchronized (lock) {
            Connection c = connected();
            long deadline = System.nanoTime() + timeout.toNanos();
            if (pendingStart > 0) {
                System.arraycopy(buffer, pendingStart, buffer, 0, pendingLength);
            }
            int length = pendingLength;
            pendingStart = 0;
            pendingLength = 0; // what this receive does not return as a frame is dropped (timeout, error)
            long lastByteAt = System.nanoTime();
            while (true) {
                int frameLength = length == 0 ? -1 : boundary.frameLength(buffer, length);
                long now = System.nanoTime();
                boolean untilSilence = frameLength == UNTIL_SILENCE;
                if (untilSilence && length > 0 && now - lastByteAt >= interByteTimeoutNanos) {
                    backoff.succeeded();
                    return Arrays.copyOf(buffer, length);
                }
                if (!untilSilence && frameLength >= 0 && length >= frameLength) {
                    pendingStart = frameLength;
                    pendingLength = length - frameLength;
                    backoff.succeeded();
                    return Arrays.copyOf(buffer, frameLength);
                }
                long leftNanos = deadline - now;
                if (leftNanos <= 0) {
                    throw new LinkTimeoutException(uri + ": no complete frame within " + timeout.toMillis()
                            + " ms, received " + length + " bytes"
                            + (length == 0 ? "" : ": " + Hex.of(buffer, length)),
                            Arrays.copyOf(buffer, length));
                }
                long waitNanos = leftNanos;
                if (untilSilence && length > 0) {
                    waitNanos = Math.min(waitNanos, interByteTimeoutNanos - (now - lastByteAt));
                }
                int waitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999) / 1_000_000));
                if (length == buffer.length) {
                    if (length >= MAX_RECEIVE_BYTES) {
                        throw failed("no complete frame in " + length + " bytes (at most " + MAX_RECEIVE_BYTES
                                + " are kept for one frame): " + Hex.of(buffer, length),
                                new IOException("receive buffer full"));
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(MAX_RECEIVE_BYTES, buffer.length * 2));
                }
                int n;
                try {
                    n = c.read(buffer, length, buffer.length - length, waitMillis);
                } catch (EOFException e) {
                    throw failed("connection closed by peer after " + length + " bytes of a frame", e);
                } catch (IOException e) {
                    throw failed("receive failed", e);
                }
                if (n > 0) {
                    length += n;
                    lastByteAt = System.nanoTime();
                }
            }
        }
    }

    /**
     * Waits {@code delay} to the microsecond rather than the millisecond {@code Thread.sleep} rounds
     * up to: a Modbus RTU master waits 3.5 characters (4 ms at 9600 baud) before every request, and
     * a millisecond more each time would be a line's throughput lost.
     */
    @Override
    public void pause(Duration delay) throws IOException {
        if (delay.isNegative() || delay.compareTo(MAX_PAUSE) > 0) {
            throw new IllegalArgumentException("a pause is 0.." + MAX_PAUSE.toSeconds() + " s, not " + delay.toMillis()
                    + " ms");
        }
        long end = System.nanoTime() + delay.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException(uri + ": interrupted during a " + delay.toMillis() + " ms pause");
            }
        }
    }

    @Override
    public void purge() throws IOException {
        synchronized (lock) {
            pendingLength = 0;
            Connection c = connection;
            if (c == null) {
                return;
            }
            try {
                int waiting;
                while ((waiting = c.available()) > 0) {
                    // the receive buffer serves as the sink: nothing in it is kept any more
                    c.read(buffer, 0, Math.min(waiting, buffer.length), 1);
                }
            } catch (IOException e) {
                throw failed("purge failed", e);
            }
        }
    }

    /** Closes the medium; the next call opens it again. */
    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        closeQuietly(c);
    }

    /** Bytes waiting to be read (kept or in the medium): lets tests see that purge drops them. */
    int bytesWaiting() throws IOException {
        synchronized (lock) {
            Connection c = connection;
            return pendingLength + (c == null ? 0 : c.available());
        }
    }

    private Connection connected() throws IOException {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        Duration wait = backoff.remaining();
        if (!wait.isZero()) {
            throw new IOException(uri + ": " + lastFailure + ", next attempt in " + Backoff.seconds(wait));
        }
        try {
            c = connect();
        } catch (IOException e) {
            lastFailure = describe(e);
            Duration next = backoff.failed();
            String message = uri + ": " + lastFailure + ", next attempt in " + Backoff.seconds(next);
            LOG.log(System.Logger.Level.DEBUG, message);
            throw new IOException(message, e);
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: connected", uri);
        connection = c;
        return c;
    }

    /** Closes after an I/O error so the next call reconnects (after the back-off). */
    private IOException failed(String what, IOException cause) {
        Connection c = connection;
        connection = null;
        closeQuietly(c);
        pendingLength = 0;
        lastFailure = what + " (" + describe(cause) + ")";
        Duration next = backoff.failed();
        String message = uri + ": " + lastFailure + "; connection closed, next attempt in " + Backoff.seconds(next);
        LOG.log(System.Logger.Level.INFO, message);
        return new IOException(message, cause);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException && m != null && m.toLowerCase().contains("refused")) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + m;
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "connect timed out";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
