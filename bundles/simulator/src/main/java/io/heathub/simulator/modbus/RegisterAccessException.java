package io.heathub.simulator;

/**
 * A register access the device refuses, carrying the Modbus exception code to answer with.
 */
final class RegisterAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Modbus exception 02: the address (range) is not readable, or not writable, here. */
    static final int ILLEGAL_DATA_ADDRESS = 2;
    /** Modbus exception 03: the value is outside what the register accepts. */
    static final int ILLEGAL_DATA_VALUE = 3;

    private final int exceptionCode;

    private RegisterAccessException(int exceptionCode, String message) {
        super(message);
        this.exceptionCode = exceptionCode;
    }

    static RegisterAccessException illegalAddress(String message) {
        return new RegisterAccessException(ILLEGAL_DATA_ADDRESS, message);
    }

    static RegisterAccessException illegalValue(String message) {
        return new RegisterAccessException(ILLEGAL_DATA_VALUE, message);
    }

    int exceptionCode() {
        return exceptionCode;
    }
}
