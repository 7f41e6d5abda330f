package io.heathub.driver.cjt188;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.api.driver.FrameException;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;

/** The CJ/T 188 driver against the driver conformance kit (bundles/driver-testkit). */
class Cjt188ConformanceTest extends DriverConformance {
    /** 2025-12-01 08:30:00 in Asia/Shanghai, the meters' clock. */
    private static final Instant METER_CLOCK = Instant.parse("2025-12-01T00:30:00Z");

    @Override
    protected ConformanceSpec spec() {
        return ConformanceSpec.of(Cjt188Driver::new)
                .device(meter("00000000001001", 5678))
                .device(meter("00000000001004", 91234))
                .decoder(new Cjt188FrameDecoder())
                .scan(Map.of("scanFrom", "00000000001000", "scanTo", "00000000001005", "scanTimeout", "200ms"))
                .command(0, Points.VALVE_STATE, "0")
                .command(0, Points.VALVE_STATE, "1")
                .checksumRepair(Cjt188ConformanceTest::withChecksum);
    }

    private static KitDevice meter(String address, long heatDigits) {
        String heat = new java.math.BigDecimal(heatDigits).movePointLeft(2).toPlainString();
        return KitDevice.at(address, new ConformanceMeter(address, heatDigits))
                .setting("wakeUp", "2")
                .expect(ExpectedReading.of(Points.HEAT_ENERGY_DUE_DAY, "12.34", Unit.KWH).at(METER_CLOCK),
                        ExpectedReading.of(Points.HEAT_ENERGY, heat, Unit.KWH).at(METER_CLOCK),
                        ExpectedReading.of(Points.HEAT_POWER, "1.00", Unit.KW).at(METER_CLOCK),
                        ExpectedReading.of(Points.FLOW, "0.25", Unit.CUBIC_METRE_PER_HOUR).at(METER_CLOCK),
                        ExpectedReading.of(Points.VOLUME, "0.99", Unit.CUBIC_METRE).at(METER_CLOCK),
                        ExpectedReading.of(Points.TEMP_SUPPLY, "70.00", Unit.CELSIUS).at(METER_CLOCK),
                        ExpectedReading.of(Points.TEMP_RETURN, "40.00", Unit.CELSIUS).at(METER_CLOCK),
                        ExpectedReading.of(Points.HOURS, "12", Unit.HOUR).at(METER_CLOCK),
                        ExpectedReading.of(CurrentData.STATUS_VALVE_CLOSED, "0", Unit.NONE).at(METER_CLOCK),
                        ExpectedReading.of(CurrentData.STATUS_VALVE_FAULT, "0", Unit.NONE).at(METER_CLOCK),
                        ExpectedReading.of(CurrentData.STATUS_BATTERY_LOW, "0", Unit.NONE).at(METER_CLOCK),
                        // the meter's clock as its value, time-stamped by the hub when the reply came
                        ExpectedReading.of(Points.METER_CLOCK, String.valueOf(METER_CLOCK.getEpochSecond()), Unit.NONE));
    }

    private static byte[] withChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        int start = 0;
        while (start < copy.length && (copy[start] & 0xFF) == Cjt188Codec.WAKE_UP) {
            start++;
        }
        copy[copy.length - 2] = (byte) Cjt188Codec.checksum(copy, start, copy.length - 2);
        return copy;
    }

    /**
     * A heat meter (T 20) on the line: answers read address (broadcast), current data (901F, units
     * after the values) and valve writes (A0 17, reply with ST) addressed to it; ignores the rest.
     */
    private static final class ConformanceMeter implements ScriptedDevice {
        private final String address;
        private final long heatDigits;
        private boolean valveClosed;

        ConformanceMeter(String address, long heatDigits) {
            this.address = address;
            this.heatDigits = heatDigits;
        }

        @Override
        public Reply hear(byte[] request) {
            Cjt188Frame frame;
            try {
                frame = Cjt188Codec.parse(request);
            } catch (FrameException notCjt188) {
                return Reply.silence();
            }
            boolean addressed = frame.address().equals(address) || frame.address().equals(Cjt188Codec.BROADCAST);
            if (frame.isReply() || !addressed || (frame.type() != 0x20 && frame.type() != Cjt188Codec.WILDCARD)) {
                return Reply.silence();
            }
            int di = frame.at(frame.bodyOffset()) << 8 | frame.at(frame.bodyOffset() + 1);
            int ser = frame.at(Cjt188Codec.serOffset(frame));
            if (frame.function() == Cjt188Codec.READ_ADDRESS && di == Cjt188Codec.DI_READ_ADDRESS) {
                return Reply.of(Cjt188Codec.encode(0, 0x20, address, 0x83, di, ser, new byte[0]));
            }
            if (frame.function() == Cjt188Codec.READ_DATA && di == Cjt188Codec.DI_CURRENT_DATA) {
                return Reply.of(Cjt188Codec.encode(1, 0x20, address, 0x81, di, ser, currentData()));
            }
            if (frame.function() == Cjt188Codec.WRITE_DATA && di == Cjt188Codec.DI_VALVE_CONTROL && frame.length() == 4) {
                valveClosed = frame.at(Cjt188Codec.dataOffset(frame)) == Cjt188Codec.VALVE_CLOSE;
                return Reply.of(Cjt188Codec.encode(0, 0x20, address, 0x84, di, ser, new byte[] {status(), 0}));
            }
            return Reply.silence();
        }

        private byte status() {
            return (byte) (valveClosed ? 0x01 : 0x00);
        }

        private byte[] currentData() {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            long[][] values = {{1234, 0x05}, {heatDigits, 0x05}, {100, 0x17}, {2500, 0x35}, {99, 0x2C}};
            for (long[] v : values) {
                data.writeBytes(bcd(v[0], 4));
                data.write((int) v[1]);
            }
            data.writeBytes(bcd(7000, 3));
            data.writeBytes(bcd(4000, 3));
            data.writeBytes(bcd(12, 3));
            data.writeBytes(new byte[] {0x00, 0x30, 0x08, 0x01, 0x12, 0x25, 0x20}); // 2025-12-01 08:30:00
            data.write(status());
            data.write(0);
            return data.toByteArray();
        }

        private static byte[] bcd(long value, int bytes) {
            byte[] out = new byte[bytes];
            long v = value;
            for (int i = 0; i < bytes; i++) {
                out[i] = (byte) ((v % 100 / 10) << 4 | v % 10);
                v /= 100;
            }
            return out;
        }
    }
}
