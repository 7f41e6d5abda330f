package io.heathub.core.bus;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A device's life on its bus. Mutated only by the bus worker's thread; fields read by status
 * snapshots from other threads are volatile.
 */
final class DeviceRuntime {
    private static final int MAX_BACKOFF_FACTOR = 32;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    final DeviceConfig config;
    DeviceSession session;
    DeviceDriver openedWith;
    Instant due;
    volatile State state = State.WAITING_FOR_DRIVER;
    volatile String lastError;
    volatile Instant lastPoll;
    volatile long polls;
    volatile long failures;
    int consecutiveFailures;
    /** The waiting-for-driver message last logged, so it is logged once per change. */
    String reportedWaiting = "";

    DeviceRuntime(DeviceConfig config, Instant firstDue) {
        this.config = config;
        this.due = firstDue;
        this.lastError = "driver '" + config.driver() + "' not looked up yet";
    }

    boolean pollable() {
        return session != null && (state == State.RUNNING || state == State.FAILING);
    }

    void succeeded(Instant now) {
        polls++;
        consecutiveFailures = 0;
        lastPoll = now;
        lastError = "";
        state = State.RUNNING;
        due = advance(due, now, config.pollInterval());
    }

    /** Records a failure and schedules the retry; returns the delay chosen. */
    Duration failed(Instant now, String error) {
        failures++;
        consecutiveFailures++;
        lastError = error;
        state = State.FAILING;
        // The first two failures retry at the normal pace; a device that stays silent is backed
        // off exponentially so it cannot eat the line's time.
        int factor = consecutiveFailures <= 2 ? 1 : Math.min(1 << (consecutiveFailures - 2), MAX_BACKOFF_FACTOR);
        Duration delay = config.pollInterval().multipliedBy(factor);
        if (delay.compareTo(MAX_BACKOFF) > 0) {
            delay = MAX_BACKOFF.compareTo(config.pollInterval()) > 0 ? MAX_BACKOFF : config.pollInterval();
        }
        due = now.plus(delay);
        return delay;
    }

    /** Next slot on the device's own grid, skipping slots already missed (no catch-up burst). */
    private static Instant advance(Instant due, Instant now, Duration interval) {
        Instant next = due.plus(interval);
        if (!next.isAfter(now)) {
            long missed = Duration.between(next, now).toMillis() / interval.toMillis() + 1;
            next = next.plus(interval.multipliedBy(missed));
        }
        return next;
    }

    DeviceStatus status() {
        return new DeviceStatus(config.id(), config.driver(), config.bus(), state, lastError,
                Optional.ofNullable(lastPoll), polls, failures);
    }
}
