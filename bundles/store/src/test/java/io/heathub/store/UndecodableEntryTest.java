package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries our codec cannot decode are skipped, logged once and counted; they never stop an uplink. */
class UndecodableEntryTest {
    @TempDir
    Path dir;

    @Test
    void readSkipsUndecodableEntriesCountsThemOnceAndNeverStalls() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        try (MVStore s = new MVStore.Builder().fileName(file.toString()).open()) {
            MVMap<Long, byte[]> entries = s.openMap("entries", new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            for (long p = 1; p <= 6; p++) {
                entries.put(p, ReadingCodec.encode(Readings.numbered(p)));
            }
            byte[] truncated = ReadingCodec.encode(Readings.numbered(3));
            entries.put(3L, java.util.Arrays.copyOf(truncated, truncated.length / 2));
            entries.put(4L, new byte[] {77, 1, 2, 3}); // a format we do not know
            s.commit();
        }
        MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.attach(MvJournal.class.getName());
        try (MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, false))) {
            assertThat(positions(j.read("mqtt", 3))).containsExactly(1L, 2L, 5L);
            assertThat(j.status().undecodableSkipped()).isEqualTo(2);
            assertThat(log.messages(Level.SEVERE)).singleElement().asString().contains("[3, 4]").contains("'mqtt'");

            List<JournalEntry> all = j.read("http", 10);
            assertThat(positions(all)).containsExactly(1L, 2L, 5L, 6L);
            assertThat(all).allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
            assertThat(j.status().undecodableSkipped()).as("counted once whoever meets them").isEqualTo(2);
            assertThat(log.messages(Level.SEVERE)).hasSize(1);
            assertThat(j.status().alarms()).anySatisfy(a -> assertThat(a).contains("2 undecodable"));

            // a page made only of bad entries does not stall the cursor behind it
            j.commit("kafka", 2);
            assertThat(positions(j.read("kafka", 2))).containsExactly(5L, 6L);
            j.commit("kafka", 6);
            assertThat(j.backlog("kafka")).isZero();
            assertThat(j.read("kafka", 2)).isEmpty();
        } finally {
            log.detach();
        }
    }

    private static List<Long> positions(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::position).toList();
    }
}
