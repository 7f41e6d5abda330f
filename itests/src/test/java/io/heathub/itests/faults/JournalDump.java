package io.heathub.itests.faults;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalEntry;
import io.heathub.store.JournalStatus;
import io.heathub.store.MvJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a hub's journal holds, read offline with the store's own {@link MvJournal} from a
 * copy of {@code journal.mv.db} taken while the hub is not running (stopped or killed): every
 * entry in position order, the committed cursors (the {@code mqtt} uplink's among them) and the
 * store's status. The hub's file itself is never opened or changed.
 */
record JournalDump(List<JournalEntry> entries, Map<String, Long> cursors, long head, JournalStatus status) {
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final String READER = "itest-audit";

    static JournalDump of(Path journalDir, Path scratch) throws Exception {
        Path file = journalDir.resolve("journal.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no journal at " + file);
        }
        Path dir = Files.createDirectories(scratch.resolve("journal-copy-" + COPIES.incrementAndGet()));
        Path copy = dir.resolve("journal.mv.db");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, Long> cursors;
        long head;
        JournalStatus status;
        try (MvJournal journal = MvJournal.open(copy, new MvJournal.Options(MvJournal.Options.DEFAULT_MAX_ENTRIES, false))) {
            if (!Files.exists(copy)) {
                throw new IllegalStateException("the journal copy was unreadable and moved aside: " + listing(dir));
            }
            cursors = new LinkedHashMap<>(journal.cursors());
            head = journal.head();
            while (true) {
                List<JournalEntry> batch = journal.read(READER, 10_000);
                if (batch.isEmpty()) {
                    break;
                }
                entries.addAll(batch);
                journal.commit(READER, batch.get(batch.size() - 1).position());
            }
            status = journal.status();
        }
        return new JournalDump(List.copyOf(entries), Map.copyOf(cursors), head, status);
    }

    /** The uplink's committed position (0 when it never committed). */
    long mqttCursor() {
        return cursors.getOrDefault("mqtt", 0L);
    }

    /** Identity → reading, in position order; fails on an identity journaled twice. */
    Map<String, Reading> byKey() {
        Map<String, Reading> out = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            Reading previous = out.put(e.reading().key(), e.reading());
            if (previous != null) {
                throw new AssertionError("identity " + e.reading().key() + " journaled twice (again at position "
                        + e.position() + ")");
            }
        }
        return out;
    }

    /** Identities of the entries at positions up to {@code position}. */
    List<String> keysUpTo(long position) {
        return entries.stream().filter(e -> e.position() <= position).map(e -> e.reading().key()).toList();
    }

    private static String listing(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return dir.toString();
        }
    }
}
