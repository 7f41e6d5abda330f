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
}
