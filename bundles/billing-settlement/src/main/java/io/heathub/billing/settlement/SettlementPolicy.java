package io.heathub.billing.settlement;

import java.util.Arrays;
import java.util.Optional;

/** What happens when the two-part bill differs from the prepaid area fee. */
public enum SettlementPolicy {
    /** 多退少补: refund the surplus, charge the shortfall (up to the cap). */
    REFUND_AND_CHARGE("refundAndCharge"),
    /** 多退少不补: the early, transitional policy; refund the surplus, never charge. */
    REFUND_ONLY("refundOnly");

    private final String key;

    SettlementPolicy(String key) {
        this.key = key;
    }

    /** The spelling in the tariff file. */
    public String key() {
        return key;
    }

    public static Optional<SettlementPolicy> byKey(String text) {
        return Arrays.stream(values()).filter(p -> p.key.equals(text)).findFirst();
    }
}
