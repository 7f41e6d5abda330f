package io.heathub.testkit.line;

import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.testkit.Bytes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A multi-drop line (RS-485, M-Bus) with scripted devices on it, as a {@link ManagedLink} the
 * driver under test uses directly. It keeps the link contract the way the transport's links do:
 * <ul>
 *   <li>every device hears every frame sent; each answers or stays silent ({@link ScriptedDevice});
 *       when several answer at once their bytes collide into garbage (device k's bytes rotated
 *       right by k bits and OR-ed, as unsynchronised transmitters mix on the wire: two E5 become F7);
 *   <li>with {@link #echo()} the request itself comes back first, as from a half-duplex RS-485
 *       adapter or an M-Bus level converter that hears itself;
 *   <li>{@code receive} hands the boundary one byte more at a time (the hardest case for a
 *       boundary, as a slow serial line), returns as soon as the frame is complete and keeps the
 *       bytes after it for the next receive; without a complete frame it throws
 *       {@link LinkTimeoutException} after the timeout, with the partial bytes;
 *   <li>{@code purge} drops what has arrived, not what is still on its way (a late reply
 *       scheduled with {@link Reply#after} arrives after a purge, as on a real line);
 *   <li>{@code close} loses what was in flight; the next call works again (the link reconnects).
 * </ul>
 *
 * <p><b>Time.</b> By default the line runs on its own virtual clock: a receive that would wait
 * moves that clock on instead of sleeping, so a scan over 250 silent addresses takes
 * milliseconds, and timings are exact ({@link #elapsed()}). {@link io.heathub.api.driver.Link#exchange} and
 * {@link io.heathub.api.driver.Link#awaitSilence} are run on the same clock, with the API's algorithm. With
 * {@link #inRealTime()} the line waits for real and uses the API's own default methods (and
 * another thread may {@link #inject} bytes while a receive waits).
 *
 * <p>Configure it (devices, echo, uri, time) before the first use. One master uses it at a
 * time, as with a bus worker; the traffic records may be read from any thread.
 */
public final class ScriptedLine implements ManagedLink {
    /** Bytes that arrive on the line at a time on the line's clock. */
    private record Arrival(long at, byte[] bytes) {
    }

    private List<ScriptedDevice> devices;
    private String uri = "test://line";
    private boolean echo;
    private boolean realTime;
    private final long origin = System.nanoTime();
    private long virtualNow;
    private io.heathub.api.driver.LineSettings lineSettings;
    private final List<Arrival> inFlight = new ArrayList<>();
    private final Deque<Byte> arrived = new ArrayDeque<>();
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private volatile int purges;
    private volatile int closes;
    private volatile int collisions;

    private ScriptedLine(List<ScriptedDevice> devices) {
        this.devices = List.copyOf(devices);
    }

    /** A line with these devices on it; none is a line where nobody answers. */
    public static ScriptedLine of(ScriptedDevice... devices) {
        return new ScriptedLine(List.of(devices));
    }

    /** A line with one device that answers by {@code script} (request → reply bytes, or null for silence). */
    public static ScriptedLine answering(UnaryOperator<byte[]> script) {
        return of(ScriptedDevice.answering(script));
    }

    /** The request comes back before any reply, as from a half-duplex adapter. */
    public synchronized ScriptedLine echo() {
        this.echo = true;
        return this;
    }

    /** The URI the link reports (default {@code test://line}); drivers put it in their messages. */
    public synchronized ScriptedLine uri(String uri) {
        this.uri = uri;
        return this;
    }

    /** Waits for real instead of on the virtual clock. */
    public synchronized ScriptedLine inRealTime() {
        this.realTime = true;
        return this;
    }

    /** Replaces the devices on the line (a meter swapped mid-test); what is in flight still arrives. */
    public synchronized ScriptedLine devices(ScriptedDevice... replacements) {
        this.devices = List.of(replacements);
        return this;
    }

    @Override
    public synchronized String uri() {
        return uri;
    }

    @Override
    public synchronized void send(byte[] frame) {
        byte[] request = frame.clone();
        sent.add(request);
        long now = now();
        if (echo) {
            schedule(now, request.clone());
        }
        List<Reply> replies = new ArrayList<>();
        for (ScriptedDevice device : devices) {
            Reply reply = device.hear(request.clone());
            if (reply != null && !reply.isSilent()) {
                replies.add(reply);
            }
        }
        if (replies.size() == 1) {
            for (Reply.Burst burst : replies.get(0).bursts()) {
                schedule(now + burst.after().toNanos(), burst.bytes());
            }
        } else if (replies.size() > 1) {
            collisions++;
            long start = replies.stream().mapToLong(r -> r.start().toNanos()).min().orElse(0);
            schedule(now + start, collide(replies.stream().map(Reply::bytes).toList()));
        }
        notifyAll();
    }

    @Override
    public synchronized byte[] receive(FrameBoundary boundary, Duration timeout) throws IOException {
        long deadline = now() + timeout.toNanos();
        byte[] buffer = new byte[256];
        int length = 0;
        while (true) {
            deliverDue();
            while (!arrived.isEmpty()) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                buffer[length++] = arrived.pollFirst();
                int total = boundary.frameLength(buffer, length);
                if (total >= 0 && length >= total) {
                    for (int i = length - 1; i >= total; i--) {
                        arrived.addFirst(buffer[i]);
                    }
                    return Arrays.copyOf(buffer, total);
                }
            }
            long now = now();
            if (now - deadline >= 0) {
                byte[] partial = Arrays.copyOf(buffer, length);
                throw new LinkTimeoutException(uri + ": no complete frame within " + timeout.toMillis()
                        + " ms, received " + length + " bytes" + (length == 0 ? "" : ": " + Bytes.hex(partial)),
                        partial);
            }
            waitUntil(inFlight.isEmpty() ? deadline : Math.min(deadline, inFlight.get(0).at()));
        }
    }

    @Override
    public synchronized void purge() {
        purges++;
        deliverDue();
        arrived.clear();
    }

    /** Same algorithm as {@link io.heathub.api.driver.Link#exchange}, on the line's clock. */
    @Override
    public byte[] exchange(byte[] request, FrameBoundary frame, Duration timeout, Predicate<byte[]> ours)
            throws IOException {
        if (isRealTime()) {
            return ManagedLink.super.exchange(request, frame, timeout, ours);
        }
        long deadline = nanoTime() + timeout.toNanos();
        purge();
        send(request);
        int skipped = 0;
        while (true) {
            long left = deadline - nanoTime();
            if (left <= 0) {
                throw new LinkTimeoutException(uri() + ": no frame for this request within " + timeout.toMillis()
                        + " ms (" + skipped + " other frames skipped)", new byte[0]);
            }
            byte[] reply = receive(frame, Duration.ofNanos(left));
            if (ours.test(reply)) {
                return reply;
            }
            skipped++;
        }
    }

    /** Makes this a serial line running at {@code settings} (by default it is none, like a TCP link). */
    public synchronized ScriptedLine serial(io.heathub.api.driver.LineSettings settings) {
        this.lineSettings = java.util.Objects.requireNonNull(settings, "settings");
        return this;
    }

    @Override
    public synchronized java.util.Optional<io.heathub.api.driver.LineSettings> lineSettings() {
        return java.util.Optional.ofNullable(lineSettings);
    }

    /** Takes the settings a serial line ({@link #serial}) is switched to; refuses as the API does otherwise. */
    @Override
    public synchronized void changeLineSettings(io.heathub.api.driver.LineSettings settings) throws IOException {
        if (lineSettings == null) {
            ManagedLink.super.changeLineSettings(settings);
        }
        lineSettings = settings;
    }

    /** {@link io.heathub.api.driver.Link#pause} on the line's clock: what arrives meanwhile stays for the next receive. */
    @Override
    public void pause(Duration delay) throws IOException {
        if (isRealTime() || delay.isNegative() || delay.compareTo(MAX_PAUSE) > 0) {
            ManagedLink.super.pause(delay); // waits for real, or refuses the delay as the API does
            return;
        }
        synchronized (this) {
            virtualNow += delay.toNanos();
        }
    }

    /** Same algorithm as {@link io.heathub.api.driver.Link#awaitSilence}, on the line's clock. */
    @Override
    public boolean awaitSilence(Duration quiet, Duration max) throws IOException {
        if (isRealTime()) {
            return ManagedLink.super.awaitSilence(quiet, max);
        }
        long deadline = nanoTime() + max.toNanos();
        purge();
        while (nanoTime() - deadline < 0) {
            try {
                receive((buffer, length) -> length >= 1 ? length : -1, quiet);
            } catch (LinkTimeoutException silent) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        closes++;
        inFlight.clear();
        arrived.clear();
        notifyAll();
    }

    /** Bytes that appear on the line now, from nobody the master addressed: noise, a stale reply. */
    public ScriptedLine inject(byte[] bytes) {
        return inject(Duration.ZERO, bytes);
    }

    /** Bytes that appear on the line {@code after} from now. */
    public synchronized ScriptedLine inject(Duration after, byte[] bytes) {
        schedule(now() + after.toNanos(), bytes.clone());
        notifyAll();
        return this;
    }

    /** Every frame the master sent, oldest first (copies). */
    public List<byte[]> sent() {
        return sent.stream().map(byte[]::clone).toList();
    }

    /** {@link #sent()} as hex, {@code "10 7B 08 83 16"}. */
    public List<String> sentHex() {
        return sent.stream().map(Bytes::hex).toList();
    }

    public int purges() {
        return purges;
    }

    /** How often the master closed the link. */
    public int closes() {
        return closes;
    }

    /** How many requests were answered by more than one device at once. */
    public int collisions() {
        return collisions;
    }

    /** Time passed on the line's clock since it was made (virtual or real). */
    public Duration elapsed() {
        return Duration.ofNanos(nanoTime());
    }

    /** Device k's bytes rotated right by k bits, OR-ed: what a receiver makes of overlapping answers. */
    public static byte[] collide(List<byte[]> answers) {
        int length = answers.stream().mapToInt(a -> a.length).max().orElse(0);
        byte[] mixed = new byte[length];
        for (int k = 0; k < answers.size(); k++) {
            byte[] a = answers.get(k);
            int shift = k % 8;
            for (int i = 0; i < a.length; i++) {
                int b = a[i] & 0xFF;
                mixed[i] |= (byte) (((b >>> shift) | (b << (8 - shift))) & 0xFF);
            }
        }
        return mixed;
    }

    /** Everything that has arrived, waiting up to {@code wait} for the first byte (for a peer that relays the line). */
    synchronized byte[] takeArrived(Duration wait) throws InterruptedIOException {
        long deadline = now() + wait.toNanos();
        while (true) {
            deliverDue();
            if (!arrived.isEmpty()) {
                byte[] bytes = new byte[arrived.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = arrived.pollFirst();
                }
                return bytes;
            }
            if (now() - deadline >= 0) {
                return new byte[0];
            }
            waitUntil(inFlight.isEmpty() ? deadline : Math.min(deadline, inFlight.get(0).at()));
        }
    }

    synchronized boolean isRealTime() {
        return realTime;
    }

    private synchronized long nanoTime() {
        return now();
    }

    private long now() {
        return realTime ? System.nanoTime() - origin : virtualNow;
    }

    private void waitUntil(long at) throws InterruptedIOException {
        if (!realTime) {
            virtualNow = Math.max(virtualNow, at);
            return;
        }
        long left = at - now();
        if (left <= 0) {
            return;
        }
        try {
            wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted while receiving");
        }
    }

    private void schedule(long at, byte[] bytes) {
        int i = inFlight.size();
        while (i > 0 && inFlight.get(i - 1).at() > at) {
            i--;
        }
        inFlight.add(i, new Arrival(at, bytes));
    }

    private void deliverDue() {
        long now = now();
        while (!inFlight.isEmpty() && inFlight.get(0).at() - now <= 0) {
            for (byte b : inFlight.remove(0).bytes()) {
                arrived.addLast(b);
            }
        }
    }
}
