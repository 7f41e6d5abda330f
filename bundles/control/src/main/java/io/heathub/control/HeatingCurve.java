package io.heathub.control;

/**
 * Secondary supply temperature setpoint against outdoor temperature (weather compensation).
 * Implementations: {@link QualityRegulationCurve} (the 质调节 formula) and
 * {@link PiecewiseLinearCurve} (configured points).
 */
public interface HeatingCurve {

    /** The supply setpoint in °C for the (effective) outdoor temperature {@code outdoor} in °C. */
    double supply(double outdoor);

    /** A short description for logs and decision reasons. */
    String describe();
}
