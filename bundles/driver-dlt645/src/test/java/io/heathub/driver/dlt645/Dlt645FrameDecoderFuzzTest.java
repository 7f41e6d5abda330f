package io.heathub.driver.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Reading;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whatever the bytes, the decoder answers readings or a FrameException with an offset inside the
 * frame, nothing else. Under {@code mvn install} only the seeds in
 * {@code src/test/resources/.../Dlt645FrameDecoderFuzzTestInputs/} run; with {@code JAZZER_FUZZ=1}
 * Jazzer mutates them for {@code maxDuration} (see README).
 */
class Dlt645FrameDecoderFuzzTest {
    private final Dlt645FrameDecoder decoder = new Dlt645FrameDecoder();

    @FuzzTest(maxDuration = "3m")
    void decodesOrThrowsFrameException(byte[] input) {
        List<Reading> readings;
        try {
            readings = decoder.decode(input, Map.of(), Instant.EPOCH);
        } catch (FrameException e) {
            assertThat(e.offset()).isBetween(-1, Math.max(-1, input.length - 1));
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.device()).matches("[0-9]{12}");
            assertThat(DataItem.byPoint(r.point())).isPresent();
        });
        // a frame that decodes must also be delimited as one frame by the link's boundary
        assertThat(Dlt645Codec.frameLength(input, input.length)).isEqualTo(input.length);
    }
}
