package io.heathub.driver.modbus;

import io.heathub.api.driver.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Passes everything to a real link and records the request frames sent. */
final class CountingLink implements Link {
    private final Link delegate;
    private final List<byte[]> sent = new ArrayList<>();

    CountingLink(Link delegate) {
        this.delegate = delegate;
    }

    synchronized int sent() {
        return sent.size();
    }

    /** The function code of every request sent, for MBAP ({@code pduOffset} 7) or RTU (1) frames. */
    synchronized List<Integer> functions(int pduOffset) {
        return sent.stream().map(f -> f[pduOffset] & 0xFF).toList();
    }

    synchronized void reset() {
        sent.clear();
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public void send(byte[] frame) throws IOException {
        synchronized (this) {
            sent.add(frame.clone());
        }
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
