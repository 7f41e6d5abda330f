package io.heathub.api.journal;

import io.heathub.api.Reading;
import java.util.List;

/**
 * Durable, ordered log of accepted readings with one cursor per uplink. Registered as a service
 * by the store bundle.
 */
public interface Journal {

    /**
     * Appends readings in order. When this returns they are on disk (within the store's stated
     * durability window) and will be delivered to every cursor.
     *
     * @throws JournalException when they could not be stored (disk full); nothing is then acknowledged
     */
    void append(List<Reading> readings) throws JournalException;

    /**
     * The next entries after the cursor's committed position, oldest first. Does not move the
     * cursor: call {@link #commit} once the backend acknowledged them. A new cursor starts at
     * the oldest retained entry.
     */
    List<JournalEntry> read(String cursor, int max) throws JournalException;

    /** Moves the cursor past {@code position} (an entry's position, inclusive). */
    void commit(String cursor, long position) throws JournalException;

    /** Position of the newest entry, 0 when empty. */
    long head();

    /** How many entries the cursor has not yet committed. */
    long backlog(String cursor);

    /** Size, backlogs and alarms, when the implementation keeps them. */
    default java.util.Optional<JournalHealth> health() {
        return java.util.Optional.empty();
    }
}
