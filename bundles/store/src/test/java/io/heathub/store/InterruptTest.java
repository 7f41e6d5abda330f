package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it reads or commits (an uplink or a bus worker being stopped) neither
 * fails its own call nor closes the journal's file under the other threads, and keeps its interrupt.
 * A plain file channel closes itself on an interrupt; MVStore then refused every call until reopened.
 */
class InterruptTest {
    private static final MvJournal.Options SYNCED = new MvJournal.Options(1_000_000, true);

    @TempDir
    Path dir;
    @RegisterExtension
    final MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.ofJournal();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private Path file() {
        return dir.resolve("journal.mv.db");
    }

    @Test
    void aCursorCommitOfAnInterruptedThreadIsDurableAndTheInterruptKept() throws Exception {
        try (MvJournal journal = MvJournal.open(file(), SYNCED)) {
            journal.append(Readings.batch(1, 20));

            Thread.currentThread().interrupt();
            journal.commit("mqtt", 12);
            assertThat(Thread.interrupted()).as("the interrupt is still set").isTrue();

            journal.append(Readings.batch(21, 5));
            assertThat(journal.status().writeFailures()).isZero();
        }
        try (MvJournal reopened = MvJournal.open(file(), SYNCED)) {
            assertThat(reopened.read("mqtt", 100)).extracting(JournalEntry::position)
                    .containsExactlyElementsOf(positions(13, 25));
        }
        assertThat(log.messages(Level.SEVERE)).isEmpty();
        assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("reopened"));
    }

    @Test
    void anInterruptedThreadReadsFromDisk() throws Exception {
        try (MvJournal journal = MvJournal.open(file(), SYNCED)) {
            journal.append(Readings.batch(1, 5_000));
        }
        try (MvJournal reopened = MvJournal.open(file(), SYNCED)) { // nothing cached: the read goes to the file
            Thread.currentThread().interrupt();
            List<JournalEntry> read = reopened.readFrom(0, 5_000);
            assertThat(Thread.interrupted()).isTrue();

            assertThat(read).hasSize(5_000);
            assertThat(read.get(4_999).reading()).isEqualTo(Readings.numbered(5_000));
            reopened.append(Readings.batch(5_001, 1));
            assertThat(reopened.head()).isEqualTo(5_001);
        }
    }

    @Test
    void readersInterruptedOverAndOverNeverFailTheWriter() throws Exception {
        try (MvJournal journal = MvJournal.open(file(), SYNCED)) {
            int batches = 300;
            AtomicReference<Throwable> readerFailed = new AtomicReference<>();
            AtomicInteger reads = new AtomicInteger();
            CountDownLatch writerDone = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                while (writerDone.getCount() > 0) {
                    try {
                        journal.readFrom(0, 200);
                        journal.commit("up", Math.min(journal.head(), reads.incrementAndGet()));
                    } catch (Throwable e) {
                        readerFailed.compareAndSet(null, e);
                        return;
                    }
                }
            }, "interrupted-reader");
            reader.start();
            for (int b = 0; b < batches; b++) {
                journal.append(Readings.batch(b * 10L + 1, 10));
                reader.interrupt(); // as a stopping route would, again and again
            }
            writerDone.countDown();
            reader.join(10_000);

            assertThat(readerFailed.get()).isNull();
            assertThat(reads.get()).isPositive();
            assertThat(journal.head()).isEqualTo(batches * 10L);
            assertThat(journal.readFrom(0, batches * 10)).hasSize(batches * 10);
            assertThat(journal.status().writeFailures()).isZero();
        }
        assertThat(log.messages(Level.SEVERE)).isEmpty();
    }

    private static List<Long> positions(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
