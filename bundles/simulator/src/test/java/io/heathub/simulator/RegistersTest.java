package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.simulator.modbus.RegisterAccessException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RegistersTest {

    private final ThermalModel model = new ThermalModel(ThermalModel.Settings.defaults(4));
    private final PlcRegisters plc = new PlcRegisters(model);
    private final PanelRegisters panel2 = new PanelRegisters(model, 2);

    private static int[] floatWords(float value) {
        int bits = Float.floatToIntBits(value);
        return new int[] {bits >>> 16, bits & 0xFFFF};
    }

    private static float decode(int[] words, int offset) {
        return Float.intBitsToFloat(words[offset] << 16 | words[offset + 1]);
    }

    private static void assertRefused(ThrowingCallable access, int exceptionCode) {
        assertThatThrownBy(access).isInstanceOfSatisfying(RegisterAccessException.class,
                e -> assertThat(e.exceptionCode()).isEqualTo(exceptionCode));
    }

    @Test
    void plcFloatsAreBigEndianWordOrder() throws Exception {
        int[] words = plc.read(0, 14);
        ThermalModel.PlcState state = model.plc();
        assertThat(decode(words, 0)).isEqualTo((float) state.outdoor());
        assertThat(decode(words, 2)).isEqualTo((float) state.supply());
        assertThat(decode(words, 4)).isEqualTo((float) state.returnTemperature());
        assertThat(decode(words, 6)).isEqualTo((float) state.supplyPressure());
        assertThat(decode(words, 8)).isEqualTo((float) state.returnPressure());
        assertThat(decode(words, 10)).isEqualTo(60f);
        assertThat(decode(words, 12)).isEqualTo((float) state.valveOpening());
        // 60.0f = 0x42700000: the high word comes first.
        assertThat(plc.read(10, 2)).containsExactly(0x4270, 0x0000);
    }

    @Test
    void plcSetpointWriteChangesTheModelOrIsRefused() throws Exception {
        plc.write(10, floatWords(72.5f));
        assertThat(model.plc().supplySetpoint()).isEqualTo(72.5);
        // FC 06 on the high word alone keeps the low word: 0x42A0_0000 = 80.0
        plc.write(10, new int[] {0x42A0});
        assertThat(model.plc().supplySetpoint()).isEqualTo(80.0);

        assertRefused(() -> plc.write(10, floatWords(95.5f)), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> plc.write(10, floatWords(Float.NaN)), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> plc.write(2, floatWords(50f)), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> plc.write(9, new int[] {0, 0x42A0, 0}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> plc.read(12, 3), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertThat(model.plc().supplySetpoint()).isEqualTo(80.0);
    }

    @Test
    void panelRegistersShowTheFlat() throws Exception {
        int[] words = panel2.read(0, 10);
        ThermalModel.PanelState state = model.panel(2);
        assertThat(words[0]).isEqualTo(1);
        assertThat(words[3]).isEqualTo((int) Math.round(state.roomSetpoint() * 10));
        assertThat(words[8]).isEqualTo((int) Math.round(state.roomTemperature() * 10));
        assertThat(words[9]).isEqualTo(state.valveOpen() ? 1 : 0);
        assertThat(panel2.read(8, 2)).containsExactly(words[8], words[9]);
    }

    @Test
    void panelSetpointWriteChangesTheModelOrIsRefused() throws Exception {
        double panel1Setpoint = model.panel(1).roomSetpoint();
        panel2.write(3, new int[] {225});
        assertThat(model.panel(2).roomSetpoint()).isEqualTo(22.5);
        assertThat(model.panel(1).roomSetpoint()).isEqualTo(panel1Setpoint); // other flats untouched
        assertRefused(() -> panel2.write(3, new int[] {351}), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> panel2.write(3, new int[] {0xFFF6}), RegisterAccessException.ILLEGAL_DATA_VALUE); // -1.0 °C
        assertRefused(() -> panel2.write(8, new int[] {200}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> panel2.read(12, 2), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertThat(model.panel(2).roomSetpoint()).isEqualTo(22.5);
    }

    @Test
    void stationRegistersSwitchModesAndHoldTheValve() throws Exception {
        panel2.write(PanelRegisters.FIXED_OPENING, new int[] {375});
        assertThat(model.panel(2).mode()).isEqualTo(ThermalModel.MODE_TEMPERATURE);
        panel2.write(PanelRegisters.MODE, new int[] {ThermalModel.MODE_FLOW});
        // entering the flow mode moves the valve to the fixed opening
        assertThat(panel2.read(9, 4)).containsExactly(1, 2, 375, 375);
        panel2.write(PanelRegisters.VALVE_OPENING, new int[] {0});
        assertThat(panel2.read(9, 3)).containsExactly(0, 2, 0);
        assertRefused(() -> panel2.write(PanelRegisters.MODE, new int[] {3}), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> panel2.write(PanelRegisters.VALVE_OPENING, new int[] {1001}),
                RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> panel2.write(PanelRegisters.FIXED_OPENING, new int[] {0xFFFF}),
                RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> panel2.write(10, new int[] {1, 0}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> panel2.write(9, new int[] {1}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertThat(model.panel(2).mode()).isEqualTo(ThermalModel.MODE_FLOW);
    }

    @Test
    void driveRegistersAreTheFc51Map() throws Exception {
        ThermalModel plant = new ThermalModel(ThermalModel.Settings.defaults(4).withPlant(ThermalModel.Plant.of(2, 50, true)));
        DriveRegisters drive = new DriveRegisters(plant, 2);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(400);
        assertThat(drive.read(DriveRegisters.BUS_REFERENCE, 1)).containsExactly(13107); // 40 of 50 Hz, rounded
        drive.write(DriveRegisters.BUS_REFERENCE, new int[] {16384});
        assertThat(plant.driveState(2).referenceHz()).isEqualTo(50);
        plant.step(1);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).as("ramps 5 Hz a second").containsExactly(450);
        plant.step(10);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(500);
        assertThat(plant.driveState(1).outputHz()).as("the other zone's drive").isEqualTo(40);
        drive.write(DriveRegisters.CONTROL_WORD, new int[] {0x043C}); // bit 6 clear: ramp stop
        assertThat(drive.read(DriveRegisters.CONTROL_WORD, 1)).containsExactly(0x043C);
        plant.step(20);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(0);
        drive.write(DriveRegisters.CONTROL_WORD, new int[] {DriveRegisters.START_WORD});
        plant.step(20);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(500);
        assertRefused(() -> drive.write(DriveRegisters.BUS_REFERENCE, new int[] {16385}), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> drive.write(DriveRegisters.BUS_REFERENCE, new int[] {0xFFFF}), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> drive.write(DriveRegisters.OUTPUT_FREQUENCY, new int[] {1}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> drive.read(16130, 1), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> drive.read(DriveRegisters.CONTROL_WORD, 11), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
    }

    @Test
    void aTrippedDriveShowsTheTripBitStopsAndRunsAgainAfterAResetEdge() throws Exception {
        ThermalModel plant = new ThermalModel(ThermalModel.Settings.defaults(4).withPlant(ThermalModel.Plant.of(2, 50, true)));
        DriveRegisters drive = new DriveRegisters(plant, 1);
        // running at its 40 Hz reference: ready (0-2), at reference (8), bus control (9), in limits (10), running (11)
        assertThat(drive.read(DriveRegisters.STATUS_WORD, 1)).containsExactly(0x0F07);
        plant.tripDrive(1);
        assertThat(drive.read(DriveRegisters.STATUS_WORD, 1)).as("control ready, trip, bus control")
                .containsExactly(0x0209);
        assertThat(drive.read(DriveRegisters.STATUS_WORD, 1)[0] & DriveRegisters.STATUS_TRIP).isNotZero();
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).as("coasts to 0 at once").containsExactly(0);
        double zoneFlowBefore = plant.driveState(2).outputHz();
        plant.step(30);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).as("stays stopped, start word or not").containsExactly(0);
        assertThat(plant.driveState(2).outputHz()).as("the other drive runs on").isEqualTo(zoneFlowBefore);
        // the start word again (bit 7 still 0): no reset edge, still tripped
        drive.write(DriveRegisters.CONTROL_WORD, new int[] {DriveRegisters.START_WORD});
        plant.step(5);
        assertThat(plant.driveState(1).tripped()).isTrue();
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(0);
        // bit 7 rising: reset; the run bits are set, so it ramps back to its reference (5 Hz/s)
        drive.write(DriveRegisters.CONTROL_WORD, new int[] {DriveRegisters.START_WORD | 0x0080});
        assertThat(plant.driveState(1).tripped()).isFalse();
        plant.step(2);
        assertThat(drive.read(DriveRegisters.OUTPUT_FREQUENCY, 1)).containsExactly(100);
        assertThat(drive.read(DriveRegisters.STATUS_WORD, 1)[0] & (DriveRegisters.STATUS_TRIP | DriveRegisters.STATUS_AT_REFERENCE))
                .as("no trip, still ramping").isZero();
        plant.step(10);
        assertThat(drive.read(DriveRegisters.STATUS_WORD, 1)).containsExactly(0x0F07);
        // a second write with bit 7 held at 1 is no new edge: a new trip stays
        plant.tripDrive(1);
        drive.write(DriveRegisters.CONTROL_WORD, new int[] {DriveRegisters.START_WORD | 0x0080});
        assertThat(plant.driveState(1).tripped()).isTrue();
        assertRefused(() -> drive.write(DriveRegisters.STATUS_WORD, new int[] {0}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
    }

    @Test
    void boilerRegistersShowTheSourceAndTakeItsSetpoints() throws Exception {
        ThermalModel plant = new ThermalModel(ThermalModel.Settings.defaults(4).withPlant(ThermalModel.Plant.of(1, 50, true)));
        BoilerRegisters boiler = new BoilerRegisters(plant);
        int[] words = boiler.read(0, 12);
        ThermalModel.BoilerState state = plant.boiler();
        assertThat(decode(words, 0)).isEqualTo((float) state.supply());
        assertThat(decode(words, 2)).isEqualTo((float) state.returnTemperature());
        assertThat(decode(words, 4)).isEqualTo(4500f);
        assertThat(decode(words, 6)).isEqualTo(70f);
        boiler.write(BoilerRegisters.LOAD_SETPOINT, floatWords(85f));
        boiler.write(BoilerRegisters.FLOW_SETPOINT, floatWords(4900f));
        assertThat(decode(boiler.read(8, 4), 0)).isEqualTo(85f);
        assertThat(decode(boiler.read(8, 4), 2)).isEqualTo(4900f);
        plant.step(3600);
        assertThat(plant.boiler().load()).as("the load follows its setpoint over minutes").isCloseTo(85, org.assertj.core.api.Assertions.within(0.01));
        assertThat(plant.boiler().flow()).isCloseTo(4900, org.assertj.core.api.Assertions.within(0.01));
        assertRefused(() -> boiler.write(BoilerRegisters.LOAD_SETPOINT, floatWords(100.5f)), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> boiler.write(BoilerRegisters.FLOW_SETPOINT, floatWords(-1f)), RegisterAccessException.ILLEGAL_DATA_VALUE);
        assertRefused(() -> boiler.write(6, floatWords(50f)), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
        assertRefused(() -> boiler.write(9, new int[] {0, 0}), RegisterAccessException.ILLEGAL_DATA_ADDRESS);
    }

    @Test
    void negativeRoomTemperaturesAreTwosComplement() throws Exception {
        // At -60 °C outdoors even an open radiator at 20 °C supply cannot keep the flat above 0 °C.
        ThermalModel cold = new ThermalModel(new ThermalModel.Settings(1, 1L, -60, 0, 0, 20));
        cold.step(30 * 24 * 3600.0);
        double room = cold.panel(1).roomTemperature();
        assertThat(room).isLessThan(-1);
        short word = (short) new PanelRegisters(cold, 1).read(8, 1)[0];
        assertThat(word).isEqualTo((short) Math.round(room * 10));
    }
}
