package io.heathub.billing.health;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * What one meter can plausibly report and how often it is read.
 *
 * @param maxPowerKW   heat power above this is implausible (a household DN20 meter rarely exceeds 30 kW)
 * @param maxFlowM3h   the meter's overload flow qs (DN20, qp 2.5: qs 5 m³/h)
 * @param pollInterval how often the hub reads it (the device's {@code pollInterval} in site.yaml)
 */
public record MeterLimits(BigDecimal maxPowerKW, BigDecimal maxFlowM3h, Duration pollInterval) {
    public MeterLimits {
        Objects.requireNonNull(maxPowerKW, "maxPowerKW");
        Objects.requireNonNull(maxFlowM3h, "maxFlowM3h");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxPowerKW.signum() <= 0 || maxFlowM3h.signum() <= 0) {
            throw new IllegalArgumentException("maxPowerKW and maxFlowM3h must be positive");
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /** Household meter defaults: 50 kW, 5 m³/h, read every 15 min. */
    public static MeterLimits householdDefaults() {
        return new MeterLimits(new BigDecimal("50"), new BigDecimal("5"), Duration.ofMinutes(15));
    }
}
