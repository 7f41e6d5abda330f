package io.heathub.simulator.meters;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves. */
final class ManualClock implements InstantSource {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    ManualClock() {
        this(Instant.parse("2025-01-15T04:00:00Z"));
    }

    void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    MeterEnvironment environment() {
        return new MeterEnvironment(this, MeterEnvironment.CHINA, java.util.Optional.empty());
    }
}
