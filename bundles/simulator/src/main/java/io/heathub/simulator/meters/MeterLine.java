package io.heathub.simulator.meters;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Many meters of mixed protocols on one multi-drop line (RS-485 or M-Bus): every request is heard
 * by all meters and only the addressed one answers. When several answer at once (a wildcard select
 * matching more than one M-Bus meter, a broadcast read-address with several meters on the line)
 * their replies collide: the line then carries a deliberately garbled byte sequence that no decoder
 * accepts, as a real bus would.
 *
 * <p>Timing ({@link Timing}): with a baud rate set, a request is taken to arrive over the line
 * (its line time, bytes × 11 bits / baud, is waited after its last byte was received), then the
 * meter's turnaround passes, then the reply is written paced at the baud rate, each byte no earlier
 * than its last bit would arrive. With {@code echo} the request is written back first (paced over
 * its own line time), as RS-485 adapters without echo suppression do.
 */
public final class MeterLine {
    /** Bits per character: start, 8 data, even parity, stop (8E1). */
    public static final int BITS_PER_CHARACTER = 11;
    /** A partial frame is dropped after this much silence. */
    public static final Duration INTER_FRAME_GAP = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(MeterLine.class.getName());

    /**
     * How the line behaves in time.
     *
     * @param baud       line speed for line-time emulation; 0 answers as fast as possible
     * @param turnaround the meters' pause between the end of a request and the start of the reply
     * @param echo       write each request back before the reply (RS-485 adapter echo)
     */
    public record Timing(int baud, Duration turnaround, boolean echo) {
        /** Meters' default turnaround. */
        public static final Duration DEFAULT_TURNAROUND = Duration.ofMillis(10);

        /** Checks the ranges. */
        public Timing {
            Objects.requireNonNull(turnaround, "turnaround");
            if (baud < 0 || baud > 1_000_000) {
                throw new IllegalArgumentException("baud must be 0 (no line-time emulation) or 1..1000000, got " + baud);
            }
            if (turnaround.isNegative() || turnaround.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("turnaround must be 0..10 s, got " + turnaround);
            }
        }

        /** No line-time emulation, default turnaround, no echo. */
        public static Timing fast() {
            return new Timing(0, DEFAULT_TURNAROUND, false);
        }

        /** The time {@code bytes} characters occupy the line at {@link #baud()} (zero without a baud rate). */
        public Duration lineTime(int bytes) {
            return baud == 0 ? Duration.ZERO : Duration.ofNanos((long) bytes * BITS_PER_CHARACTER * 1_000_000_000L / baud);
        }
    }

    private final List<SimulatedMeter> meters;
    private final Timing timing;

    /** A line with these meters (in line order) behaving in time as {@code timing} says. */
    public MeterLine(List<? extends SimulatedMeter> meters, Timing timing) {
        this.meters = List.copyOf(meters);
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /** The meters on the line. */
    public List<SimulatedMeter> meters() {
        return meters;
    }

    /** How the line behaves in time. */
    public Timing timing() {
        return timing;
    }

    /** The configured turnaround, for benchmarks that compute the theoretical minimum of a sweep. */
    public Duration turnaround() {
        return timing.turnaround();
    }

    /**
     * The least time from sending a request's first byte to receiving its reply's last byte under
     * this line's timing: request line time + turnaround + reply line time (+ the echo's own line
     * time is inside the request's, it is sent while the request is).
     */
    public Duration minimumExchangeTime(int requestBytes, int replyBytes) {
        return timing.lineTime(requestBytes).plus(timing.turnaround()).plus(timing.lineTime(replyBytes));
    }

    /**
     * What the line carries after {@code request}: nothing (empty array) when no meter answers, the
     * one reply, or a garbled collision of several.
     */
    public synchronized byte[] answer(LineFrame request) {
        List<byte[]> replies = new ArrayList<>();
        for (SimulatedMeter meter : meters) {
            Optional<byte[]> reply = meter.answer(request);
            reply.ifPresent(replies::add);
        }
        if (replies.isEmpty()) {
            return new byte[0];
        }
        if (replies.size() == 1) {
            return replies.get(0);
        }
        LOG.log(Level.DEBUG, () -> replies.size() + " meters answered " + request.hex() + ": collision");
        return collision(replies);
    }

    /**
     * Several transmitters at once: on the wire the low level wins (the bytes OR together in this
     * emulation), and the senders are never in step, so the start bit of the first byte is smeared
     * (bit 4 flipped) and so is the checksum position: the result starts with no valid frame
     * start (E5 becomes F5, FE becomes EE, 68 becomes 78).
     */
    static byte[] collision(List<byte[]> replies) {
        int longest = replies.stream().mapToInt(r -> r.length).max().orElse(0);
        byte[] out = new byte[longest];
        for (byte[] reply : replies) {
            for (int i = 0; i < reply.length; i++) {
                out[i] |= reply[i];
            }
        }
        out[0] ^= 0x10;
        if (longest > 2) {
            out[longest - 2] ^= 0x10;
        }
        return out;
    }

    /**
     * Serves the line to one master until it goes away (end of stream) or the endpoint is closed.
     *
     * @throws IOException when reading or writing fails for another reason than a close
     */
    public void serve(LineEndpoint endpoint) throws IOException {
        LineFramer framer = new LineFramer(INTER_FRAME_GAP.toNanos());
        byte[] buffer = new byte[1024];
        int count;
        while ((count = endpoint.read(buffer)) >= 0) {
            long arrived = System.nanoTime();
            framer.accept(buffer, 0, count, arrived);
            LineFrame request;
            while ((request = framer.next()) != null) {
                respond(endpoint, request, framer.wakeUpBeforeLastFrame(), arrived);
            }
        }
    }

    private void respond(LineEndpoint endpoint, LineFrame request, int wakeUpBytes, long arrivedNanos)
            throws IOException {
        byte[] onLine = new byte[wakeUpBytes + request.raw().length];
        java.util.Arrays.fill(onLine, 0, wakeUpBytes, (byte) 0xFE);
        System.arraycopy(request.raw(), 0, onLine, wakeUpBytes, request.raw().length);
        long requestDone = arrivedNanos + timing.lineTime(onLine.length).toNanos();
        if (timing.echo()) {
            // the adapter echoes while the request is on the line, so the echo ends when the request does
            paced(endpoint, onLine, arrivedNanos);
        }
        byte[] reply = answer(request);
        if (reply.length == 0) {
            return;
        }
        long replyStart = requestDone + timing.turnaround().toNanos();
        sleepUntil(replyStart);
        paced(endpoint, reply, replyStart);
    }

    /** Writes each byte no earlier than its last bit would arrive, starting at {@code startNanos}. */
    private void paced(LineEndpoint endpoint, byte[] bytes, long startNanos) throws IOException {
        if (timing.baud() == 0) {
            endpoint.write(bytes, 0, bytes.length);
            return;
        }
        long characterNanos = timing.lineTime(1).toNanos();
        int written = 0;
        while (written < bytes.length) {
            long now = System.nanoTime();
            int due = (int) Math.min(bytes.length, Math.max(0, (now - startNanos) / characterNanos));
            if (due > written) {
                endpoint.write(bytes, written, due - written);
                written = due;
            } else {
                sleepUntil(startNanos + (written + 1) * characterNanos);
            }
        }
    }

    private static void sleepUntil(long deadlineNanos) throws IOException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("meter line interrupted");
            }
        }
    }
}
