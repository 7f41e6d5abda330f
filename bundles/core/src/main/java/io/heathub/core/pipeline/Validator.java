package io.heathub.core.pipeline;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plausibility rules of domain spec §2. Marks readings {@link Quality#SUSPECT} with a reason and
 * never drops one. Thread-safe: buses validate in parallel, each device only from its own bus.
 */
public final class Validator {
    /**
     * Newest good counter reading per device/point, to detect counters going backwards in time. A
     * reading that arrives late (backfill, a meter's memory) is checked against it the other way round.
     */
    private final Map<String, CounterMark> lastCounter = new ConcurrentHashMap<>();

    private record CounterMark(Instant time, BigDecimal value) {
    }

    /** Validates one device's poll (one batch from one device). */
    public List<Reading> validate(List<Reading> batch) {
        List<Reading> out = new ArrayList<>(batch.size());
        Map<String, Reading> byPoint = new HashMap<>();
        for (Reading r : batch) {
            byPoint.put(r.device() + '\u0000' + r.point(), r);
        }
        for (Reading r : batch) {
            out.add(checkSupplyReturn(checkCounter(r), byPoint));
        }
        return out;
    }

    private Reading checkCounter(Reading r) {
        if (!Points.isCounter(r.point()) || r.quality() != Quality.GOOD) {
            return r;
        }
        String key = r.device() + '/' + r.point();
        CounterMark newest = lastCounter.get(key);
        if (newest == null || !r.time().isBefore(newest.time())) {
            if (newest != null && r.value().compareTo(newest.value()) < 0) {
                // Keep the higher value as reference so one glitch does not make every later reading suspect.
                return r.withQuality(Quality.SUSPECT, "counter went backwards from " + newest.value().toPlainString()
                        + " to " + r.value().toPlainString() + " " + r.unit().symbol());
            }
            lastCounter.put(key, new CounterMark(r.time(), r.value()));
        } else if (r.value().compareTo(newest.value()) > 0) {
            return r.withQuality(Quality.SUSPECT, "counter at " + r.time() + " (" + r.value().toPlainString() + " "
                    + r.unit().symbol() + ") is above the later reading at " + newest.time() + " ("
                    + newest.value().toPlainString() + ")");
        }
        return r;
    }

    private static Reading checkSupplyReturn(Reading r, Map<String, Reading> sameDevice) {
        boolean isTemp = r.point().equals(Points.TEMP_SUPPLY) || r.point().equals(Points.TEMP_RETURN);
        if (!isTemp) {
            return r;
        }
        Reading supply = sameDevice.get(r.device() + '\u0000' + Points.TEMP_SUPPLY);
        Reading ret = sameDevice.get(r.device() + '\u0000' + Points.TEMP_RETURN);
        Reading flow = sameDevice.get(r.device() + '\u0000' + Points.FLOW);
        if (supply == null || ret == null || flow == null || flow.value().signum() <= 0) {
            return r;
        }
        if (supply.value().compareTo(ret.value()) < 0) {
            return r.withQuality(Quality.SUSPECT, "supply " + supply.value().toPlainString() + " °C colder than return "
                    + ret.value().toPlainString() + " °C while flow is " + flow.value().toPlainString() + " m³/h");
        }
        return r;
    }
}
