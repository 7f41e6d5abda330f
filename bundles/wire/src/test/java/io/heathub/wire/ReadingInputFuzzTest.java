package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Reading;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@link ReadingInput}, the door of {@code POST /api/readings} and {@code heathub:} routes: any
 * bytes give readings or a {@link WireFormatException}, never another exception; every reading it
 * accepts is inside its bounds (device and point syntax, at most 20 integer digits, reason length,
 * time inside the window around the hub's clock, at most {@code maxReadings}) and can be written
 * for an uplink. Seeds in {@code src/test/resources/io/heathub/wire/ReadingInputFuzzTestInputs/};
 * long run {@code JAZZER_FUZZ=1 mvn test -Dtest=ReadingInputFuzzTest} (README).
 */
class ReadingInputFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private static final ReadingInput.Limits LIMITS = new ReadingInput.Limits(8192, 20, 64);
    private final ReadingInput door = new ReadingInput(LIMITS, ReadingInput.Window.DEFAULT,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final ReadingJson json = new ReadingJson();

    @FuzzTest(maxDuration = "3m")
    void acceptsOnlyBoundedReadings(byte[] input) {
        List<Reading> readings;
        try {
            readings = door.readJson(input);
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(2048);
            return;
        }
        assertThat(readings).hasSizeLessThanOrEqualTo(LIMITS.maxReadings());
        for (Reading r : readings) {
            assertThat(ReadingInput.DEVICE.matcher(r.device()).matches()).as("device %s", r.device()).isTrue();
            assertThat(ReadingInput.pointProblem(r.point())).isEmpty();
            assertThat(ReadingInput.canonicalValueProblem(r.value())).isEmpty();
            assertThat(r.time()).isBetween(NOW.minus(ReadingInput.Window.DEFAULT.maxLag()),
                    NOW.plus(ReadingInput.Window.DEFAULT.maxLead()));
            assertThat(r.reason().length()).isLessThanOrEqualTo(LIMITS.maxText());
            assertThat(door.polledProblem(r)).isEmpty();
            try {
                json.write(r, "hub-1"); // what the door lets in, every uplink can send
            } catch (WireFormatException e) {
                throw new AssertionError("accepted at the door but cannot be sent: " + r, e);
            }
        }
        try {
            door.check(readings); // the feature path's check agrees with the door
        } catch (WireFormatException e) {
            throw new AssertionError("accepted by readJson, refused by check: " + readings, e);
        }
    }
}
