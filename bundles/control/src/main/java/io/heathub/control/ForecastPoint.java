package io.heathub.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a weather forecast.
 *
 * @param time        the instant the forecast is for
 * @param temperature forecast outdoor temperature °C
 */
public record ForecastPoint(Instant time, double temperature) {

    public ForecastPoint {
        Objects.requireNonNull(time, "time");
    }
}
