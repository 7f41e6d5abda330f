package io.heathub.driver.modbus;

import io.heathub.driver.modbus.profile.RegisterFunction;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.Link;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads raw registers and bits of one unit over a bus {@link Link} with this driver's framing and
 * checks, for work handed to a bus through {@code BusAccess} (a {@code modbus:bus/…} route): the
 * bytes go over the bus worker's own connection, between polls. Use it only during that work; it
 * holds the link.
 *
 * <p>Inside a hub a write to the plant is a command ({@code CommandService}); a raw one names
 * the point {@link #rawWritePoint}, which this driver's sessions execute within the profile's
 * limits. {@link #writeRegisters} and {@link #writeCoils} are for a commissioning tool that has
 * the line to itself.
 */
public final class ModbusLinkMaster {
    private final ModbusClient client;

    private ModbusLinkMaster(ModbusClient client) {
        this.client = client;
    }

    /**
     * @param rtu     RTU framing (unit + PDU + CRC) rather than Modbus TCP (MBAP); see {@link #rtuByDefault}
     * @param label   names the requester in messages, e.g. {@code route modbus-plc (unit 1 on bus plc)}
     * @throws IllegalArgumentException for a unit outside 0..247 (1..247 with RTU framing)
     */
    public static ModbusLinkMaster over(Link link, int unit, boolean rtu, Duration timeout, String label) {
        if (unit < (rtu ? 1 : 0) || unit > 247) {
            throw new IllegalArgumentException("unit " + unit + " is not a Modbus unit id (" + (rtu ? "1" : "0")
                    + "..247" + (rtu ? " with RTU framing" : "") + ")");
        }
        // A master lives for one piece of work; starting its transaction ids anywhere keeps a late
        // reply to an earlier master's timed-out request from passing for this one's.
        ModbusFraming framing = rtu ? new RtuFraming(link, unit, timeout, label)
                : new MbapFraming(link, unit, timeout, label, (int) System.nanoTime());
        return new ModbusLinkMaster(new ModbusClient(framing, label));
    }

    /** The driver's default: RTU on {@code serial:} buses, Modbus TCP on every other. */
    public static boolean rtuByDefault(Link link) {
        return link.uri().toLowerCase(Locale.ROOT).startsWith("serial:");
    }

    /** Holding registers (0x03), unsigned 0..65535. */
    public int[] readHoldingRegisters(int start, int count) throws DeviceException {
        return read(RegisterFunction.HOLDING, start, count);
    }

    /** Input registers (0x04), unsigned 0..65535. */
    public int[] readInputRegisters(int start, int count) throws DeviceException {
        return read(RegisterFunction.INPUT, start, count);
    }

    /** Coils (0x01), 0 or 1 each. */
    public int[] readCoils(int start, int count) throws DeviceException {
        return read(RegisterFunction.COIL, start, count);
    }

    /** Discrete inputs (0x02), 0 or 1 each. */
    public int[] readDiscreteInputs(int start, int count) throws DeviceException {
        return read(RegisterFunction.DISCRETE, start, count);
    }

    private int[] read(RegisterFunction function, int start, int count) throws DeviceException {
        if (count < 1 || count > function.maxPerRead() || start < 0 || start + count - 1 > 65535) {
            throw new IllegalArgumentException("cannot read " + count + " " + function.label() + " from " + start
                    + ": 1.." + function.maxPerRead() + " per request, addresses 0..65535");
        }
        return client.read(function, start, count, "read " + function.label() + " " + start + ".." + (start + count - 1));
    }

    /**
     * Writes holding registers (0x06 for one unless {@code multiple}, else 0x10) and checks the
     * confirmation. For commissioning tools that hold the line themselves ({@code heathub modbus
     * write}, no hub running on it); inside a hub a write is a command, see {@link #rawWritePoint}.
     */
    public void writeRegisters(int start, int[] words, boolean multiple) throws DeviceException {
        checkWrite(start, words, 0xFFFF, 123, "registers");
        client.writeRegisters(start, words, multiple,
                "write holding registers " + start + ".." + (start + words.length - 1));
    }

    /** Writes coils (0x05 for one unless {@code multiple}, else 0x0F); as {@link #writeRegisters}. */
    public void writeCoils(int start, int[] bits, boolean multiple) throws DeviceException {
        checkWrite(start, bits, 1, 1968, "coils");
        client.writeCoils(start, bits, multiple, "write coils " + start + ".." + (start + bits.length - 1));
    }

    /** Modbus limits per write request: 123 registers (0x10), 1968 coils (0x0F). */
    private static void checkWrite(int start, int[] values, int max, int maxCount, String what) {
        if (values.length < 1 || values.length > maxCount || start < 0 || start + values.length - 1 > 65535) {
            throw new IllegalArgumentException("cannot write " + values.length + " " + what + " from " + start
                    + ": 1.." + maxCount + " per request, addresses 0..65535");
        }
        for (int v : values) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException("value " + v + " is outside 0.." + max + " for " + what);
            }
        }
    }

    /**
     * The command point of a raw write to a device of this driver:
     * {@code raw.holding.<address>.<count>} or {@code raw.coil.<address>.1}. Its value is
     * {@link #rawWriteValue}.
     *
     * @param table {@code holding} or {@code coil}
     * @param count registers written (1..4), 1 for a coil
     * @throws IllegalArgumentException for another table, count or an address outside 0..65535
     */
    public static String rawWritePoint(String table, int address, int count) {
        String point = RawPoint.name(table, address, count);
        RawPoint.parse(point); // refuses other tables and addresses
        return point;
    }

    /** Registers as a raw write's command value: one unsigned integer, first register most significant. */
    public static BigDecimal rawWriteValue(int[] registers) {
        for (int r : registers) {
            if (r < 0 || r > 0xFFFF) {
                throw new IllegalArgumentException("register value " + r + " is outside 0..65535");
            }
        }
        return RawPoint.value(registers, false);
    }
}
