package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk: the journal lives on a 1 MiB tmpfs. Needs root (mount); skipped otherwise.
 * Appends fail with JournalException once it is full, nothing acknowledged is lost, and the same
 * journal instance accepts appends again once the file system has room.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        mountPoint = Files.createDirectories(dir.resolve("tiny"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString()) == 0;
        assumeTrue(mounted, "mount -t tmpfs is not permitted here (needs root)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && run("umount", mountPoint.toString()) != 0) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    @Test
    void appendFailsLoudlyWhenTheDiskIsFullAndWorksAgainOnceThereIsSpace() throws Exception {
        Path file = mountPoint.resolve("journal.mv.db");
        MvJournal.Options options = new MvJournal.Options(10_000_000, true);
        long acknowledged = 0;
        try (MvJournal j = MvJournal.open(file, options)) {
            JournalException failure = null;
            for (int i = 0; i < 100_000 && failure == null; i++) {
                try {
                    j.append(Readings.batch(acknowledged + 1, 50));
                    acknowledged = j.head();
                } catch (JournalException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("append on a full disk").isNotNull();
            assertThat(rootCause(failure).getMessage()).contains("No space left");
            assertThat(acknowledged).isPositive();
            assertThat(j.status().writable()).isFalse();
            assertThat(j.status().writeFailures()).isEqualTo(1);
            assertThat(j.status().alarms()).anySatisfy(a -> assertThat(a).contains("cannot write"));

            // Still full: reading works (the store reopens at its last good commit), nothing acknowledged is missing.
            long head = j.head();
            assertThat(head).isGreaterThanOrEqualTo(acknowledged);
            assertIntact(j, "during", head);
            // appends keep failing loudly or succeed for real, never silently
            long before = j.head();
            long lastTried = -1;
            for (int i = 0; i < 50; i++) {
                try {
                    j.append(Readings.batch(j.head() + 1, 50));
                    lastTried = j.head();
                } catch (JournalException e) {
                    assertThat(j.status().writable()).isFalse();
                }
            }
            assertThat(j.status().writeFailures()).as("a full disk keeps failing").isGreaterThan(1);
            assertThat(lastTried == -1 || lastTried > before).isTrue();

            // Space comes back: the same instance works again, with no gap in positions.
            assertThat(run("mount", "-o", "remount,size=16m", mountPoint.toString())).isZero();
            long headBeforeRecovery = j.head();
            j.append(Readings.batch(5_000_000, 20));
            assertThat(j.head()).isEqualTo(headBeforeRecovery + 20);
            assertThat(j.status().writable()).isTrue();
            acknowledged = j.head();
        }
        try (MvJournal again = MvJournal.open(file, options)) {
            assertThat(again.head()).isEqualTo(acknowledged);
            List<JournalEntry> all = readAll(again, "after");
            assertThat(all).hasSize((int) acknowledged);
            for (int i = 0; i < 20; i++) {
                JournalEntry e = all.get((int) acknowledged - 20 + i);
                assertThat(e.reading()).isEqualTo(Readings.numbered(5_000_000 + i));
            }
            assertThat(all.subList(0, (int) acknowledged - 20))
                    .allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
        }
    }

    private static void assertIntact(MvJournal j, String cursor, long head) throws Exception {
        List<JournalEntry> all = readAll(j, cursor);
        assertThat(all).hasSize((int) head);
        assertThat(all).allSatisfy(e -> assertThat(e.reading()).isEqualTo(Readings.numbered(e.position())));
    }

    /** All entries in one read: a cursor commit would be a write, and this disk may be full. */
    private static List<JournalEntry> readAll(MvJournal j, String cursor) throws Exception {
        List<JournalEntry> all = j.read(cursor, 10_000_000);
        long next = 1;
        for (JournalEntry e : all) {
            assertThat(e.position()).isEqualTo(next++);
        }
        return all;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1; // no mount command
        }
    }
}
