package io.heathub.api.hub;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.util.Optional;
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
     * device has executed it ({@code DONE} or {@code FAILED}). Never completes exceptionally, and
     * always completes: a command still queued or running when its bus or the hub stops ends
     * {@code FAILED} with the reason.
     *
     * <p>The request id is the command's identity: a command whose request id the hub already
     * knows (from any asker, also across restarts, for the retention of the hub's command book) is
     * not run again. It is answered with the known outcome, or, while that command is still queued
     * or running, completes with its outcome when it ends. The same request id for a different
     * device, point or value is refused.
     */
    CompletionStage<CommandResult> submit(Command command);

    /**
     * What became of the command with {@code requestId}: its outcome ({@code DONE},
     * {@code REFUSED}, {@code FAILED}), or {@code ACCEPTED} while it is queued or running; empty
     * when the hub does not know the id (never sent, or older than the command book keeps).
     *
     * @since 1.5
     */
    default Optional<CommandResult> result(String requestId) {
        return Optional.empty();
    }
}
