package io.heathub.driver.modbus;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.nio.file.Path;

/**
 * The Modbus driver against the driver conformance kit (bundles/driver-testkit): two BAC-002
 * thermostat panels (the shipped profile) on an RS-485 line, Modbus RTU.
 */
class ModbusConformanceTest extends DriverConformance {

    @Override
    protected ConformanceSpec spec() {
        return ConformanceSpec.of(ModbusDriver::new)
                .configDir(Path.of("../../config"))
                .lineUri("serial:/dev/ttyKIT0?baud=9600&parity=none")
                .device(panel("3", new RtuPanel(3, 210, 195), "21", "19.5"))
                .device(panel("7", new RtuPanel(7, 180, 224), "18", "22.4"))
                .command(0, Points.SETPOINT_ROOM, "21.5")
                .checksumRepair(ModbusConformanceTest::withCrc)
                .extraPoint("status.power", Unit.NONE);
    }

    private static KitDevice panel(String unit, RtuPanel peer, String setpoint, String room) {
        return KitDevice.at(unit, peer).setting("profile", "bac-002").expect(
                ExpectedReading.of("status.power", "1", Unit.NONE),
                ExpectedReading.of(Points.SETPOINT_ROOM, setpoint, Unit.CELSIUS),
                ExpectedReading.of(Points.TEMP_ROOM, room, Unit.CELSIUS),
                ExpectedReading.of(Points.VALVE_STATE, "1", Unit.NONE));
    }

    private static byte[] withCrc(byte[] frame) {
        byte[] copy = frame.clone();
        if (copy.length >= 4) {
            int crc = RtuFraming.Crc16.of(copy, 0, copy.length - 2);
            copy[copy.length - 2] = (byte) crc;
            copy[copy.length - 1] = (byte) (crc >>> 8);
        }
        return copy;
    }

    /**
     * A BAC-002 panel as a Modbus RTU server: ten holding registers (0 power, 3 setpoint ×0.1 °C,
     * 8 room temperature ×0.1 °C, 9 valve), functions 03, 06 and 10; exception 02 outside them.
     * Frames for other units, with a bad CRC or too short are ignored, as an RTU server does.
     */
    private static final class RtuPanel implements ScriptedDevice {
        private final int unit;
        private final int[] registers = new int[10];

        RtuPanel(int unit, int setpoint, int room) {
            this.unit = unit;
            registers[0] = 1;
            registers[3] = setpoint;
            registers[8] = room;
            registers[9] = 1;
        }

        @Override
        public Reply hear(byte[] frame) {
            if (frame.length < 8 || (frame[0] & 0xFF) != unit || !RtuFraming.Crc16.valid(frame, frame.length)) {
                return Reply.silence();
            }
            int function = frame[1] & 0xFF;
            int start = u16(frame, 2);
            int count = u16(frame, 4);
            if (function == 0x03 && frame.length == 8) {
                if (count < 1 || start + count > registers.length) {
                    return Reply.of(withCrc(new byte[] {(byte) unit, (byte) 0x83, 0x02, 0, 0}));
                }
                byte[] reply = new byte[5 + 2 * count];
                reply[0] = (byte) unit;
                reply[1] = 0x03;
                reply[2] = (byte) (2 * count);
                for (int i = 0; i < count; i++) {
                    reply[3 + 2 * i] = (byte) (registers[start + i] >> 8);
                    reply[4 + 2 * i] = (byte) registers[start + i];
                }
                return Reply.of(withCrc(reply));
            }
            if (function == 0x06 && frame.length == 8 && start < registers.length) {
                registers[start] = count;
                return Reply.of(frame.clone());
            }
            if (function == 0x10 && frame.length == 9 + 2 * count && start + count <= registers.length) {
                for (int i = 0; i < count; i++) {
                    registers[start + i] = u16(frame, 7 + 2 * i);
                }
                byte[] reply = new byte[8];
                System.arraycopy(frame, 0, reply, 0, 6);
                return Reply.of(withCrc(reply));
            }
            return Reply.silence();
        }

        private static int u16(byte[] b, int at) {
            return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        }
    }
}
