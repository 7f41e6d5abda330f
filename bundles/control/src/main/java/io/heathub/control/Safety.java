package io.heathub.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The last word on every output: rate limit against the previous value, then clamp to the limits.
 * The clamp comes last, so an output is always within its limits even when the previous value was
 * not (a device found outside its limits is brought back at once).
 */
public final class Safety {

    private Safety() {
    }

    /**
     * A limited value and what limited it.
     *
     * @param value the value to send
     * @param note  empty, or e.g. ", rate-limited from 58.0 (±2.0)"
     */
    public record Limited(double value, String note) { }

    /**
     * Limits {@code target}.
     *
     * @param target   what the rule wants
     * @param previous the output's current value, if known (no rate limit without one)
     * @param since    when the previous value was decided, if known (then the per-hour bound applies)
     * @param now      the cycle's time
     * @param limits   range of the output
     * @param rate     rate limit of the output
     */
    public static Limited limit(double target, OptionalDouble previous, Optional<Instant> since, Instant now,
                                Limits limits, RateLimit rate) {
        double value = target;
        String note = "";
        if (previous.isPresent() && Double.isFinite(previous.getAsDouble())) {
            double hours = since.map(time -> Duration.between(time, now).toNanos() / 3.6e12).orElse(Double.NaN);
            double allowed = rate.allowedChange(hours);
            double from = previous.getAsDouble();
            double bounded = Math.max(from - allowed, Math.min(from + allowed, target));
            if (bounded != target) {
                value = bounded;
                note = String.format(Locale.ROOT, ", rate-limited from %.1f (±%.1f)", from, allowed);
            }
        }
        double clamped = limits.clamp(value);
        if (clamped != value) {
            note += String.format(Locale.ROOT, ", clamped to %.1f–%.1f", limits.min(), limits.max());
        }
        return new Limited(clamped, note);
    }
}
