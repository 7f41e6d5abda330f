package io.heathub.billing.hub;

import io.heathub.billing.Building;
import io.heathub.billing.Household;
import java.util.List;

/**
 * The household accounts (户籍) of a site version, as {@link HouseholdsSection} read them from
 * {@code households:} (or the households.csv it names) and {@code buildings:}: what settlement,
 * meter health and the supervision feed all work from. Take it from an applied site with
 * {@code site.section(HouseholdsSection.KEY, Households.class)}.
 *
 * @param households the households, in file order
 * @param buildings  the building meters and the household meters behind each, in file order
 */
public record Households(List<Household> households, List<Building> buildings) {
    /** A site without households or buildings. */
    public static final Households NONE = new Households(List.of(), List.of());

    public Households {
        households = List.copyOf(households);
        buildings = List.copyOf(buildings);
    }

    /** The household heat meters, in site order. */
    public List<String> meters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /** The households' room sensors, in site order, each once. */
    public List<String> roomSensors() {
        return households.stream().flatMap(h -> h.roomSensorId().stream()).distinct().toList();
    }
}
