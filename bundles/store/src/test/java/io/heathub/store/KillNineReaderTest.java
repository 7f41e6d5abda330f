package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a hub that is appending while an uplink is mid-backlog. The uplink commits
 * its cursor only after its backend took a batch. After two killed rounds and a final drain, every
 * appended reading reached the backend exactly once by identity (device, point, time), nothing
 * else did, and the only repeats are of batches delivered after the last commit before a kill.
 */
class KillNineReaderTest {
    private static final long ACKS_PER_ROUND = 3_000;
    private static final int MIN_DELIVERED_PER_ROUND = 500;

    @TempDir
    Path dir;

    /** One delivery to the backend. */
    private record Delivery(long position, String key, int round) {
    }

    @Test
    void everyAppendedReadingIsDeliveredOnceByIdentityAcrossKills() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        List<Delivery> deliveries = new ArrayList<>();
        Map<Integer, Long> lastCommitPrinted = new HashMap<>();
        long acknowledged = 0;
        for (int round = 1; round <= 2; round++) {
            acknowledged = killMidBacklog(file, round == 2, acknowledged, round, deliveries, lastCommitPrinted);
        }
        long head;
        try (MvJournal journal = MvJournal.open(file, new MvJournal.Options(10_000_000, false))) {
            head = journal.head();
            assertThat(head).isGreaterThanOrEqualTo(acknowledged);
            assertThat(journal.backlog(JournalPipelineMain.CURSOR)).as("still a backlog after the kills").isPositive();
            List<JournalEntry> page;
            while (!(page = journal.read(JournalPipelineMain.CURSOR, 1_000)).isEmpty()) {
                for (JournalEntry e : page) {
                    deliveries.add(new Delivery(e.position(), JournalPipelineMain.key(e.reading()), 3));
                }
                journal.commit(JournalPipelineMain.CURSOR, page.get(page.size() - 1).position());
            }
        }

        Set<String> expected = new HashSet<>();
        for (long p = 1; p <= head; p++) {
            expected.add(JournalPipelineMain.key(Readings.numbered(p)));
        }
        Map<String, Integer> firstRound = new HashMap<>();
        Set<Long> repeated = new HashSet<>();
        for (Delivery d : deliveries) {
            assertThat(d.key()).as("reading at position %d as delivered", d.position())
                    .isEqualTo(JournalPipelineMain.key(Readings.numbered(d.position())));
            Integer earlier = firstRound.putIfAbsent(d.key(), d.round());
            if (earlier != null) {
                repeated.add(d.position());
                // redelivered only if it was delivered after the last cursor commit of its round
                assertThat(d.position()).as("redelivered position %d (first in round %d)", d.position(), earlier)
                        .isGreaterThan(lastCommitPrinted.getOrDefault(earlier, 0L));
                assertThat(d.round()).isGreaterThan(earlier);
            }
        }
        assertThat(firstRound.keySet()).as("delivered readings by identity").isEqualTo(expected);
        assertThat(repeated.size()).as("repeats: at most one uncommitted batch per kill")
                .isLessThanOrEqualTo(2 * JournalPipelineMain.FORWARD_BATCH);
    }

    /** Runs the child until it acknowledged enough and forwarded enough, kills it mid-backlog, returns its last ACK. */
    private long killMidBacklog(Path file, boolean sync, long before, int round, List<Delivery> deliveries,
            Map<Integer, Long> lastCommitPrinted) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path err = dir.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", classpath,
                JournalPipelineMain.class.getName(), file.toString(), Boolean.toString(sync))
                .redirectError(err.toFile())
                .start();
        long lastAck = before;
        long lastGot = 0;
        int delivered = 0;
        boolean killed = false;
        long backlogAtKill = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                } else if (line.startsWith("GOT ")) {
                    String[] parts = line.split(" ", 3);
                    lastGot = Long.parseLong(parts[1]);
                    deliveries.add(new Delivery(lastGot, parts[2], round));
                    delivered++;
                } else if (line.startsWith("COMMIT ")) {
                    lastCommitPrinted.put(round, Long.parseLong(line.substring(7)));
                }
                boolean enough = lastAck >= before + ACKS_PER_ROUND && delivered >= MIN_DELIVERED_PER_ROUND && lastGot < lastAck;
                if (!killed && (enough || System.nanoTime() > deadline)) {
                    backlogAtKill = lastAck - lastGot;
                    child.toHandle().destroyForcibly(); // SIGKILL; keep our end of the pipe to read what was sent
                    killed = true;
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by signal 9; stderr: %s", Files.readString(err)).isEqualTo(137);
        assertThat(lastAck).as("writer progress").isGreaterThanOrEqualTo(before + ACKS_PER_ROUND);
        assertThat(delivered).as("forwarder progress").isGreaterThanOrEqualTo(MIN_DELIVERED_PER_ROUND);
        assertThat(backlogAtKill).as("killed while the uplink was behind the writer").isPositive();
        return lastAck;
    }
}
