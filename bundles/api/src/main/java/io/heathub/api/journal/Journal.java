package io.heathub.api.journal;

import io.heathub.api.Reading;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
     * Appends readings in order like {@link #append}, without waiting for them to be durable: the
     * stage completes once they are (so many appends can share one write to the device), or
     * exceptionally with a {@link JournalException} when they could not be stored. Nothing may be
     * acknowledged before the stage completed normally. Appends from one thread keep their order.
     * The default appends synchronously.
     *
     * @since 1.5
     */
    default CompletableFuture<Void> appendAsync(List<Reading> readings) {
        try {
            append(readings);
            return CompletableFuture.completedFuture(null);
        } catch (JournalException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

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
    default Optional<JournalHealth> health() {
        return Optional.empty();
    }

    /**
     * Sets an entry aside as a dead letter of one uplink (durably, before the uplink commits past
     * it), with the reason. Setting the same position aside again replaces the earlier record.
     * The uplink's cursor is not moved by this.
     *
     * @throws JournalException when it could not be stored (the uplink must then not move past the entry);
     *                          also by journals that keep no dead letters
     * @since 1.3
     */
    default void setAside(String uplink, JournalEntry entry, String reason) throws JournalException {
        throw new JournalException("this journal keeps no dead letters");
    }

    /**
     * One uplink's dead letters, lowest position first.
     *
     * @param after only positions above this (0 = from the start), for paging
     * @since 1.3
     */
    default List<DeadLetter> deadLetters(String uplink, long after, int max) throws JournalException {
        return List.of();
    }

    /**
     * The uplink's dead letters an operator asked to send again ({@link #requestResend}), lowest
     * position first. The uplink sends them before new entries and removes each one delivered.
     *
     * @since 1.3
     */
    default List<DeadLetter> resendRequested(String uplink, int max) throws JournalException {
        return List.of();
    }

    /**
     * Asks the uplink to send a dead letter again on its next round.
     *
     * @return false when the uplink has no dead letter at that position
     * @since 1.3
     */
    default boolean requestResend(String uplink, long position) throws JournalException {
        return false;
    }

    /**
     * Removes a dead letter (it was dealt with, or delivered on a re-send).
     *
     * @return false when there was none at that position
     * @since 1.3
     */
    default boolean removeDeadLetter(String uplink, long position) throws JournalException {
        return false;
    }

    /**
     * Forgets the cursor of a retired uplink, with its dead letters: retention no longer keeps
     * entries for it and it disappears from the backlogs. An uplink that reads with that name
     * again starts as a new cursor (at the oldest retained entry).
     *
     * @return false when there was no such cursor
     * @since 1.3
     */
    default boolean removeCursor(String cursor) throws JournalException {
        return false;
    }

    /**
     * An uplink says what keeps it from delivering when that needs an operator (the backend
     * refuses its credentials, the URL is wrong): shown in {@link JournalHealth#alarms()} until
     * the uplink reports {@code null} (delivering again) or stops. Not persisted.
     *
     * @since 1.3
     */
    default void reportUplinkProblem(String cursor, String problem) {
    }

    /**
     * Entries from {@code position} on (inclusive), oldest first, at most {@code max}, without
     * touching any cursor: for reading history back (the console's charts). Entries already removed
     * by retention are skipped.
     *
     * @throws JournalException when the journal cannot be read, or keeps nothing to read back
     * @since 1.4
     */
    default List<JournalEntry> readFrom(long position, int max) throws JournalException {
        throw new JournalException("this journal cannot be read back by position");
    }

    /**
     * A position at or before the first entry appended at or after {@code time} (by when it was
     * appended, not the reading's own time), to start {@link #readFrom} there; 1 when the journal
     * does not keep append times (the start of what it retains is then always correct, only slower).
     *
     * @since 1.4
     */
    default long positionAppendedAt(java.time.Instant time) {
        return 1;
    }
}
