package io.heathub.control;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One household as a control cycle sees it.
 *
 * @param id      household id (as in {@code site.yaml} and the calendar's elastic requests)
 * @param zone    pump zone id; its room also counts in the zone's and the site's room statistics
 *                on days the household is heated
 * @param room    latest room temperature, if any
 * @param program what the user set on the thermostat
 * @param valve   the valve's current opening % (feedback or last command), if known; the
 *                thermostat's hysteresis holds it between the bands
 */
public record Household(String id, String zone, Optional<Sample> room, ThermostatProgram program, OptionalDouble valve) {

    public Household {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(valve, "valve");
    }
}
