package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * One household station panel (unit id = panel number on the panel port), int16 registers: the
 * BAC-002 map — 0 power (1 on) · 1 fan speed (0 auto) · 2 mode (1 heating) · 3 setpoint.room ×0.1 °C
 * (writable, 5–35 °C) · 4–7 reserved (0) · 8 temp.room ×0.1 °C · 9 valve.state (0 closed, 1 open) —
 * and the station's registers: 10 thermostat.mode (writable: 0 by temperature, 1 by schedule,
 * 2 by flow) · 11 valve.opening ×0.1 % (writable 0–100 %) · 12 setpoint.opening ×0.1 % (writable
 * 0–100 %: the flow mode's fixed opening). Profiles {@code bac-002} (registers 0–9) and
 * {@code bac-002-station} (0–12).
 */
final class PanelRegisters implements RegisterDevice {

    static final int REGISTER_COUNT = 13;
    static final int ROOM_SETPOINT = 3;
    static final int MODE = 10;
    static final int VALVE_OPENING = 11;
    static final int FIXED_OPENING = 12;

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
        all[MODE] = state.mode();
        all[VALVE_OPENING] = tenths(state.valveOpening());
        all[FIXED_OPENING] = tenths(state.fixedOpening());
        return RegisterDevice.slice(all, address, count);
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        RegisterDevice.checkRange(address, words.length, REGISTER_COUNT);
        if (words.length != 1 || (address != ROOM_SETPOINT && address < MODE)) {
            throw RegisterAccessException.illegalAddress("only registers 3 (setpoint.room), 10 (thermostat.mode),"
                    + " 11 (valve.opening) and 12 (setpoint.opening) are writable, one at a time");
        }
        int value = (short) words[0];
        switch (address) {
            case ROOM_SETPOINT -> {
                double celsius = value / 10.0;
                if (!ThermalModel.isValidRoomSetpoint(celsius)) {
                    throw RegisterAccessException.illegalValue("setpoint.room must be " + ThermalModel.ROOM_SETPOINT_MIN
                            + ".." + ThermalModel.ROOM_SETPOINT_MAX + " °C, got " + celsius);
                }
                model.setRoomSetpoint(panel, celsius);
            }
            case MODE -> {
                if (value < ThermalModel.MODE_TEMPERATURE || value > ThermalModel.MODE_FLOW) {
                    throw RegisterAccessException.illegalValue("thermostat.mode must be 0 (temperature), 1 (schedule)"
                            + " or 2 (flow), got " + value);
                }
                model.setMode(panel, value);
            }
            default -> {
                double percent = value / 10.0;
                if (percent < 0 || percent > 100) {
                    throw RegisterAccessException.illegalValue((address == VALVE_OPENING ? "valve.opening"
                            : "setpoint.opening") + " must be 0..100 %, got " + percent);
                }
                if (address == VALVE_OPENING) {
                    model.setValveOpening(panel, percent);
                } else {
                    model.setFixedOpening(panel, percent);
                }
            }
        }
    }

    /** Signed tenths of a degree as an unsigned 16-bit word (two's complement below zero). */
    private static int tenths(double celsius) {
        return (int) Math.round(celsius * 10) & 0xFFFF;
    }
}
