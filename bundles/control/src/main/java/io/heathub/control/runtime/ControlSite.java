package io.heathub.control.runtime;

import io.heathub.control.ControlPlan;
import java.util.Objects;

/**
 * The control part of one site version: the engine's plan, as {@link ControlSection} read it from
 * {@code control:} with the site's calendar ({@code calendar:}, read by heathub-calendar), and where
 * its inputs and outputs are.
 *
 * @param plan    the engine's rules, control sets, calendar and thermostat rules
 * @param binding the points it reads and writes, and when a decision becomes a command
 */
public record ControlSite(ControlPlan plan, ControlBinding binding) {
    public ControlSite {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(binding, "binding");
    }
}
