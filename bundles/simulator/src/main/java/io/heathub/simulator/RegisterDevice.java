package io.heathub.simulator;

import io.heathub.simulator.modbus.ModbusUnit;
import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * One Modbus unit of the thermal model with holding registers only (0-based addresses, 16-bit
 * words as ints 0..65535). Implementations read from and write to the thermal model, so registers
 * always show its state. The other tables answer exception 01.
 */
interface RegisterDevice extends ModbusUnit {

    /** Reads {@code count} words from {@code address}. */
    int[] read(int address, int count) throws RegisterAccessException;

    /** Writes {@code words} from {@code address}, all or nothing. */
    void write(int address, int[] words) throws RegisterAccessException;

    @Override
    default int[] read(Table table, int address, int count) throws RegisterAccessException {
        holdingOnly(table);
        return read(address, count);
    }

    @Override
    default void write(Table table, int address, int[] values) throws RegisterAccessException {
        holdingOnly(table);
        write(address, values);
    }

    private static void holdingOnly(Table table) throws RegisterAccessException {
        if (table != Table.HOLDING_REGISTERS) {
            throw RegisterAccessException.illegalFunction("only holding registers are served, not " + table);
        }
    }

    /** The words {@code address..address+count-1} of a full register image, range-checked. */
    static int[] slice(int[] image, int address, int count) throws RegisterAccessException {
        checkRange(address, count, image.length);
        return java.util.Arrays.copyOfRange(image, address, address + count);
    }

    /** Refuses ranges that are not inside {@code [0, size)}. */
    static void checkRange(int address, int count, int size) throws RegisterAccessException {
        if (address < 0 || count < 1 || address + count > size) {
            throw RegisterAccessException.illegalAddress(
                    "registers " + address + ".." + (address + count - 1) + " outside 0.." + (size - 1));
        }
    }
}
