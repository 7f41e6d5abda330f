package io.heathub.camel.modbus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code dataType} option: registers read as numbers, so a YAML route can use them
 * ({@code ${body[0]}}) without Java. Values of two registers take {@code wordOrder} (big = high
 * word first, the Modbus habit).
 */
enum RegisterValues {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

    final int registers;

    RegisterValues(int registers) {
        this.registers = registers;
    }

    static RegisterValues fromOption(String value) {
        for (RegisterValues t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Invalid option dataType=" + value
                + ": expected int16, uint16, int32, uint32 or float32 (or leave it out for the raw registers)");
    }

    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The block's values in address order; a float that is NaN or infinite fails, naming its address. */
    List<BigDecimal> decode(int[] words, int firstAddress, boolean highWordFirst) {
        List<BigDecimal> out = new ArrayList<>(words.length / registers);
        for (int i = 0; i + registers <= words.length; i += registers) {
            long raw = registers == 1 ? words[i]
                    : highWordFirst ? ((long) words[i] << 16) | words[i + 1] : ((long) words[i + 1] << 16) | words[i];
            out.add(switch (this) {
                case INT16 -> BigDecimal.valueOf((short) raw);
                case UINT16, UINT32 -> BigDecimal.valueOf(raw);
                case INT32 -> BigDecimal.valueOf((int) raw);
                case FLOAT32 -> {
                    float f = Float.intBitsToFloat((int) raw);
                    if (!Float.isFinite(f)) {
                        throw new IllegalStateException("float32 at address " + (firstAddress + i) + " is " + f
                                + ": not a value");
                    }
                    yield new BigDecimal(Float.toString(f)); // 4.25, not 4.25000000000000017…
                }
            });
        }
        return out;
    }
}
