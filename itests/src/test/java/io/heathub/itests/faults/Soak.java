package io.heathub.itests.faults;

import java.time.Duration;

/**
 * Durations of the fault phases. Short by default (each test well under a minute); with
 * {@code -Dheathub.soak.minutes=N} every fault phase (outage, backlog build-up, refusal, full
 * disk) lasts N minutes and the deadlines grow with it.
 */
final class Soak {
    static final String PROPERTY = "heathub.soak.minutes";

    private Soak() {
    }

    static long minutes() {
        return Long.getLong(PROPERTY, 0L);
    }

    /** How long a fault lasts: {@code normal} in the suite, N minutes in a soak run. */
    static Duration phase(Duration normal) {
        long n = minutes();
        return n > 0 ? Duration.ofMinutes(n) : normal;
    }

    /** A deadline for recovery: {@code normal}, plus twice the soak phase in a soak run. */
    static Duration deadline(Duration normal) {
        long n = minutes();
        return n > 0 ? normal.plus(Duration.ofMinutes(2 * n)) : normal;
    }
}
