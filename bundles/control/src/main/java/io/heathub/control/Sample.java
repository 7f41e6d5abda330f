package io.heathub.control;

import io.heathub.api.Quality;
import io.heathub.api.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured temperature as the engine sees it (an outdoor or a room reading).
 *
 * @param value   °C; a non-finite value is never used (see {@link #usable})
 * @param time    when it was measured
 * @param quality only {@link Quality#GOOD} samples drive a loop
 */
public record Sample(double value, Instant time, Quality quality) {

    public Sample {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quality, "quality");
    }

    /** A good sample. */
    public static Sample good(double value, Instant time) {
        return new Sample(value, time, Quality.GOOD);
    }

    /** The engine's view of a canonical reading (value converted to double, °C assumed by the caller). */
    public static Sample of(Reading reading) {
        return new Sample(reading.value().doubleValue(), reading.time(), reading.quality());
    }

    /**
     * Whether this sample may drive a loop at {@code now}: GOOD, finite, inside the plausible range
     * and not older than {@code maxAge}. Samples time-stamped up to {@code maxAge} in the future are
     * accepted (a device clock running a little fast must not stop control); further ahead the
     * clock is wrong and the sample is ignored.
     */
    public boolean usable(Instant now, Duration maxAge, Limits plausible) {
        return quality == Quality.GOOD
                && plausible.contains(value)
                && !time.isBefore(now.minus(maxAge))
                && !time.isAfter(now.plus(maxAge));
    }
}
