package io.heathub.drivertest.sample;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes a sample reply (energy or temperature block); with flaws when asked. */
public class SampleFrameDecoder implements FrameDecoder {
    private final Set<Flaw> flaws;

    public SampleFrameDecoder() {
        this(EnumSet.noneOf(Flaw.class));
    }

    SampleFrameDecoder(Set<Flaw> flaws) {
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    }

    @Override
    public String protocol() {
        return "sample";
    }

    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        if (flaws.contains(Flaw.DECODER_CRASHES_ON_SHORT_FRAMES) && frame.length < 4) {
            throw new IllegalStateException("frame too short: " + frame.length);
        }
        if (frame.length < 3) {
            throw new FrameException(Kind.MALFORMED, frame.length, "a frame has at least 5 bytes");
        }
        String device = "meter-" + (frame[1] & 0xFF);
        int command = frame[2] & 0x3F;
        byte[] data;
        try {
            data = SampleCodec.data(frame, command, true);
        } catch (FrameException e) {
            if (flaws.contains(Flaw.DECODER_THROWS)) {
                throw new IllegalArgumentException(e.getMessage());
            }
            throw e;
        }
        Set<Flaw> used = flaws.contains(Flaw.DECODER_DISAGREES) ? EnumSet.of(Flaw.ENERGY_NOT_CONVERTED) : flaws;
        return command == SampleCodec.READ_ENERGY ? energy(device, data, receivedAt, used)
                : temperatures(device, data, receivedAt, used);
    }

    static List<Reading> energy(String device, byte[] data, Instant time, Set<Flaw> flaws) throws FrameException {
        if (data.length != 8 && !flaws.contains(Flaw.CRASHES_ON_SHORT_DATA)) {
            throw new FrameException(Kind.MALFORMED, 3, "an energy block has 8 data bytes, not " + data.length);
        }
        BigDecimal wh = BigDecimal.valueOf(SampleCodec.u32(data, 0));
        BigDecimal litres = BigDecimal.valueOf(SampleCodec.u32(data, 4));
        String point = flaws.contains(Flaw.MISSPELT_POINT) ? "heat.enrgy" : Points.HEAT_ENERGY;
        BigDecimal energy = flaws.contains(Flaw.ENERGY_NOT_CONVERTED) ? wh : SourceUnit.WH.toCanonical(wh);
        return List.of(Reading.good(device, point, energy, Unit.KWH, time),
                Reading.good(device, Points.VOLUME, SourceUnit.LITRE.toCanonical(litres), SampleSession.unitOf(flaws), time));
    }

    static List<Reading> temperatures(String device, byte[] data, Instant time, Set<Flaw> flaws) throws FrameException {
        if (data.length != 4 && !flaws.contains(Flaw.CRASHES_ON_SHORT_DATA)) {
            throw new FrameException(Kind.MALFORMED, 3, "a temperature block has 4 data bytes, not " + data.length);
        }
        return List.of(
                Reading.good(device, Points.TEMP_SUPPLY, BigDecimal.valueOf(SampleCodec.s16(data, 0), 2), Unit.CELSIUS, time),
                Reading.good(device, Points.TEMP_RETURN, BigDecimal.valueOf(SampleCodec.s16(data, 2), 2), Unit.CELSIUS, time));
    }
}
