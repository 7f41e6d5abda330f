package io.heathub.billing.settlement;

import java.math.BigDecimal;

/** Sum and count of a room sensor's good temperatures of one local day (each instant once). */
record RoomDay(BigDecimal sum, int count) {
    static final RoomDay EMPTY = new RoomDay(BigDecimal.ZERO, 0);

    RoomDay plus(RoomDay other) {
        return new RoomDay(sum.add(other.sum), count + other.count);
    }
}
