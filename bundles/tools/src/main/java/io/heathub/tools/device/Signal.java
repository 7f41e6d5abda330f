package io.heathub.tools.device;

/** A point's value over time, in its canonical unit; {@code seconds} counts from the device's start. */
@FunctionalInterface
interface Signal {
    double at(double seconds);

    static Signal constant(double value) {
        return seconds -> value;
    }

    /** Grows by {@code perHour} every hour from {@code start}. */
    static Signal counter(double start, double perHour) {
        return seconds -> start + perHour * seconds / 3600;
    }

    /** Swings between {@code low} and {@code high} once per {@code periodSeconds}, slowly enough to look real. */
    static Signal level(double low, double high, double periodSeconds, double phase) {
        double middle = (low + high) / 2;
        double amplitude = (high - low) / 2;
        return seconds -> middle + amplitude * Math.sin(2 * Math.PI * seconds / periodSeconds + phase);
    }
}
