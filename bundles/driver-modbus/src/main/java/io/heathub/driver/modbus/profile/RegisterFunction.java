package io.heathub.driver.modbus.profile;

/** Which Modbus table a point lives in, with the function codes that read and write it. */
public enum RegisterFunction {
    HOLDING(0x03, "holding registers", false, true),
    INPUT(0x04, "input registers", false, false),
    COIL(0x01, "coils", true, true),
    DISCRETE(0x02, "discrete inputs", true, false);

    /** Modbus limits per request: 125 registers (0x03/0x04), 2000 bits (0x01/0x02). */
    public static final int MAX_REGISTERS_PER_READ = 125;
    public static final int MAX_BITS_PER_READ = 2000;

    private final int readCode;
    private final String label;
    private final boolean bits;
    private final boolean writable;

    RegisterFunction(int readCode, String label, boolean bits, boolean writable) {
        this.readCode = readCode;
        this.label = label;
        this.bits = bits;
        this.writable = writable;
    }

    public int readCode() {
        return readCode;
    }

    public String label() {
        return label;
    }

    /** True for coils and discrete inputs: one bit per address. */
    public boolean bits() {
        return bits;
    }

    /** True for the tables a master may write (holding registers, coils). */
    public boolean writable() {
        return writable;
    }

    /** The largest read Modbus allows for this table. */
    public int maxPerRead() {
        return bits ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    }

    /** The profile spelling: {@code holding}, {@code coil}… */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
