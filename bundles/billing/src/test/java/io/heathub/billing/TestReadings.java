package io.heathub.billing;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Short ways to write readings in tests; times are ISO with offset so the local hour is visible. */
final class TestReadings {
    private TestReadings() {
    }

    static Instant at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant();
    }

    static Reading heat(String meter, String time, String kWh) {
        return Reading.good(meter, Points.HEAT_ENERGY, new BigDecimal(kWh), Unit.KWH, at(time));
    }

    static Reading heat(String meter, String time, String kWh, Quality quality) {
        return new Reading(meter, Points.HEAT_ENERGY, new BigDecimal(kWh), Unit.KWH, at(time), quality, "test");
    }

    static Reading room(String sensor, String time, String celsius) {
        return Reading.good(sensor, Points.TEMP_ROOM, new BigDecimal(celsius), Unit.CELSIUS, at(time));
    }

    static Reading room(String sensor, String time, String celsius, Quality quality) {
        return new Reading(sensor, Points.TEMP_ROOM, new BigDecimal(celsius), Unit.CELSIUS, at(time), quality, "test");
    }

    static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }
}
