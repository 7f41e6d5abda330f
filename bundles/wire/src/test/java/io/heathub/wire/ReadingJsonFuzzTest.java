package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Reading;
import java.util.List;

/**
 * {@link ReadingJson} reads what uplinks, tools and routes hand it: any bytes give readings or a
 * {@link WireFormatException}, never another exception; a reading it accepts is written for an
 * uplink ({@link ReadingJson#write(Reading, String)}) and read back the same, or refused with a
 * {@link WireFormatException} (which an uplink sets aside). In a normal build only the seeds in
 * {@code src/test/resources/io/heathub/wire/ReadingJsonFuzzTestInputs/} run; the long run is
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ReadingJsonFuzzTest} (README).
 */
class ReadingJsonFuzzTest {
    private final ReadingJson json = new ReadingJson();

    @FuzzTest(maxDuration = "3m")
    void readsOrRefuses(byte[] input) {
        try {
            roundTrips(json.read(input));
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(2048); // quotes of the input are capped
        }
        try {
            List<Reading> readings = json.readArray(input);
            for (Reading r : readings) {
                roundTrips(r);
            }
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(2048); // quotes of the input are capped
        }
    }

    private void roundTrips(Reading r) {
        byte[] written;
        try {
            written = json.write(r, "hub-1");
        } catch (WireFormatException cannotBeSent) {
            return; // the uplink's dead-letter case: refused as a checked exception, never half-written
        }
        Reading back;
        try {
            back = json.read(written);
        } catch (WireFormatException e) {
            throw new AssertionError("a reading written by ReadingJson does not read back: " + new String(written,
                    java.nio.charset.StandardCharsets.UTF_8), e);
        }
        assertThat(back.device()).isEqualTo(r.device());
        assertThat(back.point()).isEqualTo(r.point());
        assertThat(back.value()).isEqualByComparingTo(r.value());
        assertThat(back.unit()).isEqualTo(r.unit());
        assertThat(back.time()).isEqualTo(r.time());
        assertThat(back.quality()).isEqualTo(r.quality());
        assertThat(back.reason()).isEqualTo(r.reason());
    }
}
