package io.heathub.billing.health;

import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A meter's own clock against hub time at one read.
 *
 * @param meter     the meter's device id
 * @param meterTime what the meter's clock said
 * @param hubTime   when the hub received it
 */
public record ClockSample(String meter, Instant meterTime, Instant hubTime) {

    /**
     * The point carrying a meter's clock: value = the meter's clock in Unix seconds (decimals
     * allowed), reading time = hub time when the reply arrived (not the meter clock, unlike the
     * meter's other points).
     */
    public static final String POINT = "meter.clock";

    public ClockSample {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(meterTime, "meterTime");
        Objects.requireNonNull(hubTime, "hubTime");
    }

    /** Samples from the {@value #POINT} readings (good or suspect) among {@code readings}. */
    public static List<ClockSample> fromReadings(Collection<Reading> readings) {
        List<ClockSample> out = new ArrayList<>();
        for (Reading r : readings) {
            if (r.point().equals(POINT) && Series.MEASURED.test(r)) {
                BigDecimal nanos = r.value().movePointRight(9).setScale(0, RoundingMode.HALF_UP);
                BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
                Instant meterTime = Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
                out.add(new ClockSample(r.device(), meterTime, r.time()));
            }
        }
        return out;
    }
}
