package io.heathub.billing.settlement;

import io.heathub.billing.HouseholdTariff;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which household-days get a cold-room refund besides their temperature class (Zibo 2022 二(四),
 * domain §5.5): the tariffs refunded, the days that are the household's own doing (not refunded),
 * and the days a recorded heat interruption left without heat (refunded in full).
 *
 * @param tariffs                   households of these tariffs are refunded (Zibo: those paying by area)
 * @param exclusionRecords          refund exclusions of the records folder ({@code refund-exclusions.jsonl}) count
 * @param exclusionAlarms           an open alarm of one of these kinds on the household's meter or room sensor that
 *                                  day ({@code alarm.<kind>} reading ≠ 0) excludes the day
 * @param exclusionStates           a good reading of the household's meter or room sensor that day matching one of
 *                                  these (e.g. {@code status.valveFault} = 1) excludes the day
 * @param interruptionRefundPercent refund of a day a recorded interruption left without heat (Zibo: 100)
 * @param interruptionMinimum       how long an interruption must last within a local day for it to count (a whole
 *                                  day by default: a shorter one shows in the room temperatures)
 */
public record RefundRules(Set<HouseholdTariff> tariffs, boolean exclusionRecords, List<String> exclusionAlarms,
                          List<StateMatch> exclusionStates, BigDecimal interruptionRefundPercent,
                          Duration interruptionMinimum) {

    /**
     * A point value that shows the household's own doing.
     *
     * @param point  e.g. {@code status.valveFault}
     * @param equals the value, e.g. 1
     */
    public record StateMatch(String point, BigDecimal equals) {
        public StateMatch {
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(equals, "equals");
        }

        /** {@code status.valveFault = 1}. */
        @Override
        public String toString() {
            return point + " = " + equals.toPlainString();
        }
    }

    public RefundRules {
        tariffs = Set.copyOf(tariffs);
        exclusionAlarms = List.copyOf(exclusionAlarms);
        exclusionStates = List.copyOf(exclusionStates);
        Objects.requireNonNull(interruptionRefundPercent, "interruptionRefundPercent");
        Objects.requireNonNull(interruptionMinimum, "interruptionMinimum");
        if (interruptionRefundPercent.signum() < 0 || interruptionRefundPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("interruptions.refundPercent must be within 0–100, got "
                    + interruptionRefundPercent.toPlainString());
        }
        if (interruptionMinimum.isNegative() || interruptionMinimum.isZero()) {
            throw new IllegalArgumentException("interruptions.minimumPerDay must be positive");
        }
    }

    /**
     * The defaults: both tariffs refunded (as before Zibo's area-only rule was configurable), recorded
     * exclusions count, no alarm or state excludes, a whole day interrupted refunds 100 %.
     */
    public static RefundRules defaults() {
        return new RefundRules(EnumSet.allOf(HouseholdTariff.class), true, List.of(), List.of(), BigDecimal.valueOf(100),
                Duration.ofDays(1));
    }

    /** Whether households of {@code tariff} get cold-room refunds. */
    public boolean refunds(HouseholdTariff tariff) {
        return tariffs.contains(tariff);
    }
}
