package io.heathub.testkit.line;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ScriptedDevice} transmits after hearing a frame: nothing, or one or more bursts
 * of bytes, each at its own delay after the request. One burst at once is the ordinary reply;
 * a delay past the master's timeout is a late reply; a frame split over two bursts is a slow
 * or stuttering sender.
 */
public final class Reply {
    private static final Reply SILENCE = new Reply(List.of());

    /** Bytes that arrive {@code after} the request was sent. */
    public record Burst(Duration after, byte[] bytes) {
        public Burst {
            Objects.requireNonNull(after, "after");
            if (after.isNegative()) {
                throw new IllegalArgumentException("a reply cannot come before the request: " + after);
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private final List<Burst> bursts;

    private Reply(List<Burst> bursts) {
        this.bursts = List.copyOf(bursts);
    }

    /** The device stays silent. */
    public static Reply silence() {
        return SILENCE;
    }

    /** {@code bytes} at once; null or empty is silence (so a script's "no answer" can be null). */
    public static Reply of(byte[] bytes) {
        return after(Duration.ZERO, bytes);
    }

    /** {@code bytes}, {@code delay} after the request. */
    public static Reply after(Duration delay, byte[] bytes) {
        return bytes == null || bytes.length == 0 ? SILENCE : new Reply(List.of(new Burst(delay, bytes)));
    }

    /** This reply, then {@code bytes} {@code gap} after the start of its last burst. */
    public Reply then(Duration gap, byte[] bytes) {
        Duration start = bursts.isEmpty() ? Duration.ZERO : bursts.get(bursts.size() - 1).after();
        List<Burst> more = new ArrayList<>(bursts);
        more.add(new Burst(start.plus(gap), bytes));
        return new Reply(more);
    }

    public boolean isSilent() {
        return bursts.isEmpty();
    }

    /** The bursts in the order they arrive. */
    public List<Burst> bursts() {
        return bursts;
    }

    /** Every byte of the reply, bursts joined. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bursts.forEach(b -> out.writeBytes(b.bytes()));
        return out.toByteArray();
    }

    /** When the first byte arrives after the request; zero for silence. */
    Duration start() {
        return bursts.isEmpty() ? Duration.ZERO : bursts.get(0).after();
    }
}
