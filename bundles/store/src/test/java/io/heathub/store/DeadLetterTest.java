package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.JournalEntry;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters per uplink (durable, bounded, listable, re-sendable, removable) and retired cursors. */
class DeadLetterTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.ofJournal();


    /** The reading that stopped every uplink on the demo: a value JSON cannot write plainly. */
    private static Reading unwritable() {
        return Reading.good("heat-101", "heat.energy", new BigDecimal("1e10000"), Unit.KWH,
                Instant.parse("+300000000-01-01T00:00:00Z"));
    }

    @Test
    void deadLettersAreDurablePerUplinkWithPositionReadingAndReason() throws Exception {
        Path file = dir.resolve("journal.mv.db");
        try (MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, true))) {
            j.append(Readings.batch(1, 3));
            j.append(List.of(unwritable()));
            j.append(Readings.batch(5, 3));
            JournalEntry bad = j.read("mqtt", 10).get(3);
            assertThat(bad.position()).isEqualTo(4);
            j.setAside("mqtt", bad, "cannot be written as JSON: illegal scale (-10000)");
            j.commit("mqtt", 7);
            j.setAside("http", bad, "HTTP 422 value out of range");
        }
        try (MvJournal j = MvJournal.open(file, new MvJournal.Options(10_000_000, true))) {
            List<DeadLetter> letters = j.deadLetters("mqtt", 0, 100);
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.uplink()).isEqualTo("mqtt");
                assertThat(d.position()).isEqualTo(4);
                assertThat(d.reading()).isEqualTo(unwritable());
                assertThat(d.reason()).isEqualTo("cannot be written as JSON: illegal scale (-10000)");
                assertThat(d.resendRequested()).isFalse();
            });
            assertThat(j.deadLetters("http", 0, 100)).extracting(DeadLetter::reason)
                    .containsExactly("HTTP 422 value out of range");
            assertThat(j.deadLetters("kafka", 0, 100)).isEmpty();
            JournalStatus status = j.status();
            assertThat(status.deadLetters()).containsEntry("mqtt", 1L).containsEntry("http", 1L).hasSize(2);
            assertThat(status.deadLettered()).isEqualTo(2);
            assertThat(status.alarms()).anySatisfy(a -> assertThat(a).contains("uplink 'mqtt' set aside 1 reading"));
            assertThat(j.backlog("mqtt")).isZero();
        }
    }

    @Test
    void aResendIsRequestedThenTheLetterIsRemoved() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(10_000_000, false))) {
            j.append(Readings.batch(1, 10));
            for (JournalEntry e : j.read("http", 10)) {
                if (e.position() % 3 == 0) {
                    j.setAside("http", e, "HTTP 400 at " + e.position());
                }
            }
            assertThat(j.deadLetters("http", 3, 100)).extracting(DeadLetter::position).containsExactly(6L, 9L);
            assertThat(j.deadLetters("http", 0, 2)).extracting(DeadLetter::position).containsExactly(3L, 6L);
            assertThat(j.resendRequested("http", 10)).isEmpty();
            assertThat(j.requestResend("http", 6)).isTrue();
            assertThat(j.requestResend("http", 7)).as("no letter there").isFalse();
            assertThat(j.resendRequested("http", 10)).singleElement().satisfies(d -> {
                assertThat(d.position()).isEqualTo(6);
                assertThat(d.reading()).isEqualTo(Readings.numbered(6));
                assertThat(d.reason()).isEqualTo("HTTP 400 at 6");
            });
            assertThat(j.removeDeadLetter("http", 6)).isTrue();
            assertThat(j.removeDeadLetter("http", 6)).isFalse();
            assertThat(j.deadLetters("http", 0, 100)).extracting(DeadLetter::position).containsExactly(3L, 9L);
            assertThat(j.status().deadLetters()).containsEntry("http", 2L);
            assertThat(j.status().deadLettered()).as("a counter: removal does not lower it").isEqualTo(3);
        }
    }

    @Test
    void deadLettersAreBoundedPerUplinkLosingTheOldestLoudly() throws Exception {
        MvJournal.Options options = new MvJournal.Options(10_000_000, false)
                .withDeadLetters(5, MvJournal.Options.DEFAULT_STALE_CURSOR_AFTER);
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options)) {
            j.append(Readings.batch(1, 20));
            for (JournalEntry e : j.read("kafka", 20)) {
                j.setAside("kafka", e, "record too large");
            }
            j.setAside("mqtt", j.read("mqtt", 1).get(0), "payload too large");
            assertThat(j.deadLetters("kafka", 0, 100)).extracting(DeadLetter::position)
                    .containsExactly(16L, 17L, 18L, 19L, 20L);
            assertThat(j.deadLetters("mqtt", 0, 100)).hasSize(1);
            assertThat(log.messages(Level.SEVERE)).singleElement().asString()
                    .contains("'kafka'").contains("maxDeadLetters 5").contains("position 1");
            assertThat(j.status().deadLetters()).containsEntry("kafka", 5L);
        }
    }

    @Test
    void aRetiredCursorIsRemovedWithItsDeadLettersAndAStaleOneRaisesNoAlarm() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        MvJournal.Options options = new MvJournal.Options(100, false)
                .withDeadLetters(100, Duration.ofHours(6));
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), options, clock)) {
            j.read("mqtt", 1);
            j.read("retired", 1);
            j.append(Readings.batch(1, 85));
            j.setAside("retired", j.read("retired", 1).get(0), "HTTP 422");
            j.commit("mqtt", 85);
            // 'retired' is 85 % behind maxEntries: an alarm while it is in use
            assertThat(j.status().alarms()).anySatisfy(a -> assertThat(a).contains("'retired'").contains("85 %"));

            clock.advance(Duration.ofHours(7)); // nobody used 'retired' since; 'mqtt' keeps reading
            j.read("mqtt", 10);
            j.append(Readings.batch(86, 10));
            j.commit("mqtt", 95);
            JournalStatus status = j.status();
            assertThat(status.staleCursors()).containsExactly("retired");
            assertThat(status.alarms()).noneSatisfy(a -> assertThat(a).contains("has a backlog"));
            j.append(Readings.batch(96, 20)); // over maxEntries: 'retired' does not hold entries back
            assertThat(j.status().droppedUnforwarded()).as("not a data loss: its uplink is gone").isZero();
            assertThat(log.messages(Level.SEVERE)).isEmpty();

            assertThat(j.removeCursor("retired")).isTrue();
            assertThat(j.removeCursor("retired")).isFalse();
            assertThat(j.cursors()).containsOnlyKeys("mqtt");
            assertThat(j.deadLetters("retired", 0, 10)).isEmpty();
            assertThat(j.status().alarms()).noneSatisfy(a -> assertThat(a).contains("retired"));
            assertThat(j.status().backlogs()).containsOnlyKeys("mqtt");
        }
    }

    @Test
    void anUplinkProblemIsAnAlarmUntilCleared() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(100, false))) {
            j.reportUplinkProblem("http", "backend answers HTTP 401 (credentials?)");
            assertThat(j.status().alarms()).containsExactly("uplink 'http': backend answers HTTP 401 (credentials?)");
            j.reportUplinkProblem("http", null);
            assertThat(j.status().alarms()).isEmpty();
        }
    }

    @Test
    void aCursorNameWithASlashIsRefused() throws Exception {
        try (MvJournal j = MvJournal.open(dir.resolve("journal.mv.db"), new MvJournal.Options(100, false))) {
            j.append(Readings.batch(1, 1));
            JournalEntry e = j.read("a", 1).get(0);
            assertThatThrownBy(() -> j.setAside("a/b", e, "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without '/'");
        }
    }
}
