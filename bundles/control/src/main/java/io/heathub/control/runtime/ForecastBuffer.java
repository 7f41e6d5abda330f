package io.heathub.control.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.control.ForecastPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forecast points pushed as readings of the bound forecast point (time-stamped in the future). The
 * hub's "latest" keeps one reading per point, so the loop collects them as they are accepted.
 * Thread-safe: filled by the reading pipeline, read by the control cycle.
 */
final class ForecastBuffer {

    private final TreeMap<Instant, Double> points = new TreeMap<>();

    /** Keeps the GOOD °C readings of {@code binding}'s forecast point; the furthest beyond {@code maxPoints} go. */
    synchronized void accept(List<Reading> readings, ControlBinding binding) {
        if (binding.forecast().isEmpty()) {
            return;
        }
        ControlBinding.PointRef forecast = binding.forecast().get();
        for (Reading reading : readings) {
            if (reading.device().equals(forecast.device()) && reading.point().equals(forecast.point())
                    && reading.quality() == Quality.GOOD && reading.unit() == Unit.CELSIUS) {
                points.put(reading.time(), reading.value().doubleValue());
            }
        }
        while (points.size() > binding.forecastMaxPoints()) {
            points.pollLastEntry();
        }
    }

    /** The points after {@code now}; earlier ones are forgotten (a forecast for the past is no forecast). */
    synchronized List<ForecastPoint> after(Instant now) {
        points.headMap(now, true).clear();
        List<ForecastPoint> out = new ArrayList<>(points.size());
        for (Map.Entry<Instant, Double> point : points.entrySet()) {
            out.add(new ForecastPoint(point.getKey(), point.getValue()));
        }
        return out;
    }

    synchronized void clear() {
        points.clear();
    }
}
