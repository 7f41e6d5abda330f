package io.heathub.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} (and so an {@link java.time.InstantSource}) that stands still until the test
 * sets or advances it. Safe to read from the code under test's threads while the test moves it.
 * {@link #withZone} gives a view on the same time in another zone, as a real clock does.
 */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** Starts at {@code start}, in UTC. */
    public SettableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the time on (or back, for a negative duration: a clock corrected by NTP). */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new SettableClock(now, other);
    }

    @Override
    public String toString() {
        return "SettableClock[" + now.get() + ", " + zone + "]";
    }
}
