package io.heathub.camel.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four Modbus data tables an endpoint reads or writes, named as in the URI option {@code function}. */
public enum ModbusFunction {
    /** Holding registers: read FC03, write FC06 (one) / FC16 (several). */
    HOLDING("holding", false, true),
    /** Input registers: read FC04, read-only. */
    INPUT("input", false, false),
    /** Coils: read FC01, write FC05 (one) / FC15 (several). */
    COIL("coil", true, true),
    /** Discrete inputs: read FC02, read-only. */
    DISCRETE("discrete", true, false);

    /** Most registers one request may read (FC03/FC04 limit of the Modbus spec). */
    public static final int MAX_REGISTERS = 125;
    /** Most bits one request may read (FC01/FC02 limit of the Modbus spec). */
    public static final int MAX_BITS = 2000;
    /** Most registers one FC16 request may write. */
    public static final int MAX_WRITE_REGISTERS = 123;
    /** Most coils one FC15 request may write. */
    public static final int MAX_WRITE_BITS = 1968;

    private final String optionValue;
    private final boolean bits;
    private final boolean writable;

    ModbusFunction(String optionValue, boolean bits, boolean writable) {
        this.optionValue = optionValue;
        this.bits = bits;
        this.writable = writable;
    }

    /** The value of the URI option {@code function} and of the {@code ModbusFunction} header. */
    public String optionValue() {
        return optionValue;
    }

    /** True for coils and discrete inputs (body {@code boolean[]}), false for registers ({@code int[]}). */
    public boolean isBits() {
        return bits;
    }

    /** True for holding registers and coils. */
    public boolean isWritable() {
        return writable;
    }

    /** Most items one read request may return. */
    public int maxReadCount() {
        return bits ? MAX_BITS : MAX_REGISTERS;
    }

    /** Most items one write request may carry. */
    public int maxWriteCount() {
        return bits ? MAX_WRITE_BITS : MAX_WRITE_REGISTERS;
    }

    /**
     * @throws IllegalArgumentException naming the option and value when it is none of the four
     */
    public static ModbusFunction fromOption(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ModbusFunction f : values()) {
            if (f.optionValue.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Invalid option function=" + value + ": expected one of "
                + Arrays.stream(values()).map(ModbusFunction::optionValue).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return optionValue;
    }
}
