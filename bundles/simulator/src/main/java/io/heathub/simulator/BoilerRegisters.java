package io.heathub.simulator;

import java.util.List;

/**
 * The heat source's controller (a unit on the PLC port, profile {@code boiler}): six float32
 * values, high word first. 0 temp.supply · 2 temp.return · 4 flow (m³/h) · 6 boiler.load (%) ·
 * 8 setpoint.load (writable, 0–100 %) · 10 setpoint.flow (writable, 0–10000 m³/h). See docs/CONTRACTS.md.
 */
final class BoilerRegisters extends Float32Registers {

    static final int LOAD_SETPOINT = 8;
    static final int FLOW_SETPOINT = 10;

    private final ThermalModel model;

    BoilerRegisters(ThermalModel model) {
        super(model);
        this.model = model;
    }

    @Override
    double[] values() {
        ThermalModel.BoilerState boiler = model.boiler();
        return new double[] {boiler.supply(), boiler.returnTemperature(), boiler.flow(), boiler.load(),
                boiler.loadSetpoint(), boiler.flowSetpoint()};
    }

    @Override
    List<Writable> writables() {
        return List.of(
                new Writable(LOAD_SETPOINT, "setpoint.load", ThermalModel::isValidLoad, "0..100 %", model::setLoadSetpoint),
                new Writable(FLOW_SETPOINT, "setpoint.flow", ThermalModel::isValidFlow,
                        "0.." + (int) ThermalModel.FLOW_SETPOINT_MAX + " m³/h", model::setFlowSetpoint));
    }
}
