package io.heathub.api.journal;

import java.time.Duration;
import java.util.Optional;

/**
 * How an uplink paces its attempts while its backend fails: the first failure starts an outage
 * (the uplink logs it once), attempts follow after a back-off that doubles up to a maximum, and
 * the first success ends the outage (logged once, with its length). Not thread-safe: an uplink
 * uses it from its route's single thread.
 */
public final class RetryPacing {
    private final long firstMillis;
    private final long maxMillis;
    private long backoffMillis;
    private long nextAttemptNanos;
    private long outageStartNanos;
    private boolean inOutage;

    public RetryPacing(Duration first, Duration max) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.backoffMillis = firstMillis;
    }

    /** True while in an outage and the next attempt is not due yet. */
    public boolean waiting() {
        return inOutage && System.nanoTime() - nextAttemptNanos < 0;
    }

    /**
     * Records a failed attempt and schedules the next one.
     *
     * @return true when this failure starts an outage (the one to log)
     */
    public boolean failed() {
        long now = System.nanoTime();
        boolean starts = !inOutage;
        if (starts) {
            inOutage = true;
            outageStartNanos = now;
            backoffMillis = firstMillis;
        }
        nextAttemptNanos = now + backoffMillis * 1_000_000L;
        backoffMillis = Math.min(backoffMillis * 2, maxMillis);
        return starts;
    }

    /**
     * Records a successful attempt.
     *
     * @return how long the outage lasted when this success ends one (the one to log), else empty
     */
    public Optional<Duration> succeeded() {
        backoffMillis = firstMillis;
        if (!inOutage) {
            return Optional.empty();
        }
        inOutage = false;
        return Optional.of(Duration.ofNanos(System.nanoTime() - outageStartNanos));
    }
}
