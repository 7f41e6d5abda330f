package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends handed to the journal writer ({@link MvJournal#appendAsync}) on a real file: many
 * share one commit and fsync, none completes before an fsync covered it, order and contiguity
 * hold, close commits what was handed over, and a refused append fails its stage.
 */
class AsyncAppendTest {
    private static final int WORKERS = 4;
    private static final int POLLS_PER_WORKER = 200;
    private static final int IN_FLIGHT = 16;

    @TempDir
    Path dir;

    @Test
    void pollsOfSeveralWorkersShareCommitsAndEachCompletesOnlyAfterAnFsync() throws Exception {
        MvJournal.Options options = new MvJournal.Options(10_000_000, true).withCommitWindow(10);
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options)) {
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                done.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> window = new ArrayList<>();
                    List<Long> syncsAtSubmit = new ArrayList<>();
                    for (int p = 0; p < POLLS_PER_WORKER; p++) {
                        if (window.size() == IN_FLIGHT) {
                            finishOldest(j, window, syncsAtSubmit);
                        }
                        syncsAtSubmit.add(j.status().syncs());
                        window.add(j.appendAsync(Readings.batch(1, 10)));
                    }
                    while (!window.isEmpty()) {
                        finishOldest(j, window, syncsAtSubmit);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long appends = (long) WORKERS * POLLS_PER_WORKER;
            // bus workers that do not wait for their own fsync: a commit carries many polls
            assertThat(j.status().syncs()).as("fsyncs for %d appends", appends).isPositive()
                    .isLessThanOrEqualTo(appends / 8);
            assertContiguousBatches(j, appends);
        }
    }

    /** The oldest stage completes normally, and only after an fsync that started after it was handed over. */
    private static void finishOldest(MvJournal j, List<CompletableFuture<Void>> window, List<Long> syncsAtSubmit) {
        window.remove(0).join();
        long before = syncsAtSubmit.remove(0);
        assertThat(j.status().syncs()).as("stage completed before an fsync covered it").isGreaterThan(before);
    }

    @Test
    void aQuietAppendIsDurableWithinTheWindowAndAnFsync() throws Exception {
        MvJournal.Options options = new MvJournal.Options(10_000_000, true).withCommitWindow(5);
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options)) {
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                j.appendAsync(Readings.batch(1, 10)).get(10, TimeUnit.SECONDS);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(millis).as("one poll alone waits at most a window, not for others").isLessThan(2_000);
                assertThat(j.head()).isEqualTo(10L * (i + 1));
            }
        }
    }

    @Test
    void closeCommitsWhatWasHandedOverAndLaterAppendsFail() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        MvJournal.Options options = new MvJournal.Options(10_000_000, true).withCommitWindow(200);
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        MvJournal j = MvJournal.open(file, options);
        for (int i = 0; i < 50; i++) {
            stages.add(j.appendAsync(Readings.batch(1, 10)));
        }
        j.close();
        for (CompletableFuture<Void> s : stages) {
            assertThat(s).isCompleted();
            s.join(); // none refused
        }
        CompletableFuture<Void> late = j.appendAsync(Readings.batch(1, 10));
        assertThatThrownBy(late::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(JournalException.class);
        try (MvJournal again = MvJournal.open(file, options)) {
            assertThat(again.head()).isEqualTo(500);
            assertContiguousBatches(again, 50);
        }
    }

    @Test
    void withoutSyncStagesCompleteAfterTheCommit() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(10_000_000, false))) {
            j.appendAsync(Readings.batch(1, 10)).get(10, TimeUnit.SECONDS);
            assertThat(j.head()).isEqualTo(10);
            assertThat(j.status().syncs()).isZero();
        }
    }

    @Test
    void anAppendThatLosesTheRaceWithCloseIsRefusedAndNotWritten() throws Exception {
        // Writers append while the journal closes: after a reopen the file holds exactly the readings
        // whose stage completed, so a caller told "refused" can retry without making a duplicate.
        Path file = dir.resolve("journal.mv.db");
        for (int round = 0; round < 20; round++) {
            Set<Reading> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicLong numbers = new AtomicLong(round * 1_000_000L);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, true).withCommitWindow(1));
            CountDownLatch running = new CountDownLatch(WORKERS);
            for (int w = 0; w < WORKERS; w++) {
                pool.submit(() -> {
                    running.countDown();
                    for (int p = 0; p < 100_000; p++) {
                        List<Reading> batch = List.of(Readings.numbered(numbers.incrementAndGet()));
                        CompletableFuture<Void> stage = j.appendAsync(batch).whenComplete((ok, refused) -> {
                            if (refused == null) {
                                acknowledged.addAll(batch);
                            }
                        });
                        if (stage.isCompletedExceptionally()) {
                            return null; // closed: later appends would be refused the same way
                        }
                    }
                    return null;
                });
            }
            running.await();
            Thread.sleep(20 + round);
            j.close();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            try (MvJournal again = MvJournal.open(file, new MvJournal.Options(10_000_000, true))) {
                Set<Reading> stored = new HashSet<>();
                for (JournalEntry e : again.readFrom(0, Integer.MAX_VALUE)) {
                    if (e.reading().time().isAfter(Readings.numbered(round * 1_000_000L).time())) {
                        stored.add(e.reading());
                    }
                }
                Set<Reading> unacknowledged = new HashSet<>(stored);
                unacknowledged.removeAll(acknowledged);
                Set<Reading> lost = new HashSet<>(acknowledged);
                lost.removeAll(stored);
                assertThat(lost).as("round %d: acknowledged but not stored", round).isEmpty();
                assertThat(unacknowledged).as("round %d: stored but refused (of %d stored)", round, stored.size()).isEmpty();
            }
        }
    }

    /** Every position once, in order, and each append's ten readings side by side (Readings.batch numbers them 1..10). */
    private static void assertContiguousBatches(MvJournal j, long appends) throws Exception {
        assertThat(j.head()).isEqualTo(appends * 10);
        long expected = 1;
        List<JournalEntry> page;
        while (!(page = j.read("check", 1000)).isEmpty()) {
            for (JournalEntry e : page) {
                assertThat(e.position()).isEqualTo(expected);
                assertThat(e.reading()).isEqualTo(Readings.numbered((expected - 1) % 10 + 1));
                expected++;
            }
            j.commit("check", page.get(page.size() - 1).position());
        }
        assertThat(expected - 1).isEqualTo(appends * 10);
    }
}
