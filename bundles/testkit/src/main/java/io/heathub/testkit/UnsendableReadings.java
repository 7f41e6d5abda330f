package io.heathub.testkit;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Readings the journal stores but no JSON wire can carry: the two that once stopped every uplink
 * of the demo for good. Tests plant them between good readings, bypassing the door's checks.
 */
public final class UnsendableReadings {
    private UnsendableReadings() {
    }

    /** {@code 1e10000}: Jackson refuses to write it plainly ("illegal scale"). */
    public static Reading hugeValue(String device, Instant time) {
        return Reading.good(device, "heat.energy", new BigDecimal("1e10000"), Unit.KWH, time);
    }

    /** Year +300000000: its identity's epoch milliseconds overflow a long. */
    public static Reading farFuture(String device) {
        return Reading.good(device, "heat.energy", BigDecimal.ONE, Unit.KWH, Instant.parse("+300000000-01-01T00:00:00Z"));
    }
}
