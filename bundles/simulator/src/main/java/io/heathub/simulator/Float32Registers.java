package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

/**
 * A unit whose values are IEEE-754 float32 in two holding registers each, high word first, from
 * address 0 (the substation PLC, the boiler). Some values are writable setpoints: a write must lie
 * within one of them; a single-register write (FC 06) replaces that half of the float and the
 * result is range-checked like any other write.
 */
abstract class Float32Registers implements RegisterDevice {

    /**
     * One writable value.
     *
     * @param address its first register
     * @param name    the point, for messages
     * @param valid   the values the device accepts
     * @param range   those values as text, e.g. {@code 20.0..95.0 °C}
     * @param apply   takes the accepted value
     */
    record Writable(int address, String name, DoublePredicate valid, String range, DoubleConsumer apply) {
    }

    /** The model's own lock: two masters writing opposite halves must not interleave. */
    private final Object lock;

    Float32Registers(Object lock) {
        this.lock = lock;
    }

    /** The values in register order (value i at address 2i). */
    abstract double[] values();

    /** The writable values. */
    abstract List<Writable> writables();

    @Override
    public int[] read(int address, int count) throws RegisterAccessException {
        double[] values = values();
        int[] words = new int[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits((float) values[i]);
            words[2 * i] = bits >>> 16;
            words[2 * i + 1] = bits & 0xFFFF;
        }
        return RegisterDevice.slice(words, address, count);
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        RegisterDevice.checkRange(address, words.length, 2 * values().length);
        Writable target = writables().stream()
                .filter(w -> address >= w.address() && address + words.length <= w.address() + 2)
                .findFirst()
                .orElseThrow(() -> RegisterAccessException.illegalAddress("only registers " + writables().stream()
                        .map(w -> w.address() + "-" + (w.address() + 1) + " (" + w.name() + ")")
                        .collect(Collectors.joining(", ")) + " are writable"));
        synchronized (lock) {
            int[] value = read(target.address(), 2);
            System.arraycopy(words, 0, value, address - target.address(), words.length);
            float written = Float.intBitsToFloat(value[0] << 16 | value[1]);
            if (!target.valid().test(written)) {
                throw RegisterAccessException.illegalValue(target.name() + " must be " + target.range() + ", got " + written);
            }
            target.apply().accept(written);
        }
    }
}
