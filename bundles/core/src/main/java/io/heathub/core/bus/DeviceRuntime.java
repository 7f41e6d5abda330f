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
 * snapshots from other threads are volatile. Poll times are on the worker's monotonic ticker
 * (nanoseconds), so a wall-clock jump neither stalls nor bursts polling; only the last poll's
 * time, for people, is wall-clock.
 */
final class DeviceRuntime {
    private static final int MAX_BACKOFF_FACTOR = 32;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    final DeviceConfig config;
    DeviceSession session;
    DeviceDriver openedWith;
    /** When the next poll is due, on the worker's ticker. */
    long due;
    /** The thread of this device's driver call that hung and was abandoned, while it lives. */
    Thread hungCall;
    volatile State state = State.WAITING_FOR_DRIVER;
    volatile String lastError;
    volatile Instant lastPoll;
    volatile long polls;
    volatile long failures;
    int consecutiveFailures;
    /** The waiting-for-driver message last logged, so it is logged once per change. */
    String reportedWaiting = "";

    DeviceRuntime(DeviceConfig config, long firstDue, String startNote) {
        this.config = config;
        this.due = firstDue;
        this.lastError = startNote.isEmpty() ? "driver '" + config.driver() + "' not looked up yet" : startNote;
        if (!startNote.isEmpty()) {
            state = State.FAILING; // shown until its first good poll
        }
    }

    boolean pollable() {
        return session != null && (state == State.RUNNING || state == State.FAILING) && !callStillHung();
    }

    /** True while an abandoned call of this device has not returned: it is not called again meanwhile. */
    boolean callStillHung() {
        if (hungCall != null && !hungCall.isAlive()) {
            hungCall = null;
        }
        return hungCall != null;
    }

    void succeeded(long now, Instant wallNow) {
        polls++;
        consecutiveFailures = 0;
        lastPoll = wallNow;
        lastError = "";
        state = State.RUNNING;
        due = advance(due, now, config.pollInterval().toNanos());
    }

    /** Records a failure and schedules the retry; returns the delay chosen. */
    Duration failed(long now, String error) {
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
        due = now + delay.toNanos();
        return delay;
    }

    /** Next slot on the device's own grid, skipping slots already missed (no catch-up burst). */
    private static long advance(long due, long now, long interval) {
        long next = due + interval;
        if (next - now <= 0) {
            long missed = (now - next) / interval + 1;
            next += missed * interval;
        }
        return next;
    }

    DeviceStatus status() {
        return new DeviceStatus(config.id(), config.driver(), config.bus(), state, lastError,
                Optional.ofNullable(lastPoll), polls, failures);
    }
}
