package io.heathub.billing.kpi;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A source or substation with the area it heats.
 *
 * @param id            e.g. {@code boiler-1}, {@code sub-3}
 * @param kind          source or substation
 * @param heatedAreaM2  heated floor area it serves, m² (the divisor of every per-m² figure)
 */
public record KpiSite(String id, SiteKind kind, BigDecimal heatedAreaM2) {
    public KpiSite {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(heatedAreaM2, "heatedAreaM2");
        if (heatedAreaM2.signum() <= 0) {
            throw new IllegalArgumentException("site " + id + ": heated area must be positive");
        }
    }
}
