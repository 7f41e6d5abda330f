package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * One BAC-002 room thermostat panel (unit id = panel number on the panel port), int16 registers:
 * 0 power (1 on) · 1 fan speed (0 auto) · 2 mode (1 heating) · 3 setpoint.room ×0.1 °C (writable,
 * 5–35 °C) · 4–7 reserved (0) · 8 temp.room ×0.1 °C · 9 valve.state (0 closed, 1 open).
 */
final class PanelRegisters implements RegisterDevice {

    static final int REGISTER_COUNT = 10;
    static final int ROOM_SETPOINT = 3;

    private final ThermalModel model;
    private final int panel;

    PanelRegisters(ThermalModel model, int panel) {
        this.model = model;
        this.panel = panel;
    }

    @Override
    public int[] read(int address, int count) throws RegisterAccessException {
        ThermalModel.PanelState state = model.panel(panel);
        int[] all = new int[REGISTER_COUNT];
        all[0] = state.powerOn() ? 1 : 0;
        all[2] = 1;
        all[ROOM_SETPOINT] = tenths(state.roomSetpoint());
        all[8] = tenths(state.roomTemperature());
        all[9] = state.valveOpen() ? 1 : 0;
        return RegisterDevice.slice(all, address, count);
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        RegisterDevice.checkRange(address, words.length, REGISTER_COUNT);
        if (address != ROOM_SETPOINT || words.length != 1) {
            throw RegisterAccessException.illegalAddress("only register 3 (setpoint.room) is writable");
        }
        double celsius = (short) words[0] / 10.0;
        if (!ThermalModel.isValidRoomSetpoint(celsius)) {
            throw RegisterAccessException.illegalValue("setpoint.room must be "
                    + ThermalModel.ROOM_SETPOINT_MIN + ".." + ThermalModel.ROOM_SETPOINT_MAX + " °C, got " + celsius);
        }
        model.setRoomSetpoint(panel, celsius);
    }

    /** Signed tenths of a degree as an unsigned 16-bit word (two's complement below zero). */
    private static int tenths(double celsius) {
        return (int) Math.round(celsius * 10) & 0xFFFF;
    }
}
