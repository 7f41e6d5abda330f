package io.heathub.control.runtime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the live control loop (PID {@code io.heathub.control}, {@code etc/io.heathub.control.cfg}). */
@ObjectClassDefinition(name = "heathub control", description = "Runs the control engine on the site's readings "
        + "and sends its setpoints through the hub's command path. The rules, the binding and the deadbands are in "
        + "site.yaml (control:, calendar:).")
public @interface ControlConfiguration {

    @AttributeDefinition(description = "Run the control loop. false = no cycles, no commands (the report stays empty).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Seconds between two control cycles (the engine's rate limits count per cycle).",
            min = "1")
    int cycleSeconds() default 60;

    @AttributeDefinition(description = "File keeping the engine's memory (outdoor filter, room trim, last safe setpoints, "
            + "pump bands) across restarts; empty means ${heathub.data}/control/state.properties")
    String stateFile() default "";
}
