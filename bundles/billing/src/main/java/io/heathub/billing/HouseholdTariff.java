package io.heathub.billing;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a household is billed. */
public enum HouseholdTariff {
    /** Base part by area plus metered heat (两部制); settled against the area price (多退少补). */
    TWO_PART("two-part"),
    /** By area only: pays the prepaid area fee, no settlement by meter. */
    AREA("area");

    private final String key;

    HouseholdTariff(String key) {
        this.key = key;
    }

    /** The spelling in files: {@code two-part} or {@code area}. */
    public String key() {
        return key;
    }

    /** Every spelling, for "did you mean". */
    public static List<String> keys() {
        return Arrays.stream(values()).map(HouseholdTariff::key).toList();
    }

    public static Optional<HouseholdTariff> byKey(String text) {
        return Arrays.stream(values()).filter(t -> t.key.equals(text)).findFirst();
    }
}
