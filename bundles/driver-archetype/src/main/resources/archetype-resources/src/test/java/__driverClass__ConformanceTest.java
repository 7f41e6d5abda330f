package ${package};

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import java.util.Map;

/**
 * The driver against heathub's conformance kit: every test method of {@link DriverConformance} is
 * one rule of the driver contract (docs/driver-guide.md in heathub). Two meters share the line
 * with devices of the hub's other drivers.
 */
class ${driverClass}ConformanceTest extends DriverConformance {

    @Override
    protected ConformanceSpec spec() {
        return ConformanceSpec.of(${driverClass}Driver::new)
                .device(meter(17, 1_234_560, 12_345, "1234.56", "12.345"))
                .device(meter(42, 98_000, 2_500, "98", "2.5"))
                .decoder(new ${driverClass}FrameDecoder())
                .scan(Map.of("scanFrom", "10", "scanTo", "45"))
                .checksumRepair(frame -> {
                    byte[] repaired = frame.clone();
                    repaired[repaired.length - 1] = (byte) ${driverClass}Codec.checksum(repaired);
                    return repaired;
                });
    }

    private static KitDevice meter(int address, long wattHours, long litres, String kwh, String cubicMetres) {
        return KitDevice.at(Integer.toString(address), new ${driverClass}Meter(address, wattHours, litres))
                .expect(ExpectedReading.of(Points.HEAT_ENERGY, kwh, Unit.KWH),
                        ExpectedReading.of(Points.VOLUME, cubicMetres, Unit.CUBIC_METRE),
                        ExpectedReading.of(Points.TEMP_SUPPLY, "70.00", Unit.CELSIUS),
                        ExpectedReading.of(Points.TEMP_RETURN, "40.00", Unit.CELSIUS));
    }
}
