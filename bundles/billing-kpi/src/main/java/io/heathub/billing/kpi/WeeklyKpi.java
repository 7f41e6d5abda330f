package io.heathub.billing.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * A site's ISO week against the same ISO week of the previous season.
 *
 * @param week     this week
 * @param lastSeason the same week number one week-based year earlier; empty when that year has no such week (W53)
 */
public record WeeklyKpi(PeriodKpi week, Optional<PeriodKpi> lastSeason) {
    public WeeklyKpi {
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(lastSeason, "lastSeason");
    }

    /**
     * Per-m² change against last season's week in %, 2 decimals half-up; empty when either is
     * unknown or last season's was zero.
     */
    public Optional<BigDecimal> changePercent(Quantity quantity) {
        Optional<BigDecimal> now = week.total(quantity).filter(QuantityTotal::known).map(QuantityTotal::total);
        Optional<BigDecimal> before = lastSeason.flatMap(p -> p.total(quantity)).filter(QuantityTotal::known)
                .map(QuantityTotal::total);
        if (now.isEmpty() || before.isEmpty() || before.get().signum() == 0) {
            return Optional.empty();
        }
        // per m² at full precision: the rounded figures would blur small changes (and areas may differ by year)
        BigDecimal nowPerM2 = now.get().divide(week.site().heatedAreaM2(), 12, RoundingMode.HALF_UP);
        BigDecimal beforePerM2 = before.get().divide(lastSeason.get().site().heatedAreaM2(), 12, RoundingMode.HALF_UP);
        return Optional.of(nowPerM2.subtract(beforePerM2).multiply(BigDecimal.valueOf(100))
                .divide(beforePerM2, 2, RoundingMode.HALF_UP));
    }
}
