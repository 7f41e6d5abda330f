package io.heathub.driver.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzes the decoder: nothing but a {@link FrameException} may come out. In a normal build it runs
 * the seed inputs under {@code src/test/resources/.../MbusFrameDecoderFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class MbusFrameDecoderFuzzTest {
    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private final MbusFrameDecoder decoder = new MbusFrameDecoder();

    @FuzzTest(maxDuration = "5s")
    void decodesOrThrowsFrameException(byte[] input) {
        check(input);
    }

    /** The long run: {@code JAZZER_FUZZ=1 mvn test -Dtest=MbusFrameDecoderFuzzTest#longRun} (README). */
    @FuzzTest(maxDuration = "3m")
    void longRun(byte[] input) {
        check(input);
    }

    private void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] frame;
        if ((input[0] & 1) == 0) {
            frame = Arrays.copyOfRange(input, 1, input.length); // raw bytes as from the line
        } else {
            // a well-framed RSP_UD around the fuzz data, so the header and record decoding are reached
            byte[] data = Arrays.copyOfRange(input, 1, Math.min(input.length, 253));
            frame = MbusFrames.longFrame(0x08, 1, 0x72, data);
        }
        try {
            decoder.decode(frame, Map.of(), T);
        } catch (FrameException expected) {
            assertThat(expected.offset()).isBetween(-1, frame.length);
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
