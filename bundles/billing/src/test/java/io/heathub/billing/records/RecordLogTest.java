package io.heathub.billing.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {
    @TempDir
    Path dir;

    private static String idOf(String line) {
        if (!line.startsWith("{\"id\":\"")) {
            throw new IllegalArgumentException("no id");
        }
        return line.substring(7, line.indexOf('"', 7));
    }

    private static String record(String id, String value) {
        return "{\"id\":\"" + id + "\",\"v\":\"" + value + "\"}";
    }

    @Test
    void appendedRecordsAreThereAfterReopeningAndTheLastLineOfAnIdWins() throws IOException {
        Path file = dir.resolve("records/log.jsonl");
        try (RecordLog log = RecordLog.open(file, 100, RecordLogTest::idOf)) {
            log.append(record("a", "1"));
            log.append(record("b", "1"));
            log.append(record("a", "2"));
            assertThat(log.records()).containsExactly(record("b", "1"), record("a", "2"));
        }
        try (RecordLog log = RecordLog.open(file, 100, RecordLogTest::idOf)) {
            assertThat(log.records()).containsExactly(record("b", "1"), record("a", "2"));
            assertThat(log.record("a")).isEqualTo(record("a", "2"));
            assertThat(log.problems()).isEmpty();
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void aLineCutByACrashIsDroppedAndTheNextAppendStartsCleanly() throws IOException {
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, record("a", "1") + "\n" + "{\"id\":\"b\",\"v\"", StandardCharsets.UTF_8);
        try (RecordLog log = RecordLog.open(file, 100, RecordLogTest::idOf)) {
            assertThat(log.records()).containsExactly(record("a", "1"));
            assertThat(log.problems()).containsExactly(file + ":2: an unfinished last line (13 bytes, a write cut short) was dropped");
            log.append(record("c", "1"));
        }
        assertThat(Files.readAllLines(file)).containsExactly(record("a", "1"), record("c", "1"));
    }

    @Test
    void aLineThatIsNotARecordIsLeftOutWithItsLineNumber() throws IOException {
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, record("a", "1") + "\nhand-edited\n" + record("b", "1") + "\n");
        List<String> problems = new ArrayList<>();
        assertThat(RecordLog.read(file, RecordLogTest::idOf, problems)).containsExactly(record("a", "1"), record("b", "1"));
        assertThat(problems).containsExactly(file + ":2: not a record, left out: no id");
        assertThat(RecordLog.read(dir.resolve("missing.jsonl"), RecordLogTest::idOf, problems)).isEmpty();
    }

    @Test
    void theLogIsBoundedTheOldestGoAndTheFileIsCompacted() throws IOException {
        Path file = dir.resolve("log.jsonl");
        try (RecordLog log = RecordLog.open(file, 3, RecordLogTest::idOf)) {
            for (int i = 1; i <= 5; i++) {
                log.append(record("r" + i, "x"));
            }
            // 5 lines written, 3 kept in memory; at 6 lines (2 × 3) the file is rewritten with the 3 kept
            assertThat(log.records()).extracting(RecordLogTest::idOf).containsExactly("r3", "r4", "r5");
            assertThat(Files.readAllLines(file)).hasSize(5);
            log.append(record("r6", "x"));
            assertThat(Files.readAllLines(file)).extracting(RecordLogTest::idOf).containsExactly("r4", "r5", "r6");
            log.append(record("r7", "x"));
        }
        try (RecordLog log = RecordLog.open(file, 3, RecordLogTest::idOf)) {
            assertThat(log.records()).extracting(RecordLogTest::idOf).containsExactly("r5", "r6", "r7");
        }
        assertThat(Files.exists(dir.resolve(".log.jsonl.tmp"))).isFalse();
    }

    @Test
    void badLinesAreRefusedAndNothingChanges() throws IOException {
        Path file = dir.resolve("log.jsonl");
        try (RecordLog log = RecordLog.open(file, 10, RecordLogTest::idOf)) {
            assertThatThrownBy(() -> log.append("{\"id\":\"a\"}\n{\"id\":\"b\"}")).hasMessage("a record is one line");
            assertThatThrownBy(() -> log.append("no id")).hasMessage("no id");
            assertThatThrownBy(() -> log.append(record("a", "x".repeat(RecordLog.MAX_LINE_BYTES))))
                    .hasMessageStartingWith("a record takes at most 16384 bytes");
            assertThat(log.size()).isZero();
        }
        assertThat(Files.size(file)).isZero();
        RecordLog closed = RecordLog.open(file, 10, RecordLogTest::idOf);
        closed.close();
        assertThatThrownBy(() -> closed.append(record("a", "1"))).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void anotherWriterSeesEachAppendedRecordOnDisk() throws IOException {
        Path file = dir.resolve("log.jsonl");
        try (RecordLog log = RecordLog.open(file, 10, RecordLogTest::idOf)) {
            log.append(record("a", "1"));
            // read back through another channel while the log is open: the line is on the file already
            assertThat(Files.readString(file)).isEqualTo(record("a", "1") + "\n");
            Files.writeString(file, "", StandardOpenOption.APPEND);
        }
    }
}
