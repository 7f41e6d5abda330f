package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention by age measures elapsed time, not the wall clock's opinion of it: a gateway that booted
 * in 1970 and synced NTP later, or a clock corrected by years, ages out nothing early and nothing late.
 */
class ClockJumpTest {
    private static final Duration MAX_AGE = Duration.ofDays(10);
    // The uplink idles for days in these tests: it must not count as retired (stale).
    private static final MvJournal.Options OPTIONS = new MvJournal.Options(10_000_000, false).withMaxAge(MAX_AGE)
            .withDeadLetters(MvJournal.Options.DEFAULT_MAX_DEAD_LETTERS, Duration.ofDays(365));

    @TempDir
    Path dir;
    @RegisterExtension
    final MvJournalTest.CapturedLog log = MvJournalTest.CapturedLog.ofJournal();
    private final AtomicLong monotonicNanos = new AtomicLong(42);


    /** Time that really passes: both clocks move. */
    private void elapse(SettableClock wall, Duration duration) {
        wall.advance(duration);
        monotonicNanos.addAndGet(duration.toNanos());
    }

    private MvJournal open(SettableClock wall) throws Exception {
        return MvJournal.open(dir.resolve("journal.mv.db"), OPTIONS, wall, monotonicNanos::get);
    }

    @Test
    void aForwardJumpOfYearsAgesNothingOutButElapsedTimeStillDoes() throws Exception {
        SettableClock wall = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (MvJournal j = open(wall)) {
            j.read("up", 1);
            j.append(Readings.batch(1, 10));
            elapse(wall, Duration.ofHours(1));
            j.append(Readings.batch(11, 10));

            elapse(wall, Duration.ofMinutes(1));
            wall.advance(Duration.ofDays(3 * 365));            // NTP or an operator moves the date
            j.append(Readings.batch(21, 10));

            assertThat(j.status().droppedUnforwarded()).isZero();
            assertThat(j.size()).isEqualTo(30);
            assertThat(j.status().staleCursors()).as("the uplink did not idle for years").isEmpty();
            assertThat(log.messages(Level.SEVERE)).isEmpty();
            assertThat(log.messages(Level.WARNING)).anySatisfy(m -> assertThat(m).contains("wall clock jumped by"));
            // The oldest entry is dated on the new timeline: 1 h 1 min before now.
            assertThat(j.status().oldestAppended()).isEqualTo(wall.instant().minus(Duration.ofMinutes(61)));

            elapse(wall, MAX_AGE.minusMinutes(30));            // real time passes: only 1..10 are older than maxAge
            j.append(Readings.batch(31, 10));
            assertThat(j.status().droppedUnforwarded()).isEqualTo(10);
            assertThat(j.read("up", 1).get(0).position()).isEqualTo(11);
        }
    }

    @Test
    void aBackwardJumpDoesNotKeepEntriesForeverNorAgeThemEarly() throws Exception {
        SettableClock wall = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
        try (MvJournal j = open(wall)) {
            j.read("up", 1);
            j.append(Readings.batch(1, 10));
            j.commit("up", 10);
            elapse(wall, Duration.ofMinutes(5));
            wall.set(Instant.parse("2024-06-01T00:00:00Z"));   // a clock that ran two years ahead is corrected
            j.append(Readings.batch(11, 10));
            j.commit("up", 20);

            elapse(wall, MAX_AGE.minusDays(1));
            j.append(Readings.batch(21, 10));
            assertThat(j.size()).as("nothing is old yet").isEqualTo(30);

            elapse(wall, Duration.ofDays(2));
            j.append(Readings.batch(31, 10));
            assertThat(j.size()).as("1..20, forwarded, aged out on time").isEqualTo(20);
            assertThat(j.status().droppedUnforwarded()).isZero();
        }
    }

    @Test
    void readingsJournaledBeforeTheClockWasSetAreDatedWhenItIsEvenAcrossARestart() throws Exception {
        SettableClock wall = new SettableClock(Instant.parse("1970-01-01T00:00:30Z"));  // no RTC, no NTP yet
        try (MvJournal j = open(wall)) {
            j.read("up", 1);
            j.append(Readings.batch(1, 10));
            elapse(wall, Duration.ofMinutes(30));
            j.append(Readings.batch(11, 10));
            assertThat(j.status().oldestAppended()).as("undated").isNull();
        }
        // Power cut before NTP synced; the next boot has the right time at once.
        SettableClock synced = new SettableClock(Instant.parse("2026-12-07T06:00:00Z"));
        try (MvJournal j = open(synced)) {
            j.append(Readings.batch(21, 10));
            assertThat(j.status().droppedUnforwarded()).isZero();
            assertThat(j.size()).isEqualTo(30);
            assertThat(j.status().oldestAppended()).isEqualTo(synced.instant());
            assertThat(log.messages(Level.SEVERE)).isEmpty();

            elapse(synced, MAX_AGE.plusHours(1));
            j.append(Readings.batch(31, 10));
            assertThat(j.status().droppedUnforwarded()).as("dated entries age like any other").isEqualTo(30);
        }
    }
}
