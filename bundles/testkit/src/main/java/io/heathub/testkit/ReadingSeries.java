package io.heathub.testkit;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Good heat-meter readings, each with its own identity: device {@code heat-101…}, point
 * {@code heat.energy}, one second apart. For uplink tests that plant bad entries between good
 * ones and count what arrived by identity.
 */
public final class ReadingSeries {
    private final Instant start;
    private final int devices;
    private int sequence;

    /** {@code devices} meters (heat-101 upwards) taking turns, from {@code start}. */
    public ReadingSeries(Instant start, int devices) {
        this.start = start;
        this.devices = devices;
    }

    /** The next {@code count} readings. */
    public List<Reading> next(int count) {
        List<Reading> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = sequence++;
            out.add(Reading.good("heat-" + (101 + n % devices), "heat.energy", BigDecimal.valueOf(n, 2), Unit.KWH,
                    start.plusSeconds(n)));
        }
        return out;
    }

    /** How many copies of each identity ({@link Reading#key()}) {@code received} holds. */
    public static Map<String, Integer> copiesByIdentity(Collection<Reading> received) {
        Map<String, Integer> copies = new HashMap<>();
        received.forEach(r -> copies.merge(r.key(), 1, Integer::sum));
        return copies;
    }
}
