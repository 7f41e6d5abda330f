package io.heathub.core.bus;

import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A link whose far end answers every request with the request itself, except requests starting
 * with {@link #SILENT} (no answer) — a stand-in line for counting what the worker does with it.
 */
final class LoopbackLink implements LinkFactory.ManagedLink {
    static final byte SILENT = 9;
    static final byte GARBLED = 8;
    private final String uri;
    private final BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);

    LoopbackLink(String uri) {
        this.uri = uri;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void send(byte[] frame) {
        if (frame[0] != SILENT) {
            replies.add(frame.clone());
        }
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
        try {
            byte[] reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new LinkTimeoutException(uri + ": no reply within " + timeout.toMillis() + " ms", new byte[0]);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void purge() {
        replies.clear();
    }

    @Override
    public void close() {
    }
}
