package io.heathub.simulator;

import java.util.List;

/**
 * The substation PLC (unit 1 on the PLC port): seven float32 values, high word first.
 * 0 temp.outdoor · 2 temp.supply · 4 temp.return · 6 pressure.supply (bar) · 8 pressure.return (bar)
 * · 10 setpoint.supply (writable, 20–95 °C) · 12 valve.opening (%). See docs/CONTRACTS.md.
 */
final class PlcRegisters extends Float32Registers {

    static final int REGISTER_COUNT = 14;
    static final int SUPPLY_SETPOINT = 10;

    private final ThermalModel model;

    PlcRegisters(ThermalModel model) {
        super(model);
        this.model = model;
    }

    @Override
    double[] values() {
        ThermalModel.PlcState plc = model.plc();
        return new double[] {plc.outdoor(), plc.supply(), plc.returnTemperature(), plc.supplyPressure(),
                plc.returnPressure(), plc.supplySetpoint(), plc.valveOpening()};
    }

    @Override
    List<Writable> writables() {
        return List.of(new Writable(SUPPLY_SETPOINT, "setpoint.supply", ThermalModel::isValidSupplySetpoint,
                ThermalModel.SUPPLY_SETPOINT_MIN + ".." + ThermalModel.SUPPLY_SETPOINT_MAX + " °C", model::setSupplySetpoint));
    }
}
