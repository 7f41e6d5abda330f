package io.heathub.driver.mbus;

import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * An in-test bus: every frame the driver sends goes to a scripted meter, whose answer (or null for
 * silence) the next receive returns through the driver's frame boundary, as a real link would:
 * bytes after the end of a frame wait for the next receive. With {@code echo} the request itself
 * comes back first, as on a half-duplex RS-485 adapter or an M-Bus level converter that hears
 * itself.
 */
final class ScriptedMeterLink implements Link {
    final List<String> sent = new ArrayList<>();
    private final Function<byte[], byte[]> meter;
    private final boolean echo;
    private byte[] pending = new byte[0];
    int purges;

    ScriptedMeterLink(Function<byte[], byte[]> meter) {
        this(meter, false);
    }

    ScriptedMeterLink(Function<byte[], byte[]> meter, boolean echo) {
        this.meter = meter;
        this.echo = echo;
    }

    @Override
    public String uri() {
        return "test://mbus";
    }

    @Override
    public void send(byte[] frame) {
        sent.add(MbusFrames.hex(frame));
        byte[] answer = meter.apply(frame.clone());
        byte[] heard = echo ? frame.clone() : new byte[0];
        if (answer != null) {
            heard = Arrays.copyOf(heard, heard.length + answer.length);
            System.arraycopy(answer, 0, heard, heard.length - answer.length, answer.length);
        }
        pending = heard;
    }

    @Override
    public byte[] receive(FrameBoundary frame, Duration timeout) throws LinkTimeoutException {
        byte[] bytes = pending;
        pending = new byte[0];
        // feed byte by byte, as a serial line would
        for (int length = 1; length <= bytes.length; length++) {
            int total = frame.frameLength(bytes, length);
            if (total >= 0 && length >= total) {
                pending = Arrays.copyOfRange(bytes, length, bytes.length);
                return Arrays.copyOf(bytes, length);
            }
        }
        throw new LinkTimeoutException("no complete frame within " + timeout.toMillis() + " ms", bytes);
    }

    @Override
    public void purge() {
        purges++;
        pending = new byte[0];
    }
}
