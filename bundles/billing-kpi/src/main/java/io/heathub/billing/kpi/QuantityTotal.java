package io.heathub.billing.kpi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One quantity of one site over one period.
 *
 * @param quantity   what
 * @param total      sum over the site's counters of (cut at end − cut at start); null when a cut is missing
 * @param perM2      total / heated area, {@link KpiConfig#perM2Scale()} decimals; null with total
 * @param estimated  true when a cut was interpolated
 * @param problems   why the total is missing, and counter readings left out
 */
public record QuantityTotal(Quantity quantity, BigDecimal total, BigDecimal perM2, boolean estimated,
                            List<String> problems) {
    /** kWh in one GJ is 277.777…; one kWh is exactly 0.0036 GJ. */
    private static final BigDecimal GJ_PER_KWH = new BigDecimal("0.0036");

    public QuantityTotal {
        Objects.requireNonNull(quantity, "quantity");
        problems = List.copyOf(problems);
    }

    public boolean known() {
        return total != null;
    }

    /** For {@link Quantity#HEAT}: the total in GJ (exact: kWh × 0.0036); null when unknown. */
    public BigDecimal totalGJ() {
        return total == null ? null : total.multiply(GJ_PER_KWH);
    }
}
