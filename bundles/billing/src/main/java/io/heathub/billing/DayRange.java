package io.heathub.billing;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Parses {@code FIRST/LAST} (ISO dates, both included), e.g. {@code 2024-11-01/2024-11-14}.
     *
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public static DayRange parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected FIRST/LAST dates, e.g. 2024-11-01/2024-11-14, got \"" + text.trim() + "\"");
        }
        try {
            return new DayRange(LocalDate.parse(parts[0].trim()), LocalDate.parse(parts[1].trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected FIRST/LAST dates, e.g. 2024-11-01/2024-11-14, got \"" + text.trim()
                    + "\" (" + e.getParsedString() + " is not a date)");
        }
    }

    /** Parses ranges separated by {@code ;} (a CSV cell); blank text is no range. */
    public static List<DayRange> parseList(String text) {
        List<DayRange> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
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
