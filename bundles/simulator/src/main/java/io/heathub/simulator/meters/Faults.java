package io.heathub.simulator.meters;

/**
 * Faults a simulated meter can show, so that plausibility checks downstream have something to find.
 *
 * @param drift   factor applied to every counter increment (1 = exact, 1.05 = counts 5 % too much)
 * @param stuck   counters (energy, volume) stop advancing while power and flow are still reported
 * @param offline the meter never answers
 */
public record Faults(double drift, boolean stuck, boolean offline) {
    /** A healthy meter. */
    public static final Faults NONE = new Faults(1.0, false, false);

    /** Checks the drift factor. */
    public Faults {
        if (!(drift > 0) || Double.isInfinite(drift)) {
            throw new IllegalArgumentException("drift must be a finite factor > 0, got " + drift);
        }
    }
}
