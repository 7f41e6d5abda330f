package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import io.heathub.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History read back by position and found by append time, without touching any uplink's cursor. */
class ReadBackTest {
    @TempDir
    Path dir;

    @Test
    void readsFromAPositionWithoutACursorAndFindsWhereAnHourBegan() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(1000, false), clock)) {
            assertThat(j.readFrom(1, 10)).isEmpty();
            j.append(Readings.batch(1, 10));             // 00:00
            clock.advance(Duration.ofHours(1));
            j.append(Readings.batch(11, 10));            // 01:00
            clock.advance(Duration.ofHours(1));
            j.append(Readings.batch(21, 10));            // 02:00

            assertThat(j.readFrom(15, 3)).extracting(JournalEntry::position).containsExactly(15L, 16L, 17L);
            assertThat(j.readFrom(15, 3).get(0).reading()).isEqualTo(Readings.numbered(15));
            assertThat(j.readFrom(0, 2)).extracting(JournalEntry::position).containsExactly(1L, 2L);
            assertThat(j.readFrom(29, 100)).extracting(JournalEntry::position).containsExactly(29L, 30L);
            assertThat(j.readFrom(31, 100)).isEmpty();
            assertThat(j.readFrom(1, 0)).isEmpty();
            // no cursor was registered: a new uplink still starts at the oldest entry, nothing counts as its backlog
            assertThat(j.cursors()).isEmpty();

            // a start at or before the first entry appended at that time, never after it
            assertThat(j.positionAppendedAt(Instant.parse("2025-12-31T00:00:00Z"))).isEqualTo(1);
            assertThat(j.positionAppendedAt(Instant.parse("2026-01-01T01:00:00Z"))).isEqualTo(1);
            assertThat(j.positionAppendedAt(Instant.parse("2026-01-01T01:30:00Z"))).isEqualTo(11);
            assertThat(j.positionAppendedAt(Instant.parse("2026-01-01T02:00:00Z"))).isEqualTo(11);
            assertThat(j.positionAppendedAt(Instant.parse("2026-01-01T05:00:00Z"))).isEqualTo(21);
        }
    }
}
