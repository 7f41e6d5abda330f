package io.heathub.camel.modbus;

import io.heathub.api.driver.CommandResult;

/** A write through a hub bus that the command path refused or the device failed; says which and why. */
public class ModbusCommandException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public ModbusCommandException(String message, CommandResult result) {
        super(message);
        this.result = result;
    }

    /** The command's outcome (REFUSED or FAILED, with the reason). */
    public CommandResult result() {
        return result;
    }
}
