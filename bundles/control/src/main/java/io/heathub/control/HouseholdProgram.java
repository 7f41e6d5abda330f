package io.heathub.control;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A household's program as the site sets it ({@code control.programs.<household>}): the mode and
 * what the modes need that a panel cannot hold — the weekly schedule (定时) and the fixed opening
 * (定流量). The room setpoint of the temperature mode is the user's, on the panel.
 *
 * @param mode         the mode the site sets; empty = as the panel shows it (else by temperature)
 * @param scheduleName the name of its schedule under {@code control.schedules}; empty = the schedule named
 *                     {@value ControlPlan#DEFAULT_SCHEDULE}, if any
 * @param schedule     that schedule
 * @param opening      the fixed opening %, for the flow mode
 */
public record HouseholdProgram(Optional<ThermostatMode> mode, Optional<String> scheduleName,
                               Optional<ThermostatProgram.WeeklySchedule> schedule, OptionalDouble opening) {

    /** Nothing set by the site. */
    public static final HouseholdProgram NONE = new HouseholdProgram(Optional.empty(), Optional.empty(), Optional.empty(),
            OptionalDouble.empty());

    public HouseholdProgram {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scheduleName, "scheduleName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(opening, "opening");
        if (opening.isPresent() && !(opening.getAsDouble() >= 0 && opening.getAsDouble() <= 100)) {
            throw new IllegalArgumentException("a fixed opening must be 0..100 %, got " + opening.getAsDouble());
        }
    }
}
