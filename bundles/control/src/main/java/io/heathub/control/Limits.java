package io.heathub.control;

/**
 * A closed range {@code [min, max]} of finite values.
 *
 * @param min lowest allowed value
 * @param max highest allowed value, {@code >= min}
 */
public record Limits(double min, double max) {

    public Limits {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("limits must be finite with min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** Whether {@code value} is finite and inside the range. */
    public boolean contains(double value) {
        return value >= min && value <= max; // false for NaN
    }

    /** {@code value} brought into the range; NaN becomes {@code min} (the safe side is the caller's choice of range). */
    public double clamp(double value) {
        if (Double.isNaN(value)) {
            return min;
        }
        return Math.max(min, Math.min(max, value));
    }
}
