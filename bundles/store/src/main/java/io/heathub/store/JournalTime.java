package io.heathub.store;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The journal's "now" for retention by age and cursor staleness: the wall clock, watched against
 * the monotonic clock. A gateway without a battery-backed clock boots in 1970 and jumps decades
 * when NTP syncs; an operator corrects a clock set a year wrong. Measured on the wall clock alone,
 * either would age out everything unforwarded as DATA LOSS. So a wall time before
 * {@link #PLAUSIBLE_FROM} is not used to date anything, and a step of the wall clock that the
 * monotonic clock did not take (more than {@link #JUMP_TOLERANCE_MILLIS} between two readings) is
 * reported as a jump, for the journal to move the times it dated in this run along with it.
 */
final class JournalTime {
    /** No heathub journal was written before this: an earlier wall time is a clock not yet set. */
    static final long PLAUSIBLE_FROM = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    /** Slewing and scheduling jitter stay far below this between two readings. */
    static final long JUMP_TOLERANCE_MILLIS = 60_000;

    private final Clock wall;
    /** Null when the caller's clock is the only time source (tests that move time by hand). */
    private final LongSupplier monotonicNanos;
    // Guarded by this.
    private boolean started;
    private long lastWallMillis;
    private long lastNanos;
    private long unreportedJumpMillis;

    JournalTime(Clock wall, LongSupplier monotonicNanos) {
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
    }

    Clock wall() {
        return wall;
    }

    /** The wall clock's time in epoch millis; notes a jump when the monotonic clock disagrees. */
    synchronized long millis() {
        long wallNow = wall.millis();
        if (monotonicNanos != null) {
            long nanos = monotonicNanos.getAsLong();
            if (started) {
                long jump = (wallNow - lastWallMillis) - (nanos - lastNanos) / 1_000_000;
                if (Math.abs(jump) > JUMP_TOLERANCE_MILLIS) {
                    unreportedJumpMillis += jump;
                }
            }
            lastNanos = nanos;
        }
        started = true;
        lastWallMillis = wallNow;
        return wallNow;
    }

    /** The wall clock's jumps since the last call (positive: it moved forward), 0 when none. */
    synchronized long takeJumpMillis() {
        long jump = unreportedJumpMillis;
        unreportedJumpMillis = 0;
        return jump;
    }

    static boolean plausible(long epochMillis) {
        return epochMillis >= PLAUSIBLE_FROM;
    }
}
