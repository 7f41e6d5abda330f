package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * The substation PLC (unit 1 on the PLC port): seven float32 values, high word first.
 * 0 temp.outdoor · 2 temp.supply · 4 temp.return · 6 pressure.supply (bar) · 8 pressure.return (bar)
 * · 10 setpoint.supply (writable, 20–95 °C) · 12 valve.opening (%). See docs/CONTRACTS.md.
 */
final class PlcRegisters implements RegisterDevice {

    static final int REGISTER_COUNT = 14;
    static final int SUPPLY_SETPOINT = 10;

    private final ThermalModel model;

    PlcRegisters(ThermalModel model) {
        this.model = model;
    }

    @Override
    public int[] read(int address, int count) throws RegisterAccessException {
        return RegisterDevice.slice(encode(model.plc()), address, count);
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        RegisterDevice.checkRange(address, words.length, REGISTER_COUNT);
        if (address < SUPPLY_SETPOINT || address + words.length > SUPPLY_SETPOINT + 2) {
            throw RegisterAccessException.illegalAddress("only registers 10-11 (setpoint.supply) are writable");
        }
        // The model's own lock: two masters writing opposite halves must not interleave.
        synchronized (model) {
            // A single-word write (FC 06) replaces one half of the float; the other half stays.
            int[] setpoint = read(SUPPLY_SETPOINT, 2);
            System.arraycopy(words, 0, setpoint, address - SUPPLY_SETPOINT, words.length);
            float value = Float.intBitsToFloat(setpoint[0] << 16 | setpoint[1]);
            if (!ThermalModel.isValidSupplySetpoint(value)) {
                throw RegisterAccessException.illegalValue("setpoint.supply must be " + ThermalModel.SUPPLY_SETPOINT_MIN
                        + ".." + ThermalModel.SUPPLY_SETPOINT_MAX + " °C, got " + value);
            }
            model.setSupplySetpoint(value);
        }
    }

    private static int[] encode(ThermalModel.PlcState plc) {
        int[] words = new int[REGISTER_COUNT];
        putFloat(words, 0, plc.outdoor());
        putFloat(words, 2, plc.supply());
        putFloat(words, 4, plc.returnTemperature());
        putFloat(words, 6, plc.supplyPressure());
        putFloat(words, 8, plc.returnPressure());
        putFloat(words, SUPPLY_SETPOINT, plc.supplySetpoint());
        putFloat(words, 12, plc.valveOpening());
        return words;
    }

    private static void putFloat(int[] words, int address, double value) {
        int bits = Float.floatToIntBits((float) value);
        words[address] = bits >>> 16;
        words[address + 1] = bits & 0xFFFF;
    }
}
