package io.heathub.wire;

import java.time.Duration;

/** Durations in messages people read: {@code 45 s}, {@code 12 min}, {@code 5 h}, {@code 26937 days}. */
public final class TimeSpans {
    private TimeSpans() {
    }

    /** The span in its largest whole unit with at least two of them (so 90 min, not 1 h). */
    public static String describe(Duration span) {
        Duration d = span.abs();
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " min";
        }
        if (d.getSeconds() >= 1) {
            return d.getSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
