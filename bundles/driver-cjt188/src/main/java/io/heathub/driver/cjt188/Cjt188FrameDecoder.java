package io.heathub.driver.cjt188;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decodes a CJ/T 188 "current data" reply (DI 90 1F) into readings whose device id is the meter's
 * 14-digit address. Settings: {@code unitPosition} (after | before), {@code flowDecimals},
 * {@code zone}. Found by {@code ServiceLoader} (META-INF/services).
 */
public final class Cjt188FrameDecoder implements FrameDecoder {

    @Override
    public String protocol() {
        return "cjt188";
    }

    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        DecodeSettings decodeSettings;
        try {
            decodeSettings = DecodeSettings.from(settings == null ? Map.of() : settings);
        } catch (IllegalArgumentException e) {
            throw new FrameException(Kind.CONFIG, -1, "settings: " + e.getMessage());
        }
        Cjt188Frame reply = Cjt188Codec.parseReply(frame == null ? new byte[0] : frame);
        // The meter clock gives the reading time; receivedAt is not needed by this layout.
        return CurrentData.decode(reply, reply.address(), decodeSettings);
    }
}
