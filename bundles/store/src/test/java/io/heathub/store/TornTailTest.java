package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torn writes on a closed file, property style: a journal written with sync is cut or overwritten
 * with random bytes from a random offset to its end, many times; each time it must open, keep
 * every entry of every commit that was complete before the damage, invent or alter nothing, say
 * what it ignored, and go on accepting appends.
 */
class TornTailTest {
    private static final long SEED = 20261123L;
    private static final int TRIALS = 60;

    /** File size and head right after one acknowledged (synced) append. */
    private record Commit(long fileSize, long head) {
    }

    @TempDir
    Path dir;
    private Path crashImage;
    private Path closedImage;
    private final List<Commit> commits = new ArrayList<>();
    private long finalHead;

    @BeforeEach
    void writeJournal() throws Exception {
        Path file = dir.resolve("source").resolve("journal.mv.db");
        Random random = new Random(SEED);
        try (MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, true))) {
            for (int i = 0; i < 120; i++) {
                j.append(Readings.batch(j.head() + 1, 1 + random.nextInt(60)));
                if (i % 7 == 0) {
                    j.commit("mqtt", j.head() / 2);
                }
                commits.add(new Commit(Files.size(file), j.head()));
            }
            finalHead = j.head();
            // the file as a crash (kill -9, power loss after the last fsync) leaves it
            crashImage = Files.copy(file, dir.resolve("crash.mv.db"));
        }
        closedImage = Files.copy(file, dir.resolve("closed.mv.db"));
    }

    @Test
    void tornOrOverwrittenTailKeepsEveryCompleteCommitAndInventsNothing() throws Exception {
        Random random = new Random(SEED + 1);
        MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.attach(MvJournal.class.getName());
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                Path image = trial % 2 == 0 ? crashImage : closedImage;
                long size = Files.size(image);
                boolean truncate = random.nextBoolean();
                long from = commits.get(0).fileSize();
                // half the trials damage only the last few KiB, the others anywhere after the first commit
                long cut = Math.max(from, random.nextBoolean() ? size - 1024L * (1 + random.nextInt(16))
                        : from + (long) (random.nextDouble() * (size - from)));
                String what = String.format("trial %d (seed %d): %s %s at %d of %d bytes", trial, SEED,
                        image.getFileName(), truncate ? "truncated" : "overwritten with random bytes", cut, size);

                Path file = Files.createDirectories(dir.resolve("trial-" + trial)).resolve("journal.mv.db");
                Files.copy(image, file);
                damage(file, cut, truncate, random);
                int warningsBefore = log.messages(Level.WARNING).size();

                long lastCompleteHead = commits.stream().filter(c -> c.fileSize() <= cut)
                        .mapToLong(Commit::head).max().orElse(0);
                long head;
                try (MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, false))) {
                    head = j.head();
                    assertThat(head).as(what).isBetween(lastCompleteHead, finalHead);
                    assertEveryEntryIntact(j, head, what);
                    long torn = j.status().tornTailBytes();
                    if (!truncate || cut % TornTail.BLOCK != 0) {
                        assertThat(torn).as("torn tail reported, " + what).isNotZero();
                        assertThat(log.messages(Level.WARNING).subList(warningsBefore, log.messages(Level.WARNING).size()))
                                .as(what).anySatisfy(m -> assertThat(m).contains("incomplete or overwritten write")
                                        .contains("head " + head));
                    }
                    j.append(Readings.batch(head + 1, 3)); // and it keeps working
                }
                if (trial % 4 == 0) { // the repaired file reopens cleanly (every 4th trial: time)
                    try (MvJournal again = MvJournal.open(file, new MvJournal.Options(10_000_000, false))) {
                        assertThat(again.head()).as(what).isEqualTo(head + 3);
                        assertEveryEntryIntact(again, head + 3, what);
                        assertThat(again.status().tornTailBytes()).as("the next open finds a clean end, " + what).isZero();
                    }
                }
                try (var files = Files.list(file.getParent())) {
                    assertThat(files.map(p -> p.getFileName().toString())).as("nothing moved aside, " + what)
                            .containsExactly("journal.mv.db");
                }
            }
        } finally {
            log.detach();
        }
    }

    @Test
    void cleanFileHasNoTornTail() throws Exception {
        assertThat(TornTail.bytesAfterLastCompleteChunk(crashImage)).isZero();
        assertThat(TornTail.bytesAfterLastCompleteChunk(closedImage)).isZero();
        assertThat(TornTail.bytesAfterLastCompleteChunk(dir.resolve("missing.mv.db"))).isZero();
    }

    private static void damage(Path file, long cut, boolean truncate, Random random) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (truncate) {
                channel.truncate(cut);
            } else {
                byte[] garbage = new byte[(int) (channel.size() - cut)];
                random.nextBytes(garbage);
                channel.write(ByteBuffer.wrap(garbage), cut);
            }
        }
    }

    /** Positions 1..head, each exactly the reading written there. */
    private static void assertEveryEntryIntact(MvJournal j, long head, String what) throws Exception {
        String cursor = "verify-" + System.nanoTime();
        long expected = 1;
        List<JournalEntry> page;
        while (!(page = j.read(cursor, 2_000)).isEmpty()) {
            for (JournalEntry e : page) {
                assertThat(e.position()).as(what).isEqualTo(expected);
                if (e.position() <= head - 3 || e.position() > head) {
                    assertThat(e.reading()).as(what).isEqualTo(Readings.numbered(e.position()));
                }
                expected++;
            }
            j.commit(cursor, page.get(page.size() - 1).position());
        }
        assertThat(expected - 1).as("entries readable, " + what).isEqualTo(head);
        assertThat(j.status().undecodableSkipped()).as(what).isZero();
    }
}
