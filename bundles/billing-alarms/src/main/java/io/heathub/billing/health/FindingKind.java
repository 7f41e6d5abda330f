package io.heathub.billing.health;

import java.util.Arrays;
import java.util.Optional;

/** What a meter-health finding is about; {@link #key()} names it in configuration and alarm ids. */
public enum FindingKind {
    /** Building meter against the sum of its households' meters over a period. */
    BUILDING_IMBALANCE("buildingImbalance"),
    /** Energy counter unchanged while water flows. */
    STUCK_COUNTER("stuckCounter"),
    /** Supply colder than return while water flows. */
    SUPPLY_BELOW_RETURN("supplyBelowReturn"),
    /** Heat power above the meter's maximum, or negative. */
    IMPLAUSIBLE_POWER("implausiblePower"),
    /** Flow above the meter's rated maximum, or negative. */
    IMPLAUSIBLE_FLOW("implausibleFlow"),
    /** Too few readings received against the poll interval. */
    COMMUNICATION_FAILURE("communicationFailure"),
    /** The meter's clock far from hub time. */
    CLOCK_DRIFT("clockDrift"),
    /** Energy counter rising faster or slower than the meter's own power integrated over time. */
    METER_DRIFT("meterDrift"),
    /** The meter's own due-day (settlement-day) value disagrees with the hub's cut, or exceeds its running counter. */
    DUE_DAY_MISMATCH("dueDayMismatch");

    private final String key;

    FindingKind(String key) {
        this.key = key;
    }

    /** The camel-case name used in YAML and alarm ids, e.g. {@code stuckCounter}. */
    public String key() {
        return key;
    }

    public static Optional<FindingKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
