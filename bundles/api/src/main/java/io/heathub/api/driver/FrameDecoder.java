package io.heathub.api.driver;

import io.heathub.api.Reading;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decodes one reply frame of a protocol into canonical readings without a device or a bus: the
 * integrator's {@code bin/heathub decode} tool and the fuzz tests use it. Drivers provide one
 * (public, no-argument constructor) beside their {@link DeviceDriver}.
 */
public interface FrameDecoder {

    /** The protocol id, e.g. {@code "cjt188"}, as given to {@code decode --protocol}. */
    String protocol();

    /**
     * @param frame      the reply bytes as received (wake-up/preamble bytes allowed)
     * @param settings   per-model settings, e.g. {@code unitPosition=before}
     * @param receivedAt the time for readings whose frame carries no clock
     * @return readings in canonical units; the device id is the address found in the frame
     * @throws FrameException naming the offending byte offset; never a RuntimeException
     */
    List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException;
}
