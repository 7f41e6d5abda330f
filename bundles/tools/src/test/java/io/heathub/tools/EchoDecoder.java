package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A two-byte test protocol for the tool's plumbing: {@code [clock, value]}; clock 1 means the
 * frame carries a time (2026-01-01T00:00:00Z), 0 that it does not; anything else is malformed.
 * Setting {@code scale} multiplies the value.
 */
public final class EchoDecoder implements FrameDecoder {
    @Override
    public String protocol() {
        return "echo";
    }

    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        if (frame.length != 2) {
            throw new FrameException(DeviceException.Kind.MALFORMED, frame.length, "frame is " + frame.length + " bytes, expected 2");
        }
        if (frame[0] != 0 && frame[0] != 1) {
            throw new FrameException(DeviceException.Kind.MALFORMED, 0, "clock flag must be 0 or 1");
        }
        Instant time = frame[0] == 1 ? Instant.parse("2026-01-01T00:00:00Z") : receivedAt;
        BigDecimal value = BigDecimal.valueOf(frame[1] & 0xFF).multiply(new BigDecimal(settings.getOrDefault("scale", "1")));
        return List.of(Reading.good("dev-9", "heat.energy", value, Unit.KWH, time));
    }
}
