package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ThermalModelTest {

    private static final double HOUR = 3600;

    private static ThermalModel model(double supplySetpoint) {
        ThermalModel.Settings defaults = ThermalModel.Settings.defaults(24);
        return new ThermalModel(new ThermalModel.Settings(24, 1L, defaults.outdoorMean(),
                defaults.outdoorAmplitude(), 0, supplySetpoint));
    }

    private static List<Double> rooms(ThermalModel model) {
        List<Double> rooms = new ArrayList<>();
        for (int panel = 1; panel <= model.panels(); panel++) {
            rooms.add(model.panel(panel).roomTemperature());
        }
        return rooms;
    }

    @Test
    void roomsStartNearTwentyDegreesAndDiffer() {
        List<Double> rooms = rooms(model(60));
        assertThat(rooms).allSatisfy(room -> assertThat(room).isBetween(19.5, 20.5));
        assertThat(rooms.stream().distinct().count()).isEqualTo(24);
    }

    @Test
    void roomsWarmWithAHotSupply() {
        ThermalModel model = model(80);
        for (int panel = 1; panel <= 24; panel++) {
            model.setRoomSetpoint(panel, 35);
        }
        List<Double> before = rooms(model);
        model.step(6 * HOUR);
        List<Double> after = rooms(model);
        for (int i = 0; i < 24; i++) {
            assertThat(model.panel(i + 1).valveOpen()).as("valve of panel %d", i + 1).isTrue();
            assertThat(after.get(i)).as("room of panel %d", i + 1).isGreaterThan(before.get(i) + 1.0);
        }
    }

    @Test
    void roomsCoolWithoutHeat() {
        ThermalModel model = model(20);
        for (int panel = 1; panel <= 24; panel++) {
            model.setRoomSetpoint(panel, 5);
        }
        List<Double> before = rooms(model);
        model.step(12 * HOUR);
        List<Double> after = rooms(model);
        for (int i = 0; i < 24; i++) {
            assertThat(model.panel(i + 1).valveOpen()).as("valve of panel %d", i + 1).isFalse();
            assertThat(after.get(i)).as("room of panel %d", i + 1).isLessThan(before.get(i) - 1.0);
        }
        ThermalModel.PlcState plc = model.plc();
        // No flat draws heat: no temperature drop, the PLC valve is shut.
        assertThat(plc.returnTemperature()).isCloseTo(plc.supply(), within(1e-9));
        assertThat(plc.valveOpening()).isZero();
    }

    @Test
    void panelValveHasHysteresisOfHalfAKelvin() {
        ThermalModel model = model(60);
        // One second moves a room by far less than 0.01 K, so only the setpoint decides.
        model.setRoomSetpoint(1, 35);
        model.step(1);
        assertThat(model.panel(1).valveOpen()).isTrue();
        double room = model.panel(1).roomTemperature();

        assertValveAfterSetpoint(model, room + 0.3, true);   // below setpoint, inside the band
        assertValveAfterSetpoint(model, room - 0.3, true);   // above setpoint, still inside the band
        assertValveAfterSetpoint(model, room - 0.7, false);  // more than 0.5 K above: closes
        assertValveAfterSetpoint(model, room - 0.3, false);  // back inside the band: stays closed
        assertValveAfterSetpoint(model, room + 0.3, false);
        assertValveAfterSetpoint(model, room + 0.7, true);   // more than 0.5 K below: opens
    }

    private static void assertValveAfterSetpoint(ThermalModel model, double setpoint, boolean open) {
        model.setRoomSetpoint(1, setpoint);
        model.step(1);
        assertThat(model.panel(1).valveOpen())
                .as("valve at room %.3f, setpoint %.3f", model.panel(1).roomTemperature(), setpoint)
                .isEqualTo(open);
    }

    @Test
    void sameSeedSameBuildingOtherSeedOtherBuilding() {
        ThermalModel first = new ThermalModel(ThermalModel.Settings.defaults(24).withSeed(42));
        ThermalModel second = new ThermalModel(ThermalModel.Settings.defaults(24).withSeed(42));
        ThermalModel other = new ThermalModel(ThermalModel.Settings.defaults(24).withSeed(43));
        for (ThermalModel model : List.of(first, second, other)) {
            model.step(24 * HOUR);
        }
        for (int panel = 1; panel <= 24; panel++) {
            assertThat(second.panel(panel)).isEqualTo(first.panel(panel));
        }
        assertThat(second.plc()).isEqualTo(first.plc());
        assertThat(rooms(other)).isNotEqualTo(rooms(first));
    }

    @Test
    void mostRoomsSettleBetween18And23WithSixtyDegreeSupplyAtMinusFive() {
        ThermalModel model = model(60);
        model.step(48 * HOUR);
        int samples = 0;
        int comfortable = 0;
        // Sample the third day every 2 h: settling must hold through the whole outdoor cycle.
        for (int sample = 0; sample < 12; sample++) {
            model.step(2 * HOUR);
            for (double room : rooms(model)) {
                assertThat(room).isBetween(10.0, 30.0);
                samples++;
                comfortable += room >= 18 && room <= 23 ? 1 : 0;
            }
        }
        assertThat((double) comfortable / samples).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void supplyFollowsSetpointWithAFirstOrderLag() {
        ThermalModel model = model(60);
        double valveBefore = model.plc().valveOpening();
        model.setSupplySetpoint(80);
        assertThat(model.plc().valveOpening()).isGreaterThan(valveBefore);
        model.step(600); // one time constant: 63 % of the step
        assertThat(model.plc().supply()).isCloseTo(60 + 20 * (1 - Math.exp(-1)), within(0.01));
        model.step(2 * HOUR);
        ThermalModel.PlcState plc = model.plc();
        assertThat(plc.supply()).isCloseTo(80, within(0.01));
        assertThat(plc.supplySetpoint()).isEqualTo(80);
        assertThat(plc.returnTemperature()).isLessThanOrEqualTo(plc.supply());
    }

    @Test
    void returnDropGrowsWithLoad() {
        ThermalModel model = model(60);
        for (int panel = 1; panel <= 24; panel++) {
            model.setRoomSetpoint(panel, 35);
        }
        model.step(10);
        ThermalModel.PlcState fullLoad = model.plc();
        for (int panel = 1; panel <= 12; panel++) {
            model.setRoomSetpoint(panel, 5);
        }
        model.step(10);
        ThermalModel.PlcState halfLoad = model.plc();
        assertThat(fullLoad.supply() - fullLoad.returnTemperature()).isCloseTo(20, within(0.01));
        assertThat(halfLoad.supply() - halfLoad.returnTemperature()).isCloseTo(10, within(0.01));
        assertThat(fullLoad.supplyPressure()).isBetween(3.0, 4.5);
        assertThat(fullLoad.returnPressure()).isLessThan(fullLoad.supplyPressure());
    }

    @Test
    void outdoorIsColdestAtFiveAndWarmestAtSeventeen() {
        ThermalModel model = new ThermalModel(ThermalModel.Settings.defaults(1).withStartSecondOfDay(5 * HOUR));
        assertThat(model.plc().outdoor()).isCloseTo(-9, within(1e-9));
        model.step(12 * HOUR);
        assertThat(model.plc().outdoor()).isCloseTo(-1, within(1e-9));
        model.step(6 * HOUR); // 23:00
        assertThat(model.plc().outdoor()).isCloseTo(-5, within(1e-9));
    }

    @Test
    void refusesSetpointsOutsideTheirRanges() {
        ThermalModel model = model(60);
        assertThatThrownBy(() -> model.setSupplySetpoint(95.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.setSupplySetpoint(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.setRoomSetpoint(1, 4.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.setRoomSetpoint(25, 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(model.plc().supplySetpoint()).isEqualTo(60);
    }

    private static ThermalModel plant(double supplySetpoint, ThermalModel.Plant plant) {
        return new ThermalModel(new ThermalModel.Settings(24, 1L, -5, 0, 0, supplySetpoint, plant,
                ThermalModel.OutdoorScenario.NONE));
    }

    @Test
    void radiatorsGiveLessHeatWithLessWaterButNotInProportion() {
        assertThat(ThermalModel.radiatorOutput(0)).isZero();
        assertThat(ThermalModel.radiatorOutput(1)).isCloseTo(1, within(1e-12));
        assertThat(ThermalModel.radiatorOutput(0.5)).isCloseTo(0.684, within(0.001));
        assertThat(ThermalModel.radiatorOutput(0.8)).isBetween(0.8, 1.0);
    }

    @Test
    void aSlowerZonePumpLeavesItsRoomsColder() {
        ThermalModel model = plant(70, new ThermalModel.Plant(2, 50, 50, false, 70, 4500, 30));
        for (int panel = 1; panel <= 24; panel++) {
            model.setRoomSetpoint(panel, 35); // valves open: only the pumps differ
        }
        model.setDriveReference(2, 20);
        model.step(24 * HOUR);
        double fast = 0;
        double slow = 0;
        for (int panel = 1; panel <= 24; panel++) {
            if (model.zoneOf(panel) == 0) {
                fast += model.panel(panel).roomTemperature() / 12;
            } else {
                slow += model.panel(panel).roomTemperature() / 12;
            }
        }
        assertThat(model.zoneOf(12)).isZero();
        assertThat(model.zoneOf(13)).isEqualTo(1);
        assertThat(slow).as("zone at 20 Hz against 50 Hz").isLessThan(fast - 1);
        // a stopped pump: no heat reaches the zone
        model.setDriveRunning(1, false);
        model.step(60);
        assertThat(model.driveState(1).outputHz()).isZero();
        double before = model.panel(1).roomTemperature();
        model.step(2 * HOUR);
        assertThat(model.panel(1).roomTemperature()).isLessThan(before);
    }

    @Test
    void theSourceLoadCapsTheSupplyAndMoreLoadLiftsIt() {
        ThermalModel model = plant(90, new ThermalModel.Plant(1, 50, 50, true, 20, 4500, 30));
        for (int panel = 1; panel <= 24; panel++) {
            model.setRoomSetpoint(panel, 35);
        }
        model.step(4 * HOUR);
        ThermalModel.PlcState low = model.plc();
        // 20 % of a 30 K lift at design flow: 6 K above the return, far from 90 °C
        assertThat(low.supply() - low.returnTemperature()).isCloseTo(6, within(0.5));
        assertThat(low.supply()).isLessThan(60);
        model.setLoadSetpoint(100);
        model.step(4 * HOUR);
        ThermalModel.PlcState high = model.plc();
        assertThat(high.supply()).isGreaterThan(low.supply() + 10);
        assertThat(model.boiler().load()).isCloseTo(100, within(0.01));
        assertThat(model.boiler().supply()).isGreaterThan(high.supply());
    }

    @Test
    void theFlowModeHoldsItsOpeningAndAWrittenOpeningHoldsUntilTheThermostatSwitches() {
        ThermalModel model = model(60);
        model.setFixedOpening(1, 30);
        model.setMode(1, ThermalModel.MODE_FLOW);
        assertThat(model.panel(1).valveOpening()).isEqualTo(30);
        model.setRoomSetpoint(1, 35); // the setpoint no longer moves the valve
        model.step(HOUR);
        assertThat(model.panel(1).valveOpening()).isEqualTo(30);
        model.setMode(1, ThermalModel.MODE_SCHEDULE);
        model.step(1);
        assertThat(model.panel(1).valveOpening()).as("room far below 35 °C: the thermostat opens").isEqualTo(100);
        model.setValveOpening(1, 0);
        model.step(1);
        assertThat(model.panel(1).valveOpening()).as("still far below: it opens again").isEqualTo(100);
        model.setRoomSetpoint(1, model.panel(1).roomTemperature()); // inside the band: a written opening holds
        model.setValveOpening(1, 40);
        model.step(60);
        assertThat(model.panel(1).valveOpening()).isEqualTo(40);
        assertThatThrownBy(() -> model.setMode(1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.setValveOpening(1, 100.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutdoorScenarioMovesTheMeanOverSimulatedTime() {
        ThermalModel.OutdoorScenario snap = ThermalModel.OutdoorScenario.parse("0h:-5, 2h:-5, 6h:-25");
        ThermalModel model = new ThermalModel(ThermalModel.Settings.defaults(1).withStartSecondOfDay(5 * HOUR)
                .withScenario(snap));
        assertThat(model.plc().outdoor()).isCloseTo(-9, within(1e-9)); // -5 − 4 at 05:00
        model.step(4 * HOUR); // 09:00: half-way down, the swing −4·cos(60°) = −2
        assertThat(model.plc().outdoor()).isCloseTo(-15 - 2, within(1e-9));
        model.step(48 * HOUR);
        assertThat(model.plc().outdoor()).isCloseTo(-25 - 2, within(1e-9));
        assertThatThrownBy(() -> ThermalModel.OutdoorScenario.parse("2h:-5, 1h:-10"))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> ThermalModel.OutdoorScenario.parse("2:-5"))
                .hasMessageContaining("outdoorScenario entry 1 \"2:-5\": expected HOURSh:MEAN");
        assertThat(ThermalModel.OutdoorScenario.parse(" ")).isEqualTo(ThermalModel.OutdoorScenario.NONE);
    }
}
