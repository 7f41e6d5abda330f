package ${package};

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decodes one ${driverName} reply into canonical readings, without a device or a line: the session
 * uses it for every poll, {@code bin/heathub decode --protocol ${driverName}} and the fuzz tests use
 * it alone. Listed in {@code META-INF/services/io.heathub.api.driver.FrameDecoder}.
 */
public final class ${driverClass}FrameDecoder implements FrameDecoder {

    @Override
    public String protocol() {
        return ${driverClass}Driver.ID;
    }

    /** The readings' device id is the address in the frame (there is no site.yaml here). */
    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        byte[] data = ${driverClass}Codec.reply(frame, ${driverClass}Codec.READ);
        return readings(Integer.toString(${driverClass}Codec.address(frame)), data, receivedAt);
    }

    /**
     * The readings of a READ reply's data. The frame carries no clock, so every reading carries
     * {@code time}, the poll time.
     */
    static List<Reading> readings(String device, byte[] data, Instant time) throws FrameException {
        if (data.length != ${driverClass}Codec.READ_DATA_LENGTH) {
            throw new FrameException(Kind.MALFORMED, 3, "a read reply has " + ${driverClass}Codec.READ_DATA_LENGTH
                    + " data bytes, not " + data.length);
        }
        // exact conversions to the canonical units (Wh -> kWh, L -> m3): never through a double
        BigDecimal energy = SourceUnit.WH.toCanonical(BigDecimal.valueOf(${driverClass}Codec.u32(data, 0)));
        BigDecimal volume = SourceUnit.LITRE.toCanonical(BigDecimal.valueOf(${driverClass}Codec.u32(data, 4)));
        BigDecimal supply = BigDecimal.valueOf(${driverClass}Codec.s16(data, 8), 2);
        BigDecimal ret = BigDecimal.valueOf(${driverClass}Codec.s16(data, 10), 2);
        return List.of(
                Reading.good(device, Points.HEAT_ENERGY, energy, Unit.KWH, time),
                Reading.good(device, Points.VOLUME, volume, Unit.CUBIC_METRE, time),
                Reading.good(device, Points.TEMP_SUPPLY, supply, Unit.CELSIUS, time),
                Reading.good(device, Points.TEMP_RETURN, ret, Unit.CELSIUS, time));
    }
}
