package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsync counting on a real file: group commit shares fsyncs, each never does, and no append returns before one. */
class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 25;

    @TempDir
    Path dir;

    @Test
    void groupModeSharesOneFsyncAmongConcurrentAppendsAndEachAppendWaitsForAnFsync() throws Exception {
        // a 20 ms window makes the sharing certain even on a busy machine
        MvJournal.Options options = new MvJournal.Options(10_000_000, true).withSyncMode(MvJournal.SyncMode.GROUP, 20);
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options)) {
            runWriters(j);
            long appends = (long) THREADS * APPENDS_PER_THREAD;
            assertThat(j.status().syncs()).as("fsyncs for %d appends", appends).isPositive().isLessThanOrEqualTo(appends / 2);
            assertAllPresentInOrder(j, appends * 10);
        }
    }

    @Test
    void eachModeFsyncsOncePerAppend() throws Exception {
        MvJournal.Options options = new MvJournal.Options(10_000_000, true).withSyncMode(MvJournal.SyncMode.EACH, 0);
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options)) {
            runWriters(j);
            long appends = (long) THREADS * APPENDS_PER_THREAD;
            assertThat(j.status().syncs()).isEqualTo(appends);
            assertAllPresentInOrder(j, appends * 10);
        }
    }

    @Test
    void withoutSyncNothingIsForced() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(10_000_000, false))) {
            j.append(Readings.batch(1, 10));
            j.commit("mqtt", 5);
            assertThat(j.status().syncs()).isZero();
            assertThat(j.head()).isEqualTo(10);
        }
    }

    /** Every append must see an fsync complete after it was called and before it returned. */
    private static void runWriters(MvJournal j) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        // Each round starts all writers together, as bus workers finishing their polls do; without it a
        // loaded machine runs the threads one after another and there is nothing to share.
        java.util.concurrent.CyclicBarrier round = new java.util.concurrent.CyclicBarrier(THREADS);
        for (int t = 0; t < THREADS; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    round.await(30, TimeUnit.SECONDS);
                    long syncsBefore = j.status().syncs();
                    j.append(Readings.batch(1, 10));
                    assertThat(j.status().syncs()).as("append returned before an fsync covered it").isGreaterThan(syncsBefore);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    private static void assertAllPresentInOrder(MvJournal j, long total) throws Exception {
        assertThat(j.head()).isEqualTo(total);
        long expected = 1;
        List<JournalEntry> page;
        while (!(page = j.read("check", 1000)).isEmpty()) {
            for (JournalEntry e : page) {
                assertThat(e.position()).isEqualTo(expected++);
            }
            j.commit("check", page.get(page.size() - 1).position());
        }
        assertThat(expected - 1).isEqualTo(total);
    }
}
