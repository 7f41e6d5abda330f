package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import io.heathub.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retention by stored bytes and by age: forwarded entries go silently, others loudly, with an alarm at 80 % first. */
class RetentionTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.ofJournal();


    private static long storedBytesOf(long from, long to) {
        long total = 0;
        for (long p = from; p <= to; p++) {
            total += ReadingCodec.encode(Readings.numbered(p)).length + MvJournal.ENTRY_OVERHEAD_BYTES;
        }
        return total;
    }

    @Test
    void byteLimitRemovesForwardedEntriesSilentlyWarnsAt80PercentThenDropsLoudly() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        MvJournal.Options options = new MvJournal.Options(10_000_000, false).withMaxBytes(4096);
        long head = 0;
        try (MvJournal j = MvJournal.open(file, options)) {
            j.read("up", 1);
            // Phase 1: the uplink keeps up; far more than 4 KiB go through without any loss.
            for (int i = 0; i < 40; i++) {
                j.append(Readings.batch(head + 1, 10));
                head += 10;
                j.commit("up", head);
                JournalStatus status = j.status();
                assertThat(status.storedBytes()).isLessThanOrEqualTo(4096)
                        .isEqualTo(storedBytesOf(head - status.entries() + 1, head));
            }
            assertThat(j.size()).isLessThan(head);
            assertThat(j.status().droppedUnforwarded()).isZero();
            assertThat(log.messages(Level.WARNING)).isEmpty();
            assertThat(log.messages(Level.SEVERE)).isEmpty();

            // Phase 2: the uplink stops; the alarm comes before anything unforwarded is dropped.
            long stalledAt = head;
            while (log.messages(Level.WARNING).isEmpty()) {
                j.append(Readings.batch(head + 1, 10));
                head += 10;
                assertThat(j.status().droppedUnforwarded()).as("dropped before the alarm").isZero();
            }
            assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("'up'").contains("maxBytes 4096");
            assertThat(j.status().alarms()).anySatisfy(a -> assertThat(a).contains("'up'"));

            while (j.status().droppedUnforwarded() == 0) {
                j.append(Readings.batch(head + 1, 10));
                head += 10;
                assertThat(j.status().storedBytes()).isLessThanOrEqualTo(4096);
            }
            JournalStatus status = j.status();
            assertThat(log.messages(Level.SEVERE)).singleElement().asString()
                    .contains("DATA LOSS").contains("maxBytes 4096").contains("[up]");
            assertThat(status.alarms()).anySatisfy(a -> assertThat(a).startsWith("DATA LOSS"));
            long oldest = head - status.entries() + 1;
            assertThat(status.droppedUnforwarded()).isEqualTo(oldest - 1 - stalledAt);
            List<JournalEntry> rest = j.read("up", 10_000);
            assertThat(rest).hasSize((int) status.entries());
            assertThat(rest.get(0).position()).isEqualTo(oldest);
            assertThat(rest).allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
        }
        try (MvJournal again = MvJournal.open(file, options)) {
            JournalStatus status = again.status();
            assertThat(status.storedBytes()).as("byte count persisted").isEqualTo(storedBytesOf(head - status.entries() + 1, head));
            assertThat(status.droppedUnforwarded()).as("loss count persisted").isPositive();
        }
    }

    @Test
    void ageLimitRemovesOldEntriesWarnsAt80PercentOfMaxAgeThenDropsUnforwardedLoudly() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        // The uplink 'up' idles for days between its reads here: not stale for this test.
        MvJournal.Options options = new MvJournal.Options(10_000_000, false).withMaxAge(Duration.ofDays(10))
                .withDeadLetters(MvJournal.Options.DEFAULT_MAX_DEAD_LETTERS, Duration.ofDays(365));
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options, clock)) {
            j.read("up", 1);
            j.append(Readings.batch(1, 10));           // day 0:    1..10
            clock.advance(Duration.ofDays(5));
            j.append(Readings.batch(11, 10));          // day 5:   11..20
            j.commit("up", 20);
            clock.advance(Duration.ofHours(132));
            j.append(Readings.batch(21, 10));          // day 10.5: 21..30; 1..10 expired (forwarded)
            assertThat(j.read("late", 100).get(0).position()).isEqualTo(11);
            j.commit("late", 30);
            clock.advance(Duration.ofHours(60));
            j.append(Readings.batch(31, 10));          // day 13
            assertThat(j.size()).isEqualTo(30);
            assertThat(log.messages(Level.WARNING)).isEmpty();

            clock.advance(Duration.ofDays(6));
            j.append(Readings.batch(41, 10));          // day 19: 11..20 expired (forwarded); 21 is 8.5 days old
            assertThat(j.status().oldestAppended()).isEqualTo(Instant.parse("2026-01-11T12:00:00Z"));
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .contains("'up'").contains("maxAge PT240H").contains("85 %");
            assertThat(log.messages(Level.SEVERE)).isEmpty();
            assertThat(j.status().droppedUnforwarded()).isZero();

            clock.advance(Duration.ofDays(2));
            j.append(Readings.batch(51, 10));          // day 21: 21..30 expired, 'up' never forwarded them
            assertThat(log.messages(Level.SEVERE)).singleElement().asString()
                    .contains("DATA LOSS").contains("maxAge").contains("[up]").contains("dropped 10")
                    .contains("up to position 30");
            assertThat(j.status().droppedUnforwarded()).isEqualTo(10);
            assertThat(j.read("up", 1).get(0).position()).isEqualTo(31);
            assertThat(j.backlog("up")).isEqualTo(30);
        }
    }

    @Test
    void alarmClearsWhenTheUplinkCatchesUp() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(100, false))) {
            j.read("up", 1);
            j.append(Readings.batch(1, 85));
            assertThat(j.status().alarms()).singleElement().asString().contains("'up'").contains("85 %");
            j.commit("up", 85);
            j.append(Readings.batch(86, 1));
            assertThat(j.status().alarms()).isEmpty();
        }
    }
}
