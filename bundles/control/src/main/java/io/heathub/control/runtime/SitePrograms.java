package io.heathub.control.runtime;

import io.heathub.control.ControlPlan;
import io.heathub.control.HouseholdProgram;
import io.heathub.control.ThermostatMode;
import io.heathub.control.ThermostatProgram;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The households' programs of the applied site ({@code control.programs}) and which of their modes
 * and fixed openings the panels still have to be given. A panel with a mode point holds the live mode
 * (the user at the panel, an operator's {@code thermostat.mode} command): the site's mode is written
 * to it when a site version sets it anew (the first version, or a changed entry) and holds until the
 * panel shows it; from then on the panel's mode rules until the site's entry changes again. The same
 * goes for the fixed opening. Not thread-safe: used under the loop's lock.
 */
final class SitePrograms {
    private final ControlPlan plan;
    private final Set<String> modesToWrite;
    private final Set<String> openingsToWrite;

    private SitePrograms(ControlPlan plan, Set<String> modesToWrite, Set<String> openingsToWrite) {
        this.plan = plan;
        this.modesToWrite = modesToWrite;
        this.openingsToWrite = openingsToWrite;
    }

    /** The programs of {@code next}, what changed against {@code previous} to be written (everything set, at first). */
    static SitePrograms of(ControlPlan next, Optional<SitePrograms> previous) {
        Set<String> modes = new HashSet<>();
        Set<String> openings = new HashSet<>();
        for (Map.Entry<String, HouseholdProgram> program : next.programs().entrySet()) {
            String household = program.getKey();
            HouseholdProgram now = program.getValue();
            Optional<HouseholdProgram> before = previous.map(p -> p.plan.programs().get(household));
            if (now.mode().isPresent() && (before.isEmpty() || !before.get().mode().equals(now.mode())
                    || previous.get().modesToWrite.contains(household))) {
                modes.add(household);
            }
            if (now.opening().isPresent() && (before.isEmpty() || !before.get().opening().equals(now.opening())
                    || previous.get().openingsToWrite.contains(household))) {
                openings.add(household);
            }
        }
        return new SitePrograms(next, modes, openings);
    }

    /** The site's program of {@code household}. */
    HouseholdProgram program(String household) {
        return plan.program(household);
    }

    /** The weekly schedule of {@code household}: its own, else the site's default one. */
    Optional<ThermostatProgram.WeeklySchedule> schedule(String household) {
        return plan.schedule(household);
    }

    /** The site's mode when it still has to reach the panel. */
    Optional<ThermostatMode> modeToWrite(String household) {
        return modesToWrite.contains(household) ? plan.program(household).mode() : Optional.empty();
    }

    /** The site's fixed opening when it still has to reach the panel. */
    OptionalDouble openingToWrite(String household) {
        return openingsToWrite.contains(household) ? plan.program(household).opening() : OptionalDouble.empty();
    }

    /** The panel shows the site's mode (or has no mode point): nothing more to write. */
    void modeArrived(String household) {
        modesToWrite.remove(household);
    }

    /** The panel shows the site's fixed opening (or has no such point): nothing more to write. */
    void openingArrived(String household) {
        openingsToWrite.remove(household);
    }
}
