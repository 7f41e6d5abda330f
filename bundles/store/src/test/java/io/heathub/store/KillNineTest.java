package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9}: a child JVM appends and prints each acknowledged head; it is killed
 * forcibly mid-stream; every acknowledged position must then be in the journal with its reading.
 * Three rounds on the same file, so recovery after a kill is itself killed again.
 */
class KillNineTest {
    private static final long ACKS_PER_ROUND = 3_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesKillMinus9() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        long acknowledged = 0;
        for (int round = 1; round <= 4; round++) {
            boolean sync = round % 2 == 0; // the guarantee against a process kill must hold either way
            // round 4: appends handed to the journal writer, acknowledged when their stage completed
            acknowledged = killChildAfterAcks(file, sync, acknowledged, round, round == 4);
            try (MvJournal journal = MvJournal.open(file, new MvJournal.Options(10_000_000, false))) {
                assertThat(journal.head()).as("head after round %d", round).isGreaterThanOrEqualTo(acknowledged);
                long expected = 1;
                String cursor = "verify-" + round;
                List<JournalEntry> page;
                while (expected <= acknowledged && !(page = journal.read(cursor, 5_000)).isEmpty()) {
                    for (JournalEntry e : page) {
                        assertThat(e.position()).isEqualTo(expected);
                        assertThat(e.reading()).isEqualTo(Readings.numbered(expected));
                        expected++;
                    }
                    journal.commit(cursor, page.get(page.size() - 1).position());
                }
                assertThat(expected - 1).as("entries readable after round %d", round).isGreaterThanOrEqualTo(acknowledged);
            }
        }
    }

    /** Runs the writer until it acknowledged ACKS_PER_ROUND more positions, kills it, returns the last ACK it printed. */
    private long killChildAfterAcks(Path file, boolean sync, long before, int round, boolean async) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", classpath,
                JournalWriterMain.class.getName(), file.toString(), Boolean.toString(sync), async ? "async" : "")
                .redirectError(dir.resolve("child-" + round + ".err").toFile())
                .start();
        long lastAck = before;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                }
                if (!killed && (lastAck >= before + ACKS_PER_ROUND || System.nanoTime() > deadline)) {
                    // SIGKILL (no shutdown hook, no close()). Through the handle, because
                    // Process.destroyForcibly() also closes our end of the pipe and the ACKs
                    // already written to it would be lost to the check.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            // lines already in the pipe when the kill landed were acknowledged too: read to EOF above
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by signal 9").isEqualTo(137);
        assertThat(lastAck).as("child progress, stderr: %s", Files.readString(dir.resolve("child-" + round + ".err")))
                .isGreaterThanOrEqualTo(before + ACKS_PER_ROUND);
        return lastAck;
    }
}
