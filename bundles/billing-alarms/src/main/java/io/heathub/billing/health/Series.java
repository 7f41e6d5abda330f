package io.heathub.billing.health;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** One device's values of one point in time order; at most one value per instant (the first given). */
final class Series {
    /** Measured values: good, or suspect (a plausibility rule may already have flagged what we look for). */
    static final Predicate<Reading> MEASURED = r -> r.quality() == Quality.GOOD || r.quality() == Quality.SUSPECT;
    static final Predicate<Reading> GOOD = r -> r.quality() == Quality.GOOD;

    final Instant[] times;
    final BigDecimal[] values;

    private Series(Instant[] times, BigDecimal[] values) {
        this.times = times;
        this.values = values;
    }

    /** Per device (sorted by id), the readings of {@code point} that pass {@code keep}. */
    static Map<String, Series> byDevice(Collection<Reading> readings, String point, Predicate<Reading> keep) {
        Map<String, List<Reading>> grouped = new TreeMap<>();
        for (Reading r : readings) {
            if (r.point().equals(point) && keep.test(r)) {
                grouped.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Series> out = new TreeMap<>();
        grouped.forEach((device, list) -> out.put(device, of(list)));
        return out;
    }

    static Series empty() {
        return new Series(new Instant[0], new BigDecimal[0]);
    }

    private static Series of(List<Reading> readings) {
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(Reading::time)); // stable: the first of equal instants stays first
        List<Instant> times = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        for (Reading r : sorted) {
            if (!times.isEmpty() && times.get(times.size() - 1).equals(r.time())) {
                continue;
            }
            times.add(r.time());
            values.add(r.value());
        }
        return new Series(times.toArray(Instant[]::new), values.toArray(BigDecimal[]::new));
    }

    int size() {
        return times.length;
    }

    /** The latest value at or before {@code at} and not older than {@code maxAge}. */
    Optional<BigDecimal> at(Instant at, Duration maxAge) {
        int index = Arrays.binarySearch(times, at);
        int latest = index >= 0 ? index : -index - 2;
        if (latest < 0 || Duration.between(times[latest], at).compareTo(maxAge) > 0) {
            return Optional.empty();
        }
        return Optional.of(values[latest]);
    }
}
