package io.heathub.api.driver;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The outcome of a {@link Command}.
 *
 * @param requestId the command's request id
 * @param status    what happened
 * @param message   why it was refused or failed; empty when done
 * @param readBack  the value read back after writing, where the device allows it
 */
public record CommandResult(String requestId, Status status, String message, Optional<BigDecimal> readBack) {

    /** Outcome of a command. */
    public enum Status { ACCEPTED, DONE, REFUSED, FAILED }

    public static CommandResult done(String requestId, BigDecimal readBack) {
        return new CommandResult(requestId, Status.DONE, "", Optional.ofNullable(readBack));
    }

    public static CommandResult refused(String requestId, String reason) {
        return new CommandResult(requestId, Status.REFUSED, reason, Optional.empty());
    }

    public static CommandResult failed(String requestId, String reason) {
        return new CommandResult(requestId, Status.FAILED, reason, Optional.empty());
    }
}
