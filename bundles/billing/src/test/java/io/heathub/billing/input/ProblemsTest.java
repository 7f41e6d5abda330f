package io.heathub.billing.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemsTest {
    @TempDir
    Path dir;

    /** Issue 15 item 4: a bad cell was quoted whole in its problem, so a 100 KB cell made a 100 KB message. */
    @Test
    void aHugeBadCellIsQuotedShortWithItsPlaceKept() throws Exception {
        Path file = dir.resolve("households.csv");
        String cell = "9".repeat(50_000) + "x";
        Files.writeString(file, "household,area_m2,meter,room_sensor,tariff\nA-1," + cell + ",m-1,,two-part\n");
        Problems problems = new Problems(10);
        assertThat(HouseholdsCsv.read(file, "households.csv", problems)).isEmpty();
        List<String> lines = problems.lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("households.csv:2:5: area_m2: expected a number of m², got \"999")
                .endsWith("… (50032 characters)").hasSizeLessThan(Problems.MAX_PROBLEM + 100);
        assertThat(problems.located().get(0).line()).isEqualTo(2);
    }
}
