package io.heathub.store;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic test readings: the reading expected at a position can be recomputed from it. */
final class Readings {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Unit[] UNITS = Unit.values();
    private static final Quality[] QUALITIES = Quality.values();

    private Readings() {
    }

    static Reading numbered(long n) {
        Quality quality = QUALITIES[(int) (n % QUALITIES.length)];
        return new Reading("dev-" + (n % 7), "temp.supply", BigDecimal.valueOf(n * 25 - 1000, 2),
                UNITS[(int) (n % UNITS.length)], T0.plusMillis(n * 1001), quality,
                quality == Quality.GOOD ? "" : "reason " + n);
    }

    /** Readings numbered first..first+count-1. */
    static List<Reading> batch(long first, int count) {
        List<Reading> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(numbered(first + i));
        }
        return out;
    }
}
