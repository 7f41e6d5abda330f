package io.heathub.bench;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic field workload: reading number {@code i} belongs to poll {@code i / 10} of
 * device {@code poll % devices}, point {@code i % 10}, at time {@code base + (poll / devices)} s,
 * so each identity (device, point, time) maps back to exactly one number (what the subscriber uses
 * to count lost and duplicated readings). Values come in source units (bar, MWh, L/h...) and are
 * normalised to canonical units, as a driver does.
 */
final class Workload {
    static final int POINTS = 10;
    private static final String[] POINT_NAMES = {"temp.supply", "temp.return", "pressure.supply", "pressure.return",
            "flow", "energy.heat", "volume", "power.heat", "valve.opening", "temp.outdoor"};
    private static final SourceUnit[] SOURCE_UNITS = {SourceUnit.CELSIUS, SourceUnit.CELSIUS, SourceUnit.BAR,
            SourceUnit.BAR, SourceUnit.LITRE_PER_HOUR, SourceUnit.MWH, SourceUnit.LITRE, SourceUnit.KW,
            SourceUnit.PERCENT, SourceUnit.CELSIUS};
    private static final long BASE_SECOND = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    private final int devices;

    Workload(int devices) {
        this.devices = devices;
    }

    static String device(int d) {
        return String.format("meter-%04d", d);
    }

    /** One poll's readings, normalised from source units to canonical units. */
    List<Reading> poll(long poll) {
        int d = (int) (poll % devices);
        Instant time = Instant.ofEpochSecond(BASE_SECOND + poll / devices);
        List<Reading> out = new ArrayList<>(POINTS);
        for (int p = 0; p < POINTS; p++) {
            // plausible for the validator: counters rise with time, supply (p 0) is warmer than return (p 1)
            BigDecimal source = BigDecimal.valueOf((100 - p) * 100L + poll / devices, 2);
            SourceUnit unit = SOURCE_UNITS[p];
            out.add(new Reading(device(d), POINT_NAMES[p], unit.toCanonical(source), unit.canonical(), time,
                    Quality.GOOD, ""));
        }
        return out;
    }

    /** The reading number of an identity, or -1 when it is not one of this workload's. */
    long indexOf(Reading r) {
        if (!r.device().startsWith("meter-")) {
            return -1;
        }
        int d;
        try {
            d = Integer.parseInt(r.device().substring(6));
        } catch (NumberFormatException e) {
            return -1;
        }
        int p = List.of(POINT_NAMES).indexOf(r.point());
        long second = r.time().getEpochSecond() - BASE_SECOND;
        if (d < 0 || d >= devices || p < 0 || second < 0 || r.time().getNano() != 0) {
            return -1;
        }
        long poll = second * devices + d;
        return poll * POINTS + p;
    }
}
