package io.heathub.driver.mbus;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import io.heathub.testkit.Bytes;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/** The M-Bus driver against the driver conformance kit (bundles/driver-testkit). */
class MbusConformanceTest extends DriverConformance {

    @Override
    protected ConformanceSpec spec() {
        return ConformanceSpec.of(MbusDriver::new)
                .device(meter("5", new ConformanceMeter(5, "21050075", 864), "8640")
                        .foundAs("21050075.SPX.31.04"))
                .device(meter("21050077.SPX.31.04", new ConformanceMeter(6, "21050077", 1234), "12340"))
                .decoder(new MbusFrameDecoder())
                .scan(Map.of("scanTimeout", "300ms"))
                // a poll by secondary address starts with a deselect that nobody normally answers
                .silentPollTimeouts(2)
                .checksumRepair(MbusConformanceTest::withChecksum);
    }

    private static KitDevice meter(String address, ConformanceMeter peer, String energy) {
        return KitDevice.at(address, peer).expect(
                ExpectedReading.of(Points.HEAT_ENERGY, energy, Unit.KWH),
                ExpectedReading.of(Points.VOLUME, "7998.92", Unit.CUBIC_METRE),
                ExpectedReading.of(Points.HEAT_POWER, "54.58", Unit.KW),
                ExpectedReading.of(Points.TEMP_SUPPLY, "75.5", Unit.CELSIUS),
                ExpectedReading.of(Points.TEMP_RETURN, "59.4", Unit.CELSIUS));
    }

    /** The long frame's checksum (C..data) recomputed after the fuzzer changed bytes. */
    private static byte[] withChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        if (copy.length > 6 && (copy[0] & 0xFF) == MbusFrames.LONG_START) {
            copy[copy.length - 2] = (byte) MbusFrames.checksum(copy, 4, copy.length - 2);
        }
        return copy;
    }

    /**
     * A heat meter (SPX, version 31, medium 04): answers SND_NKE and REQ_UD2 at its primary address
     * or at 253 while selected; a CI 52 select (F-nibble and FF wildcards) selects or deselects it.
     */
    private static final class ConformanceMeter implements ScriptedDevice {
        private final int primary;
        private final String id;
        private final long energyDigits;
        private boolean selected;

        ConformanceMeter(int primary, String id, long energyDigits) {
            this.primary = primary;
            this.id = id;
            this.energyDigits = energyDigits;
        }

        @Override
        public Reply hear(byte[] frame) {
            if (frame.length == 5 && (frame[0] & 0xFF) == MbusFrames.SHORT_START && (frame[4] & 0xFF) == MbusFrames.STOP) {
                int c = frame[1] & 0xFF;
                int a = frame[2] & 0xFF;
                if (a != primary && !(a == MbusFrames.ADDRESS_SELECTED && selected)) {
                    return Reply.silence();
                }
                if (c == MbusFrames.C_SND_NKE) {
                    return Reply.of(new byte[] {(byte) MbusFrames.ACK});
                }
                return (c & 0xDF) == MbusFrames.C_REQ_UD2 ? Reply.of(rspUd()) : Reply.silence();
            }
            if (frame.length == 17 && (frame[0] & 0xFF) == MbusFrames.LONG_START
                    && (frame[5] & 0xFF) == MbusFrames.ADDRESS_SELECTED && (frame[6] & 0xFF) == MbusFrames.CI_SELECT) {
                selected = matches(frame);
                return selected ? Reply.of(new byte[] {(byte) MbusFrames.ACK}) : Reply.silence();
            }
            return Reply.silence();
        }

        private byte[] identity() {
            return MbusAddress.parse(id + ".SPX.31.04").orElseThrow().selectData();
        }

        private boolean matches(byte[] select) {
            byte[] own = identity();
            for (int i = 0; i < 8; i++) {
                int want = select[7 + i] & 0xFF;
                int have = own[i] & 0xFF;
                boolean highMatches = (want >> 4) == 0xF || (want >> 4) == (have >> 4);
                boolean lowMatches = (want & 0xF) == 0xF || (want & 0xF) == (have & 0xF);
                if (!(highMatches && lowMatches) && !(i >= 4 && want == 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        private byte[] rspUd() {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.writeBytes(identity());
            data.writeBytes(Bytes.hex("2A 00 00 00"));           // access number, status, signature
            data.writeBytes(Bytes.hex("0C 07"));                 // energy, 8 BCD digits, 10 kWh units
            data.writeBytes(bcd(energyDigits));
            data.writeBytes(Bytes.hex("0C 14 92 98 79 00"));     // volume 7998.92 m³
            data.writeBytes(Bytes.hex("0C 2C 58 54 00 00"));     // power 54.58 kW
            data.writeBytes(Bytes.hex("0A 5A 55 07"));           // flow temperature 75.5 °C
            data.writeBytes(Bytes.hex("0A 5E 94 05"));           // return temperature 59.4 °C
            return MbusFrames.longFrame(0x08, primary, 0x72, data.toByteArray());
        }

        private static byte[] bcd(long value) {
            byte[] out = new byte[4];
            long v = value;
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) ((v % 100 / 10) << 4 | v % 10);
                v /= 100;
            }
            return out;
        }
    }
}
