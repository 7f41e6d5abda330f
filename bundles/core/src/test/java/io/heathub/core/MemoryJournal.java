package io.heathub.core;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory journal for core's unit tests (the durable one is tested in the store bundle). */
public final class MemoryJournal implements Journal {
    private final List<Reading> entries = new ArrayList<>();
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private volatile boolean refuse;

    public void refuse(boolean refuse) {
        this.refuse = refuse;
    }

    @Override
    public synchronized void append(List<Reading> readings) throws JournalException {
        if (refuse) {
            throw new JournalException("disk full (test)");
        }
        entries.addAll(readings);
    }

    @Override
    public synchronized List<JournalEntry> read(String cursor, int max) {
        long from = cursors.getOrDefault(cursor, 0L);
        List<JournalEntry> out = new ArrayList<>();
        for (long p = from + 1; p <= entries.size() && out.size() < max; p++) {
            out.add(new JournalEntry(p, entries.get((int) p - 1)));
        }
        return out;
    }

    @Override
    public void commit(String cursor, long position) {
        cursors.put(cursor, position);
    }

    @Override
    public synchronized long head() {
        return entries.size();
    }

    @Override
    public synchronized long backlog(String cursor) {
        return entries.size() - cursors.getOrDefault(cursor, 0L);
    }

    public synchronized List<Reading> all() {
        return List.copyOf(entries);
    }
}
