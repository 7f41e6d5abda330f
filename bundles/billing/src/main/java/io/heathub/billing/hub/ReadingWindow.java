package io.heathub.billing.hub;

import io.heathub.api.Reading;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The recent readings a scheduled check looks at, in arrival order, bounded by age (when read,
 * readings measured before the asked instant go, and so do readings that <em>arrived</em> before
 * it on the hub's clock: a meter whose clock runs ahead stamps readings in the future, and those
 * would otherwise stay until the count bound) and by count (beyond {@code maxReadings} the oldest
 * go, counted in {@link #dropped()} so a too-small bound shows). Thread-safe.
 */
public final class ReadingWindow {
    private final int maxReadings;
    private final Clock clock;
    private final Deque<Arrived> readings = new ArrayDeque<>();
    private long dropped;

    private record Arrived(Reading reading, long atMillis) {
    }

    /**
     * @param maxReadings most readings kept
     * @param clock       the hub's clock, which stamps each reading's arrival
     */
    public ReadingWindow(int maxReadings, Clock clock) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be positive, got " + maxReadings);
        }
        this.maxReadings = maxReadings;
        this.clock = clock;
    }

    public synchronized void addAll(Collection<Reading> batch) {
        long now = clock.millis();
        for (Reading r : batch) {
            readings.addLast(new Arrived(r, now));
        }
        while (readings.size() > maxReadings) {
            readings.removeFirst();
            dropped++;
        }
    }

    /**
     * Drops the readings measured before {@code from} or arrived before it on the hub's clock, and
     * returns the rest in arrival order.
     */
    public synchronized List<Reading> since(Instant from) {
        long fromMillis = from.toEpochMilli();
        readings.removeIf(a -> a.atMillis() < fromMillis || a.reading().time().isBefore(from));
        List<Reading> kept = new ArrayList<>(readings.size());
        for (Arrived a : readings) {
            kept.add(a.reading());
        }
        return kept;
    }

    /** Readings dropped because the window was full (not because they were old). */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized int size() {
        return readings.size();
    }
}
