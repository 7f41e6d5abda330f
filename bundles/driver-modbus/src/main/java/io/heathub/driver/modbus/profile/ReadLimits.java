package io.heathub.driver.modbus.profile;

/**
 * How reads are grouped into requests.
 *
 * @param maxGap       unused registers one read may span to cover two points (0..125)
 * @param maxBitGap    unused coils/discrete inputs one read may span (0..2000)
 * @param maxRegisters registers per read request (1..125; some devices accept fewer)
 * @param maxBits      bits per read request (1..2000)
 */
public record ReadLimits(int maxGap, int maxBitGap, int maxRegisters, int maxBits) {
    public static final ReadLimits DEFAULT = new ReadLimits(8, 64, RegisterFunction.MAX_REGISTERS_PER_READ,
            RegisterFunction.MAX_BITS_PER_READ);

    public int gap(RegisterFunction function) {
        return function.bits() ? maxBitGap : maxGap;
    }

    public int count(RegisterFunction function) {
        return function.bits() ? maxBits : maxRegisters;
    }
}
