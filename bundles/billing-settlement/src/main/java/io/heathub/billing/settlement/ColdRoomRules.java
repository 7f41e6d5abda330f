package io.heathub.billing.settlement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a household-day is classed from its room temperatures (Zibo rule, docs/domain.md §5.5). The
 * day's class comes from the mean of its good {@code temp.room} readings: at or above the
 * warmest bound it is {@value #NONE}; otherwise the coldest class whose bound the mean is below.
 * A day the meter shows no heat at all is {@value #NO_HEAT}; a day without room data is
 * {@value #UNKNOWN} and refunds nothing (never guessed).
 *
 * @param classes              cold classes, warmest bound first, bounds strictly falling
 * @param noHeatRefundPercent  share of the day fee refunded for a day without heat, 0–100
 * @param refunds              which tariffs are refunded, which days are excluded or interrupted
 */
public record ColdRoomRules(List<ColdRoomClass> classes, BigDecimal noHeatRefundPercent, RefundRules refunds) {

    public static final String NONE = "none";
    public static final String NO_HEAT = "noHeat";
    public static final String UNKNOWN = "unknown";
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public ColdRoomRules {
        classes = List.copyOf(classes);
        Objects.requireNonNull(refunds, "refunds");
        Objects.requireNonNull(noHeatRefundPercent, "noHeatRefundPercent");
        if (noHeatRefundPercent.signum() < 0 || noHeatRefundPercent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("noHeatRefundPercent must be within 0–100, got " + noHeatRefundPercent.toPlainString());
        }
        Set<String> names = new HashSet<>(Set.of(NONE, NO_HEAT, UNKNOWN));
        for (int i = 0; i < classes.size(); i++) {
            ColdRoomClass c = classes.get(i);
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("cold-room class name '" + c.name() + "' is used twice or reserved ("
                        + NONE + ", " + NO_HEAT + ", " + UNKNOWN + " are)");
            }
            if (i > 0 && c.belowC().compareTo(classes.get(i - 1).belowC()) >= 0) {
                throw new IllegalArgumentException("cold-room class '" + c.name() + "': bound " + c.belowC().toPlainString()
                        + " °C must be below the previous class's " + classes.get(i - 1).belowC().toPlainString() + " °C");
            }
        }
    }

    /** Classes with the default refund rules ({@link RefundRules#defaults()}). */
    public ColdRoomRules(List<ColdRoomClass> classes, BigDecimal noHeatRefundPercent) {
        this(classes, noHeatRefundPercent, RefundRules.defaults());
    }

    /** Zibo (2022): 16–18 °C → 20 %, 12–16 °C → 50 %, below 12 °C → 100 %, no heat → 100 %. */
    public static ColdRoomRules zibo() {
        return new ColdRoomRules(List.of(
                new ColdRoomClass("cool", BigDecimal.valueOf(18), BigDecimal.valueOf(20)),
                new ColdRoomClass("cold", BigDecimal.valueOf(16), BigDecimal.valueOf(50)),
                new ColdRoomClass("freezing", BigDecimal.valueOf(12), BigDecimal.valueOf(100))),
                BigDecimal.valueOf(100));
    }

    /**
     * The class of a day from the sum and count of its room readings, compared exactly
     * ({@code mean < bound} as {@code sum < bound × count}, so no rounding of the mean).
     */
    public String classify(BigDecimal sumC, int count) {
        if (count == 0) {
            return UNKNOWN;
        }
        BigDecimal n = BigDecimal.valueOf(count);
        for (int i = classes.size() - 1; i >= 0; i--) {
            if (sumC.compareTo(classes.get(i).belowC().multiply(n)) < 0) {
                return classes.get(i).name();
            }
        }
        return NONE;
    }

    /** The refunded percentage of a day fee for a class name; 0 for none and unknown. */
    public BigDecimal refundPercent(String dayClass) {
        if (dayClass.equals(NO_HEAT)) {
            return noHeatRefundPercent;
        }
        return classes.stream().filter(c -> c.name().equals(dayClass)).map(ColdRoomClass::refundPercent)
                .findFirst().orElse(BigDecimal.ZERO);
    }

    /** Every class name in report order: none, the cold classes warmest first, noHeat, unknown. */
    public List<String> dayClassNames() {
        List<String> out = new ArrayList<>();
        out.add(NONE);
        classes.forEach(c -> out.add(c.name()));
        out.add(NO_HEAT);
        out.add(UNKNOWN);
        return out;
    }
}
