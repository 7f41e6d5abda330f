package io.heathub.billing.hub;

import io.heathub.api.Reading;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The recent readings a scheduled check looks at, in arrival order, bounded both by age (older
 * than the window are dropped when read) and by count (beyond {@code maxReadings} the oldest go,
 * counted in {@link #dropped()} so a too-small bound shows). Thread-safe.
 */
public final class ReadingWindow {
    private final int maxReadings;
    private final Deque<Reading> readings = new ArrayDeque<>();
    private long dropped;

    public ReadingWindow(int maxReadings) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be positive, got " + maxReadings);
        }
        this.maxReadings = maxReadings;
    }

    public synchronized void addAll(Collection<Reading> batch) {
        for (Reading r : batch) {
            readings.addLast(r);
        }
        while (readings.size() > maxReadings) {
            readings.removeFirst();
            dropped++;
        }
    }

    /** Drops readings measured before {@code from} and returns the rest. */
    public synchronized List<Reading> since(Instant from) {
        readings.removeIf(r -> r.time().isBefore(from));
        return new ArrayList<>(readings);
    }

    /** Readings dropped because the window was full (not because they were old). */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized int size() {
        return readings.size();
    }
}
