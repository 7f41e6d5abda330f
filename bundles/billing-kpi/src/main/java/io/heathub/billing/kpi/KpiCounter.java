package io.heathub.billing.kpi;

import java.util.Objects;

/**
 * A cumulative counter that feeds a site's figure; several counters of one quantity add up.
 *
 * @param device   device id
 * @param point    counter point, e.g. {@code heat.energy}, {@code electric.energy}, {@code volume}
 * @param site     the {@link KpiSite#id()} it belongs to
 * @param quantity what it counts
 */
public record KpiCounter(String device, String point, String site, Quantity quantity) {
    public KpiCounter {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(quantity, "quantity");
    }
}
