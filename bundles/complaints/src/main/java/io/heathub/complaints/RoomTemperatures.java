package io.heathub.complaints;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A household's room temperatures around a complaint: the GOOD {@code temp.room} readings of its room
 * sensor from {@link #BEFORE} before the complaint to {@link #AFTER} after it, so whoever answers sees
 * whether the room was cold when the resident called (and whether it got warm after).
 *
 * @param sensor        the household's room sensor
 * @param from          window start (included)
 * @param to            window end (excluded)
 * @param count         good readings in the window
 * @param meanC         their mean, 0.01 °C; null without readings
 * @param minC          the coldest; null without readings
 * @param maxC          the warmest; null without readings
 * @param atComplaintC  the last good reading at or before the complaint; null when none in the window
 * @param atComplaintAt its time
 */
public record RoomTemperatures(String sensor, Instant from, Instant to, int count, BigDecimal meanC, BigDecimal minC,
                               BigDecimal maxC, BigDecimal atComplaintC, Instant atComplaintAt) {
    public static final Duration BEFORE = Duration.ofHours(6);
    public static final Duration AFTER = Duration.ofHours(2);
    static final String POINT = "temp.room";

    /** The window around {@code time} over {@code readings} (others, and other sensors' readings, are left out). */
    public static RoomTemperatures around(String sensor, Instant time, Collection<Reading> readings) {
        Instant from = time.minus(BEFORE);
        Instant to = time.plus(AFTER);
        List<Reading> in = readings.stream()
                .filter(r -> r.device().equals(sensor) && r.point().equals(POINT) && r.quality() == Quality.GOOD)
                .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to))
                .sorted(Comparator.comparing(Reading::time)).toList();
        if (in.isEmpty()) {
            return new RoomTemperatures(sensor, from, to, 0, null, null, null, null, null);
        }
        BigDecimal sum = in.stream().map(Reading::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mean = sum.divide(BigDecimal.valueOf(in.size()), 2, RoundingMode.HALF_UP);
        BigDecimal min = in.stream().map(Reading::value).min(BigDecimal::compareTo).orElseThrow();
        BigDecimal max = in.stream().map(Reading::value).max(BigDecimal::compareTo).orElseThrow();
        Reading at = in.stream().filter(r -> !r.time().isAfter(time)).reduce((a, b) -> b).orElse(null);
        return new RoomTemperatures(sensor, from, to, in.size(), mean, min, max, at == null ? null : at.value(),
                at == null ? null : at.time());
    }
}
