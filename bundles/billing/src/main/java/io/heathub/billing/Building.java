package io.heathub.billing;

import java.util.List;
import java.util.Objects;

/**
 * A building meter and the household meters behind it (site.yaml's {@code buildings:}, read with
 * the households; meter health compares them).
 *
 * @param id              the building's id, e.g. {@code 3}
 * @param meter           device id of the building heat meter
 * @param householdMeters device ids of its households' heat meters
 */
public record Building(String id, String meter, List<String> householdMeters) {
    public Building {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meter, "meter");
        householdMeters = List.copyOf(householdMeters);
        if (householdMeters.isEmpty()) {
            throw new IllegalArgumentException("building " + id + ": no household meters");
        }
    }
}
