package io.heathub.store;

import io.heathub.api.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures append throughput in batches of 100 (a figure for the README, not a test): no sync,
 * then {@code syncMode} each against group, each with 1, 4 and 16 writer threads. Run after
 * {@code mvn install}: see the module README. Arguments: seconds per case (default 5); a second
 * argument (readings/s) runs the paced file-size measurement instead.
 */
public final class AppendThroughputMain {
    private static final int BATCH = 100;

    private AppendThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("journal-bench");
        if (args.length > 1) {
            paced(dir, seconds, Integer.parseInt(args[1]));
            return;
        }
        // no sync (page cache only), then fsync per append (each) against shared fsyncs (group)
        List<MvJournal.Options> cases = List.of(
                new MvJournal.Options(10_000_000, false),
                new MvJournal.Options(10_000_000, true).withSyncMode(MvJournal.SyncMode.EACH, 0),
                new MvJournal.Options(10_000_000, true).withSyncMode(MvJournal.SyncMode.GROUP, 0));
        for (MvJournal.Options options : cases) {
            String mode = options.sync() ? options.syncMode().name().toLowerCase(java.util.Locale.ROOT) : "nosync";
            for (int threads : new int[] {1, 4, 16}) {
                Path file = dir.resolve("bench-" + mode + "-" + threads + ".mv.db");
                try (MvJournal journal = MvJournal.open(file, options)) {
                    run(journal, 1, 1); // warm-up
                    long syncsBefore = journal.status().syncs();
                    long start = System.nanoTime();
                    long appended = run(journal, threads, seconds);
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long syncs = journal.status().syncs() - syncsBefore;
                    System.out.printf("%-6s threads=%2d: %,10.0f readings/s, %,8.0f appends/s, %,7.0f fsyncs/s"
                                    + " (%.1f appends per fsync), file %,d bytes for %,d retained readings%n",
                            mode, threads, appended / elapsed, appended / BATCH / elapsed, syncs / elapsed,
                            syncs == 0 ? 0.0 : (double) appended / BATCH / syncs, Files.size(file), journal.size());
                }
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** File size at a steady, hub-like rate (readings/s), sync on, one writer. */
    private static void paced(Path dir, int seconds, int perSecond) throws Exception {
        Path file = dir.resolve("paced.mv.db");
        long intervalNanos = 1_000_000_000L * BATCH / perSecond;
        try (MvJournal journal = MvJournal.open(file, new MvJournal.Options(10_000_000, true))) {
            List<Reading> batch = Readings.batch(1, BATCH);
            long start = System.nanoTime();
            for (long next = start; next < start + seconds * 1_000_000_000L; next += intervalNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing a benchmark, not a test
                }
                journal.append(batch);
            }
            System.out.printf("paced %,d readings/s for %d s, sync: file %,d bytes for %,d readings (%.1f B/reading)%n",
                    perSecond, seconds, Files.size(file), journal.size(), (double) Files.size(file) / journal.size());
        }
        Files.delete(file);
        Files.delete(dir);
    }

    private static long run(MvJournal journal, int threads, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long n = 0;
                List<Reading> batch = Readings.batch(1, BATCH);
                while (System.nanoTime() < end) {
                    journal.append(batch);
                    n += BATCH;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }
}
