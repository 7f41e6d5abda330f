package io.heathub.billing.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file and the in-memory source (the fuzz test's) give the same rows and the same problems. */
class CsvSourceTest {
    @TempDir
    Path dir;

    private Path file(byte[] content) throws Exception {
        return Files.write(dir.resolve("households.csv"), content);
    }

    @Test
    void aFileAndItsBytesReadTheSame() throws Exception {
        byte[] content = """
                household,area_m2,meter,room_sensor,tariff
                h-101,90,heat-101,panel-001,two-part
                h-102,-3,,panel-002,area
                h-101,60,heat-103,,area
                """.getBytes(StandardCharsets.UTF_8);
        Problems fromFile = new Problems(50);
        Problems fromBytes = new Problems(50);

        var households = HouseholdsCsv.read(file(content), "households.csv", fromFile, true);

        assertThat(HouseholdsCsv.read(CsvRows.bytes(content), "households.csv", fromBytes, true)).isEqualTo(households);
        assertThat(households).extracting(h -> h.id()).containsExactly("h-101");
        assertThat(fromBytes.lines()).isEqualTo(fromFile.lines()).hasSize(2);
    }

    @Test
    void malformedUtf8IsTheSameProblemEitherWay() throws Exception {
        byte[] content = {'d', 'e', 'v', 'i', 'c', 'e', ',', (byte) 0xC3, (byte) 0x28, '\n'};
        Problems fromFile = new Problems(50);
        Problems fromBytes = new Problems(50);

        ReadingsCsv.read(file(content), "r.csv", fromFile, d -> true);
        ReadingsCsv.read(CsvRows.bytes(content), "r.csv", fromBytes, d -> true);

        assertThat(fromFile.lines()).singleElement().asString().startsWith("r.csv:");
        assertThat(fromBytes.lines()).isEqualTo(fromFile.lines());
    }
}
