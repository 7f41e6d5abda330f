package io.heathub.driver.dlt645;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.api.driver.FrameException;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.math.BigDecimal;
import java.util.Map;

/** The DL/T 645 driver against the driver conformance kit (bundles/driver-testkit). */
class Dlt645ConformanceTest extends DriverConformance {

    @Override
    protected ConformanceSpec spec() {
        return ConformanceSpec.of(Dlt645Driver::new)
                .device(KitDevice.at("000000000161", new ConformanceMeter("000000000161", "0.26"))
                        .setting("points", "electric.energy,electric.power,frequency")
                        .expect(ExpectedReading.of(Points.ELECTRIC_ENERGY, "0.26", Unit.KWH),
                                ExpectedReading.of("electric.power", "12.5500", Unit.KW),
                                ExpectedReading.of("frequency", "50.00", Unit.HERTZ)))
                .device(KitDevice.at("000000000164", new ConformanceMeter("000000000164", "12345.67"))
                        .setting("wakeUp", "0")
                        .expect(ExpectedReading.of(Points.ELECTRIC_ENERGY, "12345.67", Unit.KWH),
                                ExpectedReading.of("electric.power", "12.5500", Unit.KW)))
                .decoder(new Dlt645FrameDecoder())
                .scan(Map.of("scanFrom", "000000000160", "scanTo", "000000000165", "scanTimeout", "200ms"))
                .extraPoint("electric.power", Unit.KW)
                .extraPoint("frequency", Unit.HERTZ)
                .checksumRepair(Dlt645ConformanceTest::withChecksum);
    }

    private static byte[] withChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        int start = 0;
        while (start < copy.length && (copy[start] & 0xFF) == 0xFE) {
            start++;
        }
        int sum = 0;
        for (int i = start; i < copy.length - 2; i++) {
            sum += copy[i] & 0xFF;
        }
        copy[copy.length - 2] = (byte) sum;
        return copy;
    }

    /**
     * An electricity meter: answers the read-address request at the AA wildcard and reads (11h) of
     * forward active energy, total active power and frequency at its own address.
     */
    private static final class ConformanceMeter implements ScriptedDevice {
        private final MeterAddress address;
        private final BigDecimal energy;

        ConformanceMeter(String address, String energy) {
            this.address = new MeterAddress(address);
            this.energy = new BigDecimal(energy);
        }

        @Override
        public Reply hear(byte[] request) {
            Dlt645Frame frame;
            try {
                frame = Dlt645Codec.parse(request);
            } catch (FrameException notDlt645) {
                return Reply.silence();
            }
            if (frame.isReply()) {
                return Reply.silence();
            }
            if (frame.function() == Dlt645Codec.READ_ADDRESS && frame.address().equals(MeterAddress.WILDCARD)) {
                return Reply.of(Dlt645Codec.readAddressReply(address, 2));
            }
            if (frame.function() != Dlt645Codec.READ_DATA || !frame.address().equals(address) || frame.data().length != 4) {
                return Reply.silence();
            }
            byte[] d = frame.data();
            int identifier = (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
            return DataItem.byIdentifier(identifier).map(item -> Reply.of(Dlt645Codec.readReply(address, item,
                    value(item), 1))).orElse(Reply.of(Dlt645Codec.errorReply(address, 0x02, 1)));
        }

        private BigDecimal value(DataItem item) {
            return switch (item) {
                case FORWARD_ACTIVE_ENERGY -> energy;
                case TOTAL_ACTIVE_POWER -> new BigDecimal("12.5500");
                case FREQUENCY -> new BigDecimal("50.00");
                default -> BigDecimal.ZERO;
            };
        }
    }
}
