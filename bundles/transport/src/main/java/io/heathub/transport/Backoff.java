package io.heathub.transport;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a link may try to connect again: after each failure the wait doubles from
 * {@code initial} up to {@code max}; a frame received resets it. Keeps a dead converter from
 * being hammered by every poll of every device on its bus.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final LongSupplier nanoClock;
    private int failures;
    private long notBeforeNanos;
    private boolean armed;

    Backoff(Duration initial, Duration max, LongSupplier nanoClock) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(max.toNanos(), initialNanos);
        this.nanoClock = nanoClock;
    }

    /** Records a failure and returns how long the next attempt must wait. */
    Duration failed() {
        long wait = initialNanos;
        for (int i = 0; i < failures && wait < maxNanos; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, maxNanos);
        failures++;
        armed = true;
        notBeforeNanos = nanoClock.getAsLong() + wait;
        return Duration.ofNanos(wait);
    }

    /** Forgets past failures: the link works. */
    void succeeded() {
        failures = 0;
        armed = false;
    }

    /** Time left before an attempt is allowed; zero when one may be made now. */
    Duration remaining() {
        if (!armed) {
            return Duration.ZERO;
        }
        long left = notBeforeNanos - nanoClock.getAsLong();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** Rounds up to whole seconds for messages ("next attempt in 4 s"); short waits in ms. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis < 500) {
            return millis + " ms";
        }
        return ((millis + 999) / 1000) + " s";
    }
}
