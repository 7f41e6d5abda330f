package io.heathub.billing.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The readings' time column is read by hand in the forms a hub writes (a settlement reads millions);
 * whatever the text, the answer is {@code OffsetDateTime.parse(text).toInstant()}'s: the same instant,
 * or the same refusal.
 */
class ReadingTimeTest {

    @Test
    void theFormsAHubWritesAreTheParsersInstants() {
        assertThat(ReadingsCsv.instant("2024-11-15T00:00:00Z")).isEqualTo(Instant.parse("2024-11-15T00:00:00Z"));
        assertThat(ReadingsCsv.instant("2024-11-15T08:00:00+08:00")).isEqualTo(Instant.parse("2024-11-15T00:00:00Z"));
        assertThat(ReadingsCsv.instant("2024-11-14T19:30:00-04:30")).isEqualTo(Instant.parse("2024-11-15T00:00:00Z"));
        assertThat(ReadingsCsv.instant("2024-11-15T00:00:00.5Z")).isEqualTo(Instant.parse("2024-11-15T00:00:00.500Z"));
        assertThat(ReadingsCsv.instant("2024-02-29T23:59:59.123456789Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
    }

    @Test
    void otherTextsGetTheParsersAnswer() {
        for (String text : List.of("2024-11-15T00:00Z", "2024-11-15t00:00:00z", "2024-11-15T00:00:00+08:00:00",
                "2024-11-15T00:00:00+18:00", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-11-15T24:00:00Z",
                "2024-11-15T00:60:00Z", "2024-11-15T00:00:60Z", "2024-11-15T00:00:00.Z", "2024-11-15T00:00:00.1234567890Z",
                "2024-11-15T00:00:00", "2024-11-15 00:00:00Z", "+12024-11-15T00:00:00Z", "2024-11-15T00:00:00+8:00",
                "２０２４-11-15T00:00:00Z", "2024-11-15T00:00:00-00:00", "0000-01-01T00:00:00Z", "", "now")) {
            assertSameAnswer(text);
        }
    }

    @Test
    void generatedTextsGetTheParsersAnswer() {
        Random random = new Random(15);
        String chars = "0123456789-T:.Z+z ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            if (random.nextBoolean()) {
                text.append('.').append(String.valueOf(random.nextLong() & Long.MAX_VALUE), 0, 1 + random.nextInt(11));
            }
            text.append(random.nextInt(3) == 0 ? "Z" : String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                    random.nextInt(20), random.nextInt(61)));
            if (random.nextInt(10) == 0) {
                // a character replaced anywhere
                text.setCharAt(random.nextInt(text.length()), chars.charAt(random.nextInt(chars.length())));
            }
            assertSameAnswer(text.toString());
        }
    }

    private static void assertSameAnswer(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> ReadingsCsv.instant(text)).as(text).isInstanceOf(DateTimeParseException.class)
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(ReadingsCsv.instant(text)).as(text).isEqualTo(expected);
    }
}
