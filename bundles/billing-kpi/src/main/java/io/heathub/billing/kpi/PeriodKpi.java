package io.heathub.billing.kpi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A site's figures over one period, with its targets.
 *
 * @param site        the site
 * @param label       {@code 2025-W02}, {@code 2025-01}, {@code 2024-11-15/2025-03-15}
 * @param from        00:00 local of the first day
 * @param to          00:00 local after the last day
 * @param totals      per quantity that has counters at the site
 * @param targetsPerM2 per quantity with a season target: the target pro-rated to the period's season days
 */
public record PeriodKpi(KpiSite site, String label, Instant from, Instant to, Map<Quantity, QuantityTotal> totals,
                        Map<Quantity, BigDecimal> targetsPerM2) {
    public PeriodKpi {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(label, "label");
        totals = Map.copyOf(totals);
        targetsPerM2 = Map.copyOf(targetsPerM2);
    }

    public Optional<QuantityTotal> total(Quantity quantity) {
        return Optional.ofNullable(totals.get(quantity));
    }

    /** True/false when both the figure and its target are known; empty otherwise. */
    public Optional<Boolean> withinTarget(Quantity quantity) {
        QuantityTotal t = totals.get(quantity);
        BigDecimal target = targetsPerM2.get(quantity);
        if (t == null || !t.known() || target == null) {
            return Optional.empty();
        }
        return Optional.of(t.perM2().compareTo(target) <= 0);
    }
}
