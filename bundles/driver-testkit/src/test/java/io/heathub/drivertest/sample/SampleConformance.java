package io.heathub.drivertest.sample;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The sample driver on the kit, as a driver author would write it. Not run by surefire (no
 * {@code Test} suffix): {@code DriverConformanceTest} runs it and its flawed variants and looks
 * at what the kit reported.
 */
public class SampleConformance extends DriverConformance {

    /** The mistakes this variant makes; none for the sample as it should be. */
    protected Set<Flaw> flaws() {
        return EnumSet.noneOf(Flaw.class);
    }

    /** The built bundle's files (a fixture: the kit's own test classes are no bundle). */
    protected String bundle() {
        return "/sample-bundle";
    }

    @Override
    protected ConformanceSpec spec() {
        Set<Flaw> flaws = flaws();
        return ConformanceSpec.of(() -> new SampleDriver(flaws))
                .device(meter("1", 1_234_560, "1234.56"))
                .device(meter("2", 99_000, "99"))
                .decoder(new SampleFrameDecoder(flaws))
                .scan(Map.of("scanFrom", "1", "scanTo", "4"))
                .command(0, Points.SETPOINT_SUPPLY, "72.5")
                .bundleLocation(resource(bundle()));
    }

    private static KitDevice meter(String address, long wattHours, String kwh) {
        return KitDevice.at(address, new SampleMeter(Integer.parseInt(address), wattHours))
                .expect(ExpectedReading.of(Points.HEAT_ENERGY, kwh, Unit.KWH),
                        ExpectedReading.of(Points.VOLUME, "12.345", Unit.CUBIC_METRE),
                        ExpectedReading.of(Points.TEMP_SUPPLY, "70.00", Unit.CELSIUS),
                        ExpectedReading.of(Points.TEMP_RETURN, "40.00", Unit.CELSIUS));
    }

    private static Path resource(String name) {
        try {
            return Path.of(SampleConformance.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
