package io.heathub.testkit.line;

import io.heathub.api.driver.Link;
import io.heathub.testkit.Bytes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes everything to a real link and records the frames sent through it, so that a test can
 * count requests (one read per block, no retry storm) without giving up the real medium.
 */
public final class RecordingLink implements Link {
    private final Link delegate;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();

    public RecordingLink(Link delegate) {
        this.delegate = delegate;
    }

    /** Every frame sent since the start or the last {@link #reset()} (copies). */
    public List<byte[]> sent() {
        return sent.stream().map(byte[]::clone).toList();
    }

    public List<String> sentHex() {
        return sent.stream().map(Bytes::hex).toList();
    }

    /** Byte {@code offset} of every frame sent, unsigned: e.g. the function code of Modbus requests. */
    public List<Integer> byteAt(int offset) {
        return sent.stream().map(f -> f[offset] & 0xFF).toList();
    }

    public void reset() {
        sent.clear();
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public void send(byte[] frame) throws IOException {
        sent.add(frame.clone());
        delegate.send(frame);
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
        return delegate.receive(frame, timeout);
    }

    @Override
    public java.util.Optional<io.heathub.api.driver.LineSettings> lineSettings() {
        return delegate.lineSettings();
    }

    @Override
    public void changeLineSettings(io.heathub.api.driver.LineSettings settings) throws IOException {
        delegate.changeLineSettings(settings);
    }

    @Override
    public void pause(Duration delay) throws IOException {
        delegate.pause(delay);
    }

    @Override
    public void purge() throws IOException {
        delegate.purge();
    }
}
