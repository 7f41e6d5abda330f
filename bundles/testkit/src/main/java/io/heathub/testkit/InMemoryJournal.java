package io.heathub.testkit;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Journal} in memory with the durable one's cursor semantics: positions from 1, a new
 * cursor starts at the oldest entry, {@code read} does not move a cursor, a commit backwards or
 * past the head is refused. {@link #refuse} makes appends fail as a full disk does. The durable
 * journal itself is tested in the store module.
 */
public final class InMemoryJournal implements Journal {
    private final List<Reading> entries = new ArrayList<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private int commits;
    private String refusal;

    @Override
    public synchronized void append(List<Reading> readings) throws JournalException {
        if (refusal != null) {
            throw new JournalException(refusal);
        }
        entries.addAll(readings);
    }

    @Override
    public synchronized List<JournalEntry> read(String cursor, int max) {
        List<JournalEntry> out = new ArrayList<>();
        for (long p = committed(cursor) + 1; p <= entries.size() && out.size() < max; p++) {
            out.add(new JournalEntry(p, entries.get((int) p - 1)));
        }
        return out;
    }

    @Override
    public synchronized List<JournalEntry> readFrom(long position, int max) {
        List<JournalEntry> out = new ArrayList<>();
        for (long p = Math.max(1, position); p <= entries.size() && out.size() < max; p++) {
            out.add(new JournalEntry(p, entries.get((int) p - 1)));
        }
        return out;
    }

    @Override
    public synchronized void commit(String cursor, long position) {
        if (position < committed(cursor) || position > entries.size()) {
            throw new IllegalArgumentException("commit " + cursor + " to " + position + " outside "
                    + committed(cursor) + ".." + entries.size());
        }
        cursors.put(cursor, position);
        commits++;
    }

    @Override
    public synchronized long head() {
        return entries.size();
    }

    @Override
    public synchronized long backlog(String cursor) {
        return entries.size() - committed(cursor);
    }

    /** From now on appends fail with a {@link JournalException} "disk full (test)"; false lets them in again. */
    public synchronized void refuse(boolean refuse) {
        this.refusal = refuse ? "disk full (test)" : null;
    }

    /** The cursor's committed position, 0 before its first commit. */
    public synchronized long committed(String cursor) {
        return cursors.getOrDefault(cursor, 0L);
    }

    /** How many commits were accepted, over all cursors. */
    public synchronized int commits() {
        return commits;
    }

    /** Every reading appended, oldest first. */
    public synchronized List<Reading> all() {
        return List.copyOf(entries);
    }

    /** The readings at positions 1..{@code position}. */
    public synchronized List<Reading> readingsUpTo(long position) {
        return List.copyOf(entries.subList(0, (int) position));
    }
}
