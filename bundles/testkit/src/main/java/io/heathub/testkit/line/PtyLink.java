package io.heathub.testkit.line;

import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.testkit.Bytes;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A link on one end of a pty (e.g. {@link io.heathub.testkit.peers.SocatPtyPair}) with plain
 * file streams, for tests that want a serial medium without the transport's jSerialComm: a
 * reader thread queues what arrives so that receive can time out; like the real links it keeps
 * the bytes after a frame for the next receive and puts the partial bytes in the timeout.
 */
public final class PtyLink implements ManagedLink {
    private final String uri;
    private final FileInputStream in;
    private final FileOutputStream out;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] pending = new byte[0];

    public PtyLink(Path device) throws IOException {
        this.uri = "serial:" + device;
        this.out = new FileOutputStream(device.toFile());
        this.in = new FileInputStream(device.toFile());
        Thread reader = new Thread(this::pump, "pty-reader " + device);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        byte[] buffer = new byte[512];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                chunks.add(Arrays.copyOf(buffer, n));
            }
        } catch (IOException closed) {
            // the pty went away: the test is over
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public synchronized void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    @Override
    public synchronized byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = pending;
        pending = new byte[0];
        while (true) {
            int length = buffer.length == 0 ? -1 : frame.frameLength(buffer, buffer.length);
            if (length >= 0 && buffer.length >= length) {
                pending = Arrays.copyOfRange(buffer, length, buffer.length);
                return Arrays.copyOf(buffer, length);
            }
            long left = deadline - System.nanoTime();
            byte[] chunk;
            try {
                chunk = left > 0 ? chunks.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(uri + ": interrupted while receiving");
            }
            if (chunk == null) {
                throw new LinkTimeoutException(uri + ": no complete frame within " + timeout.toMillis()
                        + " ms, received " + buffer.length + " bytes"
                        + (buffer.length == 0 ? "" : ": " + Bytes.hex(buffer)), buffer);
            }
            byte[] joined = Arrays.copyOf(buffer, buffer.length + chunk.length);
            System.arraycopy(chunk, 0, joined, buffer.length, chunk.length);
            buffer = joined;
        }
    }

    @Override
    public synchronized void purge() {
        pending = new byte[0];
        chunks.clear();
    }

    /** Closes both streams; unlike a transport link it does not reopen. */
    @Override
    public void close() {
        try (in; out) {
            // both closed
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": close failed", e);
        }
    }
}
