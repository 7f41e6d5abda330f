package io.heathub.web;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import java.util.List;

/** A journal that only knows its head and, optionally, its health (the web API reads nothing else). */
record FixedJournal(long head, java.util.Optional<io.heathub.api.journal.JournalHealth> health) implements Journal {
    FixedJournal(long head) {
        this(head, java.util.Optional.empty());
    }

    @Override
    public void append(List<Reading> readings) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<JournalEntry> read(String cursor, int max) {
        return List.of();
    }

    @Override
    public void commit(String cursor, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long backlog(String cursor) {
        return 0;
    }
}
