package io.heathub.forward.mqtt;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A journal in memory with the real one's cursor semantics (the store is built elsewhere). */
final class InMemoryJournal implements Journal {
    private final List<JournalEntry> entries = new ArrayList<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private int commits;

    @Override
    public synchronized void append(List<Reading> readings) {
        for (Reading r : readings) {
            entries.add(new JournalEntry(entries.size() + 1L, r));
        }
    }

    @Override
    public synchronized List<JournalEntry> read(String cursor, int max) {
        int from = (int) committed(cursor);
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + max)));
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

    synchronized long committed(String cursor) {
        return cursors.getOrDefault(cursor, 0L);
    }

    synchronized int commits() {
        return commits;
    }

    synchronized List<Reading> readingsUpTo(long position) {
        return entries.subList(0, (int) position).stream().map(JournalEntry::reading).toList();
    }
}
