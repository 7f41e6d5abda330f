package io.heathub.billing;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Calendar days from {@code first} to {@code last}, both included, e.g. an elastic-heating
 * period a household asked for before the season.
 */
public record DayRange(LocalDate first, LocalDate last) {

    public DayRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("day range ends (" + last + ") before it starts (" + first + ")");
        }
    }

    /** Number of days, both ends included. */
    public int days() {
        return (int) (last.toEpochDay() - first.toEpochDay() + 1);
    }

    public boolean overlaps(DayRange other) {
        return !last.isBefore(other.first) && !other.last.isBefore(first);
    }

    /** {@code 2024-11-01/2024-11-14}. */
    @Override
    public String toString() {
        return first + "/" + last;
    }
}
