package io.heathub.tools.simulate;

import io.heathub.simulator.ThermalModel;

import java.util.List;

/**
 * One zone's building: the simulator's {@link ThermalModel} with one flat per household.
 *
 * <p>The outdoor temperature of each step is set on the model. The model has no pump: the drive
 * frequencies are decided and reported but do not change the rooms.
 *
 * <p>The flats' valves are driven by the hub's thermostat decisions: the model's panel setpoint is
 * pushed to its maximum (valve stays open) or minimum (valve stays closed), so the model's own
 * thermostat does not second-guess the hub.
 */
final class ZoneBuilding {

    /** Water: kWh per m³ and kelvin (heat meter formula). */
    private static final double WATER_KWH_PER_M3_K = 1.163;

    private final String zone;
    private final List<String> households;
    private final ThermalModel model;
    private final double[] userSetpoints;

    ZoneBuilding(String zone, List<String> households, long seed, double outdoor, double supplySetpoint) {
        this.zone = zone;
        this.households = List.copyOf(households);
        this.model = new ThermalModel(new ThermalModel.Settings(households.size(), seed, outdoor, 0, 0,
                clampSupply(supplySetpoint)));
        userSetpoints = new double[households.size()];
        for (int i = 0; i < userSetpoints.length; i++) {
            userSetpoints[i] = model.panel(i + 1).roomSetpoint();
        }
    }

    String zone() {
        return zone;
    }

    List<String> households() {
        return households;
    }

    /** The setpoint the flat's occupant chose (the model's seeded setpoint), the user program of temperature mode. */
    double userSetpoint(int index) {
        return userSetpoints[index];
    }

    double room(int index) {
        return model.panel(index + 1).roomTemperature();
    }

    boolean valveOpen(int index) {
        return model.panel(index + 1).valveOpen();
    }

    /** Opens ({@code opening > 0}) or closes a flat's valve; the model's valves are on/off. */
    void setValve(int index, double opening) {
        model.setRoomSetpoint(index + 1, opening > 0 ? ThermalModel.ROOM_SETPOINT_MAX : ThermalModel.ROOM_SETPOINT_MIN);
    }

    void setSupplySetpoint(double celsius) {
        model.setSupplySetpoint(clampSupply(celsius));
    }

    ThermalModel.PlcState plc() {
        return model.plc();
    }

    /**
     * Advances {@code seconds} at {@code outdoor} °C; returns the heat delivered (kWh) as a heat meter
     * would count it: flow through the open valves × (supply − return) × 1.163.
     */
    double step(double seconds, double outdoor, double flowPerHousehold) {
        model.setOutdoor(outdoor);
        int open = 0;
        for (int i = 0; i < households.size(); i++) {
            open += valveOpen(i) ? 1 : 0;
        }
        ThermalModel.PlcState before = model.plc();
        model.step(seconds);
        ThermalModel.PlcState after = model.plc();
        double drop = ((before.supply() - before.returnTemperature()) + (after.supply() - after.returnTemperature())) / 2;
        return open * flowPerHousehold * WATER_KWH_PER_M3_K * Math.max(0, drop) * seconds / 3600.0;
    }

    private static double clampSupply(double celsius) {
        return Math.max(ThermalModel.SUPPLY_SETPOINT_MIN, Math.min(ThermalModel.SUPPLY_SETPOINT_MAX, celsius));
    }
}
