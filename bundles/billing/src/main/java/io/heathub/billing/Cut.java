package io.heathub.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A meter's counter ({@code heat.energy}, or the point {@link MeterCuts} was built for) at a cut instant.
 *
 * @param at        the cut instant (00:00 local of a day)
 * @param kWh       the counter value, kWh (in the point's own unit for other counters, e.g. m³ of {@code volume})
 * @param estimated true when interpolated between the last good reading before and the first
 *                  after; false when a good reading fell exactly on the cut
 */
public record Cut(Instant at, BigDecimal kWh, boolean estimated) {
    public Cut {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kWh, "kWh");
    }
}
