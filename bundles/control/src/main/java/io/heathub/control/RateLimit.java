package io.heathub.control;

/**
 * How fast an output may move: at most {@code perCycle} in one engine cycle and at most
 * {@code perHour} × (hours since the previous output). The smaller bound applies.
 *
 * @param perCycle largest change in one cycle, {@code > 0}
 * @param perHour  largest change per hour of elapsed time, {@code > 0}
 */
public record RateLimit(double perCycle, double perHour) {

    public RateLimit {
        if (!(perCycle > 0) || !(perHour > 0) || Double.isInfinite(perCycle) || Double.isInfinite(perHour)) {
            throw new IllegalArgumentException("rate limits must be finite and > 0, got perCycle " + perCycle
                    + ", perHour " + perHour);
        }
    }

    /**
     * The largest allowed change after {@code elapsedHours}; a negative elapsed time (clock went
     * back) allows no change, an unknown one ({@code NaN}) allows {@code perCycle}.
     */
    public double allowedChange(double elapsedHours) {
        if (Double.isNaN(elapsedHours)) {
            return perCycle;
        }
        return Math.min(perCycle, perHour * Math.max(0, elapsedHours));
    }
}
