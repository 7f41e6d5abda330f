package io.heathub.camel.hub;

import io.heathub.api.driver.CommandResult;

/** A command from {@code heathub:commands} that was REFUSED or FAILED (with failOnError=true): says which and why. */
public class CommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public CommandFailedException(String message, CommandResult result) {
        super(message);
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
