package io.heathub.api.hub;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.util.concurrent.CompletionStage;

/**
 * The one way into the field for every asker (control loop, operator, backend): commands are
 * checked against the site's bounds, rate-limited per device, queued ahead of polls on the
 * device's bus, executed, and written to the audit log with who asked. Registered by core.
 */
public interface CommandService {

    /**
     * Submits a command. A command refused by the checks completes at once with
     * {@link CommandResult.Status#REFUSED} and a reason; otherwise the stage completes when the
     * device has executed it ({@code DONE} or {@code FAILED}). Never completes exceptionally.
     */
    CompletionStage<CommandResult> submit(Command command);
}
