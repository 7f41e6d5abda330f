package io.heathub.camel.modbus;

/**
 * The device answered with a Modbus exception reply. The message names the unit, the function,
 * the address and what the exception code means.
 */
public class ModbusReplyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int unitId;
    private final ModbusFunction function;
    private final int address;
    private final int exceptionCode;

    public ModbusReplyException(int unitId, ModbusFunction function, String operation, int address, int exceptionCode) {
        super("Modbus unit " + unitId + " refused " + operation + " of " + function.optionValue()
                + " at address " + address + ": exception " + String.format("%02d", exceptionCode)
                + " (" + meaning(exceptionCode) + ")");
        this.unitId = unitId;
        this.function = function;
        this.address = address;
        this.exceptionCode = exceptionCode;
    }

    public int unitId() {
        return unitId;
    }

    public ModbusFunction function() {
        return function;
    }

    public int address() {
        return address;
    }

    /** The Modbus exception code (1 illegal function, 2 illegal data address, …). */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** What a Modbus exception code means, from the Modbus application protocol spec v1.1b3 §7 (docs/protocols.md §4.3). */
    public static String meaning(int exceptionCode) {
        return switch (exceptionCode) {
            case 1 -> "illegal function: the device does not support this function code";
            case 2 -> "illegal data address: the address range is not available on the device";
            case 3 -> "illegal data value: a value or the count is not allowed";
            case 4 -> "server device failure: unrecoverable error while performing the action";
            case 5 -> "acknowledge: request accepted, processing takes long";
            case 6 -> "server device busy: retry later";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "unknown exception code";
        };
    }
}
