package io.heathub.driver.modbus;

import io.heathub.api.driver.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes everything to a real link and counts the requests sent. */
final class CountingLink implements Link {
    private final Link delegate;
    private final AtomicInteger sent = new AtomicInteger();

    CountingLink(Link delegate) {
        this.delegate = delegate;
    }

    int sent() {
        return sent.get();
    }

    void reset() {
        sent.set(0);
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public void send(byte[] frame) throws IOException {
        sent.incrementAndGet();
        delegate.send(frame);
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
        return delegate.receive(frame, timeout);
    }

    @Override
    public void purge() throws IOException {
        delegate.purge();
    }
}
