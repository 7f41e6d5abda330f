package io.heathub.simulator.modbus;

/**
 * A register access the device refuses, carrying the Modbus exception code to answer with.
 */
public final class RegisterAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Modbus exception 01: the device has no such table (or function). */
    public static final int ILLEGAL_FUNCTION = 1;
    /** Modbus exception 02: the address (range) is not readable, or not writable, here. */
    public static final int ILLEGAL_DATA_ADDRESS = 2;
    /** Modbus exception 03: the value (or the quantity asked for) is outside what the device accepts. */
    public static final int ILLEGAL_DATA_VALUE = 3;

    private final int exceptionCode;

    private RegisterAccessException(int exceptionCode, String message) {
        super(message);
        this.exceptionCode = exceptionCode;
    }

    /** Exception 01. */
    public static RegisterAccessException illegalFunction(String message) {
        return new RegisterAccessException(ILLEGAL_FUNCTION, message);
    }

    /** Exception 02. */
    public static RegisterAccessException illegalAddress(String message) {
        return new RegisterAccessException(ILLEGAL_DATA_ADDRESS, message);
    }

    /** Exception 03. */
    public static RegisterAccessException illegalValue(String message) {
        return new RegisterAccessException(ILLEGAL_DATA_VALUE, message);
    }

    /** The Modbus exception code of the answer. */
    public int exceptionCode() {
        return exceptionCode;
    }
}
