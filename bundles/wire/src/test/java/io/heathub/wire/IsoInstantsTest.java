package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path must be the JDK's {@code Instant.toString()} and {@code Instant.parse} to the character. */
class IsoInstantsTest {
    private static final List<Instant> EDGES = List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1),
            Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.parse("2000-02-29T12:00:00.120Z"), Instant.parse("2100-02-28T23:59:59.000001Z"),
            Instant.parse("2024-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX, Instant.ofEpochMilli(1_764_000_000_123L));

    @Test
    void formatsExactlyAsTheJdk() {
        for (Instant i : EDGES) {
            assertThat(IsoInstants.format(i)).isEqualTo(i.toString());
        }
        SplittableRandom random = new SplittableRandom(20);
        for (int n = 0; n < 200_000; n++) {
            Instant i = randomInstant(random);
            assertThat(IsoInstants.format(i)).as("%s", i).isEqualTo(i.toString());
        }
    }

    @Test
    void parsesExactlyAsTheJdk() {
        for (Instant i : EDGES) {
            assertThat(IsoInstants.parse(i.toString())).isEqualTo(i);
        }
        SplittableRandom random = new SplittableRandom(21);
        for (int n = 0; n < 200_000; n++) {
            Instant i = randomInstant(random);
            assertThat(IsoInstants.parse(i.toString())).as("%s", i).isEqualTo(i);
        }
        // any number of fraction digits, as the JDK reads them
        for (String text : List.of("2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.12Z", "2026-01-01T00:00:00.1234Z",
                "2026-01-01T00:00:00.12345678Z", "2026-01-01T00:00:00.000000000Z", "2026-01-01t00:00:00z",
                "2026-01-01T01:00:00+01:00", "2026-06-30T23:59:60Z", "1900-03-01T00:00:00Z")) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatTheJdkRefusesAndTakesWhatItTakes() {
        for (String text : List.of("", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:01Z",
                "2026-01-01T00:60:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z",
                "2026-01-01T00:00:00", "2026-0a-01T00:00:00Z", "2026-01-01T-1:00:00Z", "２０２６-01-01T00:00:00Z")) {
            Instant jdk;
            try {
                jdk = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(jdk);
        }
    }

    private static Instant randomInstant(SplittableRandom random) {
        long second = random.nextLong(-100_000_000_000L, 300_000_000_000L);
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }
}
