package io.heathub.billing.settlement;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One class of cold day: a day whose mean room temperature is below {@code belowC} (and not
 * below the next colder class's bound) refunds {@code refundPercent} % of that day's fee.
 *
 * @param name          the key in the settlement's {@code coldDays}, e.g. {@code cool}
 * @param belowC        exclusive upper bound of the day's mean room temperature, °C
 * @param refundPercent share of the day fee refunded, 0–100
 */
public record ColdRoomClass(String name, BigDecimal belowC, BigDecimal refundPercent) {

    public ColdRoomClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(belowC, "belowC");
        Objects.requireNonNull(refundPercent, "refundPercent");
        if (refundPercent.signum() < 0 || refundPercent.compareTo(ColdRoomRules.HUNDRED) > 0) {
            throw new IllegalArgumentException("refundPercent must be within 0–100, got " + refundPercent.toPlainString());
        }
    }
}
