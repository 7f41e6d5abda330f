package io.heathub.drivertest;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A reading a poll must give, as the device's documentation (or the scripted peer) says: point,
 * exact value, canonical unit, quality, and the time when the frame carries the device's clock.
 * Values compare numerically ({@code 20} equals {@code 20.00}).
 *
 * @param time the device clock the reading must carry; empty: the poll time
 */
public record ExpectedReading(String point, BigDecimal value, Unit unit, Quality quality, Optional<Instant> time) {
    public ExpectedReading {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(time, "time");
    }

    /** A GOOD reading time-stamped with the poll time. */
    public static ExpectedReading of(String point, String value, Unit unit) {
        return new ExpectedReading(point, new BigDecimal(value), unit, Quality.GOOD, Optional.empty());
    }

    /** The same reading with another quality (a value the device flags as faulty reads BAD). */
    public ExpectedReading quality(Quality expected) {
        return new ExpectedReading(point, value, unit, expected, time);
    }

    /** The same reading time-stamped with the device's clock as the frame carries it. */
    public ExpectedReading at(Instant deviceClock) {
        return new ExpectedReading(point, value, unit, quality, Optional.of(deviceClock));
    }

    /** {@code heat.energy 1234.56 kWh}. */
    public String describe() {
        return point + " " + value.toPlainString() + (unit.symbol().isEmpty() ? "" : " " + unit.symbol())
                + (quality == Quality.GOOD ? "" : " " + quality) + time.map(t -> " at " + t).orElse("");
    }
}
