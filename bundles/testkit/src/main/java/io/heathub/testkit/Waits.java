package io.heathub.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline, never sleep-and-hope. */
public final class Waits {
    private static final long POLL_MILLIS = 20;

    private Waits() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails with an {@link AssertionError} naming
     * {@code what} when it still does not after {@code timeout}.
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, () -> "", condition);
    }

    /**
     * As {@link #until(Duration, String, BooleanSupplier)}; {@code diagnostics} (a log, a
     * backlog) is read only when the wait fails and is added to the failure.
     */
    public static void until(Duration timeout, String what, Supplier<String> diagnostics, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String more = diagnostics.get();
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (more == null || more.isEmpty() ? "" : "\n" + more));
            }
            sleep(POLL_MILLIS, what);
        }
    }

    private static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
