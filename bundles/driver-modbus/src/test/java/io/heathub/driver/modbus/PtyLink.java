package io.heathub.driver.modbus;

import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test-only serial link over a pty path with plain file streams (the real serial link lives in
 * the transport bundle). A reader thread moves bytes into a queue so that receive can time out;
 * like the real links it keeps bytes read past a frame's end for the next receive.
 */
final class PtyLink implements Link, AutoCloseable {
    private final String uri;
    private final FileInputStream in;
    private final FileOutputStream out;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Thread reader;
    private byte[] pending = new byte[0];

    PtyLink(Path device) throws IOException {
        this.uri = "serial:" + device;
        this.out = new FileOutputStream(device.toFile());
        this.in = new FileInputStream(device.toFile());
        reader = new Thread(() -> pump(in), "pty-reader " + device);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream source) {
        byte[] buffer = new byte[512];
        try {
            int n;
            while ((n = source.read(buffer)) > 0) {
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
    public void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
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
                throw new IOException("interrupted", e);
            }
            if (chunk == null) {
                throw new LinkTimeoutException(uri + ": no complete frame within " + timeout.toMillis() + " ms", buffer);
            }
            byte[] joined = Arrays.copyOf(buffer, buffer.length + chunk.length);
            System.arraycopy(chunk, 0, joined, buffer.length, chunk.length);
            buffer = joined;
        }
    }

    @Override
    public void purge() {
        pending = new byte[0];
        chunks.clear();
    }

    @Override
    public void close() throws IOException {
        out.close();
        in.close();
    }
}
