package io.heathub.control.runtime.api;

import java.util.List;
import java.util.Optional;

/** The running control loop as the web API and the shell see it. Registered by the control bundle. */
public interface ControlStatus {

    /** The report of the last cycle run; empty before the first one (or while no plan could be read). */
    Optional<ControlReport> last();

    /**
     * Problems in the site's control configuration ({@code file:line:column: field: problem}); empty
     * when the current file loaded cleanly. The loop keeps running the last good plan meanwhile.
     */
    List<String> configProblems();
}
