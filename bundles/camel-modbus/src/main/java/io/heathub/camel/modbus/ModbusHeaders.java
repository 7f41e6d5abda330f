package io.heathub.camel.modbus;

/** Message headers the {@code modbus:} component reads and sets. */
public final class ModbusHeaders {
    /** In: {@code read} or {@code write}, overrides the endpoint's {@code operation} option. */
    public static final String OPERATION = "ModbusOperation";
    /** Out: the unit id (slave address) the request went to. */
    public static final String UNIT_ID = "ModbusUnitId";
    /** Out: {@code holding}, {@code input}, {@code coil} or {@code discrete}. */
    public static final String FUNCTION = "ModbusFunction";
    /** Out: the first (0-based) address read or written. */
    public static final String ADDRESS = "ModbusAddress";
    /** Out: how many registers or bits were read or written. */
    public static final String COUNT = "ModbusCount";
    /** In/out, bus writes: the command's request id (default: the exchange id), echoed in the audit log. */
    public static final String REQUEST_ID = "HeathubRequestId";
    /** Out, bus writes: the command's outcome, {@code DONE} (else the exchange failed). */
    public static final String COMMAND_STATUS = "HeathubCommandStatus";
    /** Out, bus writes: why it was refused or failed; empty when done. */
    public static final String COMMAND_MESSAGE = "HeathubCommandMessage";
    /** Out, bus writes: the raw value read back after writing, when the device allows it. */
    public static final String COMMAND_READ_BACK = "HeathubCommandReadBack";

    private ModbusHeaders() {
    }
}
