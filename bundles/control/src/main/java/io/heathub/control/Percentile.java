package io.heathub.control;

import java.util.Arrays;

/**
 * Nearest-rank percentile: of {@code n} sorted values, the {@code p}-th percentile is the value at
 * rank {@code ⌈p/100 · n⌉} (1-based), and the smallest value for {@code p = 0}. It is always one of
 * the measured values, so a reason can name a real room temperature.
 */
public final class Percentile {

    private Percentile() {
    }

    /** The nearest-rank {@code percentile} of {@code count} first values of {@code values}; sorts that prefix. */
    public static double nearestRank(double[] values, int count, double percentile) {
        if (count < 1) {
            throw new IllegalArgumentException("percentile of no values");
        }
        Arrays.sort(values, 0, count);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return values[Math.max(1, Math.min(count, rank)) - 1];
    }
}
