package io.heathub.driver.cjt188;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.Map;

/**
 * The decoder must answer any bytes with readings or a {@link FrameException}; anything else
 * (a RuntimeException) fails the fuzz test. In a normal build only the seed inputs in
 * {@code src/test/resources/.../Cjt188DecoderFuzzTestInputs} run; {@code JAZZER_FUZZ=1} fuzzes.
 */
class Cjt188DecoderFuzzTest {
    private static final String[] POSITIONS = {"after", "before"};

    @FuzzTest(maxDuration = "3m")
    void decoderThrowsOnlyFrameException(FuzzedDataProvider data) {
        Map<String, String> settings = Map.of(
                "unitPosition", POSITIONS[data.consumeInt(0, 1)],
                "flowDecimals", Integer.toString(data.consumeInt(0, 8)));
        boolean fixChecksum = data.consumeBoolean();
        byte[] frame = data.consumeRemainingAsBytes();
        if (fixChecksum) {
            frame = withValidChecksum(frame); // lets the fuzzer get past the checksum check
        }
        try {
            new Cjt188FrameDecoder().decode(frame, settings, Instant.EPOCH);
        } catch (FrameException expected) {
            // the only acceptable failure
        }
    }

    private static byte[] withValidChecksum(byte[] frame) {
        int start = 0;
        while (start < frame.length && (frame[start] & 0xFF) == 0xFE) {
            start++;
        }
        if (frame.length >= start + 2) {
            frame[frame.length - 2] = (byte) Cjt188Codec.checksum(frame, start, frame.length - 2);
        }
        return frame;
    }
}
