package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvJournalTest {
    private static final MvJournal.Options DEFAULTS = new MvJournal.Options(10_000_000, false);

    @TempDir
    Path dir;
    private final List<MvJournal> opened = new ArrayList<>();

    private MvJournal open(MvJournal.Options options) throws Exception {
        MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options);
        opened.add(j);
        return j;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(MvJournal::close);
    }

    private static List<Long> positions(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::position).toList();
    }

    @Test
    void emptyJournalHasHeadZeroAndNothingToRead() throws Exception {
        MvJournal j = open(DEFAULTS);
        assertThat(j.head()).isZero();
        assertThat(j.read("mqtt", 10)).isEmpty();
        assertThat(j.backlog("mqtt")).isZero();
        j.append(List.of());
        assertThat(j.head()).isZero();
    }

    @Test
    void appendAssignsPositionsFromOneAndReadReturnsOldestFirst() throws Exception {
        MvJournal j = open(DEFAULTS);
        j.append(Readings.batch(1, 3));
        j.append(Readings.batch(4, 2));
        assertThat(j.head()).isEqualTo(5);
        List<JournalEntry> all = j.read("mqtt", 100);
        assertThat(positions(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all).allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
        assertThat(positions(j.read("mqtt", 2))).containsExactly(1L, 2L);
    }

    @Test
    void cursorsAreIndependentAndMoveOnlyOnCommit() throws Exception {
        MvJournal j = open(DEFAULTS);
        j.append(Readings.batch(1, 10));
        assertThat(j.backlog("mqtt")).isEqualTo(10);
        assertThat(positions(j.read("mqtt", 3))).containsExactly(1L, 2L, 3L);
        assertThat(positions(j.read("mqtt", 3))).as("read does not move the cursor").containsExactly(1L, 2L, 3L);

        j.commit("mqtt", 3);
        assertThat(positions(j.read("mqtt", 3))).containsExactly(4L, 5L, 6L);
        assertThat(j.backlog("mqtt")).isEqualTo(7);
        assertThat(j.backlog("http")).isEqualTo(10);
        assertThat(positions(j.read("http", 2))).containsExactly(1L, 2L);

        j.commit("http", 10);
        assertThat(j.read("http", 5)).isEmpty();
        assertThat(j.backlog("http")).isZero();

        j.commit("mqtt", 2);
        assertThat(j.backlog("mqtt")).as("a commit never moves a cursor backwards").isEqualTo(7);

        j.append(Readings.batch(11, 1));
        assertThat(positions(j.read("http", 5))).containsExactly(11L);
        assertThat(j.backlog("http")).isEqualTo(1);
        assertThat(j.backlog("mqtt")).isEqualTo(8);
    }

    @Test
    void commitBeyondHeadIsRefused() throws Exception {
        MvJournal j = open(DEFAULTS);
        j.append(Readings.batch(1, 2));
        assertThatThrownBy(() -> j.commit("mqtt", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the head 2");
    }

    @Test
    void reopenKeepsEntriesHeadAndCursors() throws Exception {
        MvJournal first = open(new MvJournal.Options(10_000_000, true));
        first.append(Readings.batch(1, 50));
        first.commit("mqtt", 20);
        first.commit("kafka", 45);
        first.close();

        MvJournal again = open(DEFAULTS);
        assertThat(again.head()).isEqualTo(50);
        assertThat(again.cursors()).containsEntry("mqtt", 20L).containsEntry("kafka", 45L);
        assertThat(again.backlog("mqtt")).isEqualTo(30);
        List<JournalEntry> rest = again.read("mqtt", 100);
        assertThat(positions(rest)).first().isEqualTo(21L);
        assertThat(rest).hasSize(30).allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
        again.append(Readings.batch(51, 1));
        assertThat(again.head()).isEqualTo(51);
    }

    @Test
    void concurrentAppendsKeepStrictOrderWithoutGapsAndBatchesContiguous() throws Exception {
        MvJournal j = open(DEFAULTS);
        int threads = 8;
        int batches = 150;
        int batchSize = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    // number = thread * 1e6 + batch * 1000 + index: order checkable per thread
                    j.append(Readings.batch(thread * 1_000_000L + b * 1000L, batchSize));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long total = (long) threads * batches * batchSize;
        assertThat(j.head()).isEqualTo(total);

        List<JournalEntry> all = new ArrayList<>();
        List<JournalEntry> page;
        while (!(page = j.read("check", 1000)).isEmpty()) {
            all.addAll(page);
            j.commit("check", page.get(page.size() - 1).position());
        }
        assertThat(positions(all)).isEqualTo(Stream.iterate(1L, p -> p + 1).limit(total).toList());
        long[] lastPerThread = new long[threads];
        java.util.Arrays.fill(lastPerThread, -1);
        for (int i = 0; i < all.size(); i += batchSize) {
            Reading head = all.get(i).reading();
            long number = numberOf(all.get(i));
            for (int k = 0; k < batchSize; k++) {
                assertThat(all.get(i + k).reading()).as("batch stays contiguous").isEqualTo(Readings.numbered(number + k));
            }
            int thread = (int) (number / 1_000_000);
            assertThat(number).as("per-thread order").isGreaterThan(lastPerThread[thread]);
            lastPerThread[thread] = number;
            assertThat(head.device()).isNotEmpty();
        }
    }

    @Test
    void aReaderRunningAlongsideWritersSeesEveryEntryOnceInOrder() throws Exception {
        MvJournal j = open(DEFAULTS);
        int writers = 4;
        int batches = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            done.add(pool.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    j.append(Readings.batch(1, 5));
                }
                return null;
            }));
        }
        long total = (long) writers * batches * 5;
        Future<Long> reader = pool.submit(() -> {
            long expected = 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (expected <= total && System.nanoTime() < deadline) {
                List<JournalEntry> page = j.read("uplink", 37);
                for (JournalEntry e : page) {
                    assertThat(e.position()).isEqualTo(expected++);
                    assertThat(e.position()).isLessThanOrEqualTo(j.head());
                }
                if (!page.isEmpty()) {
                    j.commit("uplink", page.get(page.size() - 1).position());
                }
            }
            return expected - 1;
        });
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(total);
        pool.shutdown();
        assertThat(j.backlog("uplink")).isZero();
    }

    /** Recovers the number a test reading was made from (its time is T0 + n * 1001 ms). */
    private static long numberOf(JournalEntry e) {
        long ms = e.reading().time().toEpochMilli() - java.time.Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        return ms / 1001;
    }

    @Test
    void retentionRemovesCommittedFirstWarnsAt80PercentThenDropsOldestUncommitted() throws Exception {
        CapturedLog log = CapturedLog.attach(MvJournal.class.getName());
        try {
            MvJournal j = open(new MvJournal.Options(100, false));
            j.read("fast", 1);
            j.read("slow", 1);
            j.append(Readings.batch(1, 70));
            assertThat(log.messages(java.util.logging.Level.WARNING)).isEmpty();
            j.append(Readings.batch(71, 10)); // backlog 80 of 100
            assertThat(log.messages(java.util.logging.Level.WARNING))
                    .anySatisfy(m -> assertThat(m).contains("'slow'").contains("80"))
                    .anySatisfy(m -> assertThat(m).contains("'fast'"));

            j.commit("fast", 80);
            j.commit("slow", 40);
            j.append(Readings.batch(81, 40)); // 120 entries: 20 over, 1..20 committed by both
            assertThat(j.size()).isEqualTo(100);
            assertThat(positions(j.read("slow", 1))).containsExactly(41L);
            assertThat(positions(j.read("newcomer", 1))).as("new cursor starts at oldest retained").containsExactly(21L);
            assertThat(log.messages(java.util.logging.Level.SEVERE)).isEmpty();

            j.commit("newcomer", 120);
            j.append(Readings.batch(121, 30)); // 30 over: 21..40 committed by all, then 41..50 dropped
            assertThat(j.size()).isEqualTo(100);
            assertThat(j.head()).isEqualTo(150);
            assertThat(positions(j.read("slow", 1))).containsExactly(51L);
            assertThat(j.backlog("slow")).isEqualTo(100);
            assertThat(j.backlog("fast")).isEqualTo(70);
            assertThat(log.messages(java.util.logging.Level.SEVERE)).singleElement().asString()
                    .contains("dropped 10").contains("[slow]").contains("up to position 50");
        } finally {
            log.detach();
        }
    }

    @Test
    void withoutCursorsRetentionKeepsTheNewestAndPositionsKeepGrowing() throws Exception {
        MvJournal j = open(new MvJournal.Options(10, false));
        j.append(Readings.batch(1, 25));
        assertThat(j.size()).isEqualTo(10);
        assertThat(positions(j.read("late", 100))).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
        j.close();
        MvJournal again = open(new MvJournal.Options(10, false));
        again.append(Readings.batch(26, 1));
        assertThat(again.head()).isEqualTo(26);
    }

    @Test
    void corruptFileIsMovedAsideAndAFreshJournalStarts() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(file, garbage);
        CapturedLog log = CapturedLog.attach(MvJournal.class.getName());
        try {
            MvJournal j = open(DEFAULTS);
            assertThat(j.head()).isZero();
            j.append(Readings.batch(1, 1));
            assertThat(j.head()).isEqualTo(1);
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("journal.mv.db.corrupt-")).toList();
                assertThat(aside).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(garbage));
                assertThat(log.messages(java.util.logging.Level.SEVERE)).singleElement().asString()
                        .contains(file.toString()).contains(aside.get(0).toString());
            }
        } finally {
            log.detach();
        }
    }

    @Test
    void fileWithAnUnknownRecordFormatIsMovedAside() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        try (org.h2.mvstore.MVStore s = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).open()) {
            s.openMap("entries", new org.h2.mvstore.MVMap.Builder<Long, byte[]>()
                    .keyType(org.h2.mvstore.type.LongDataType.INSTANCE)
                    .valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE)).put(1L, new byte[] {99, 1, 2});
            s.commit();
        }
        MvJournal j = open(DEFAULTS);
        assertThat(j.head()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("journal.mv.db.corrupt-"));
        }
    }

    @Test
    void secondOpenOfALockedFileIsRefusedNotMovedAside() throws Exception {
        open(DEFAULTS).append(Readings.batch(1, 1));
        assertThatThrownBy(() -> open(DEFAULTS)).isInstanceOf(io.heathub.api.journal.JournalException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("journal.mv.db");
        }
    }

    /** Captures what the JDK logger (System.Logger → java.util.logging) receives. */
    /** The journal's log records; attach by hand, or register as an extension for every test of a class. */
    static final class CapturedLog extends Handler implements org.junit.jupiter.api.extension.BeforeEachCallback,
            org.junit.jupiter.api.extension.AfterEachCallback {
        private final Logger logger;
        private final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();

        private CapturedLog(Logger logger) {
            this.logger = logger;
        }

        /** For {@code @RegisterExtension}: the journal's log, captured during each test. */
        static CapturedLog ofJournal() {
            return new CapturedLog(Logger.getLogger(MvJournal.class.getName()));
        }

        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            records.clear();
            logger.addHandler(this);
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            detach();
        }

        static CapturedLog attach(String name) {
            CapturedLog handler = new CapturedLog(Logger.getLogger(name));
            handler.logger.addHandler(handler);
            return handler;
        }

        void detach() {
            logger.removeHandler(this);
        }

        List<String> messages(java.util.logging.Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
