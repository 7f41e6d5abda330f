package io.heathub.simulator.modbus;

/**
 * One Modbus unit as a slave sees it: four tables of 0-based addresses. Register values are
 * 16-bit words as ints 0..65535, coils and discrete inputs 0 or 1. Implementations are called from
 * the servers' connection threads and must be thread-safe.
 */
public interface ModbusUnit {

    /** The four Modbus tables, with the function codes that read them. */
    enum Table {
        /** Read with 01, written with 05 / 0F. */
        COILS,
        /** Read with 02; read-only. */
        DISCRETE_INPUTS,
        /** Read with 03, written with 06 / 10. */
        HOLDING_REGISTERS,
        /** Read with 04; read-only. */
        INPUT_REGISTERS;

        /** True for the single-bit tables. */
        public boolean bits() {
            return this == COILS || this == DISCRETE_INPUTS;
        }
    }

    /**
     * Reads {@code count} values from {@code address}.
     *
     * @throws RegisterAccessException with exception 02 for addresses the unit does not have, 01
     *                                 for a table it does not have
     */
    int[] read(Table table, int address, int count) throws RegisterAccessException;

    /**
     * Writes {@code values} from {@code address} (holding registers or coils), all or nothing.
     *
     * @throws RegisterAccessException 02 for addresses that are missing or read-only, 03 for a
     *                                 value the unit does not accept
     */
    void write(Table table, int address, int[] values) throws RegisterAccessException;
}
