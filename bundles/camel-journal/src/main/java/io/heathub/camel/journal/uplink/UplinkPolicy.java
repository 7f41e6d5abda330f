package io.heathub.camel.journal.uplink;

import io.heathub.api.journal.JournalEntry;
import io.heathub.wire.ReadingJson;
import java.util.List;

/**
 * What one uplink tells the support: how an entry is written on its wire, what the route's body
 * is, and what a failure means. Called on the uplink's single consumer thread.
 */
public interface UplinkPolicy {
    /** Exchange property: the {@code List<Outgoing>} the exchange carries. */
    String BATCH = "HeathubUplinkBatch";
    /**
     * Exchange property a route sets when it failed but knows which entries the backend still
     * confirmed (Kafka: each record's acknowledgement): a {@link java.util.BitSet} of indexes into
     * the batch. The cursor moves past the confirmed prefix; confirmed entries after it are not
     * sent again when the rest is narrowed down to a refused entry.
     */
    String CONFIRMED = "HeathubUplinkConfirmed";

    /**
     * Writes one entry for the wire. An exception means it can never be written this way (a
     * value JSON writers refuse, a time beyond epoch milliseconds, larger than the uplink's
     * message size): the entry is set aside as a dead letter with the exception's message.
     */
    default byte[] encode(JournalEntry entry, String hub) throws Exception {
        return JSON.write(entry.reading(), hub);
    }

    /** The body of the exchange for a batch: by default a JSON array of the encoded readings. */
    default Object body(List<Outgoing> batch) {
        return ReadingJson.joinArray(batch.stream().map(Outgoing::payload).toList());
    }

    /** What {@code failure} (the exchange's exception) means. */
    default Verdict judge(Throwable failure) {
        return Verdicts.of(failure);
    }

    /** After a failed attempt, before the back-off (e.g. drop what a client still holds of the batch). */
    default void failed() {
    }

    /**
     * True when {@link #encode} may run on another thread than the consumer's, one batch ahead
     * (never two calls at once): the support then reads and encodes the next batch while the
     * route sends the current one, which keeps the backend busy at batch boundaries. The cursor
     * still moves only past what the route confirmed, in order. Default false.
     *
     * @since 1.1
     */
    default boolean encodesAhead() {
        return false;
    }

    /**
     * Asked on the consumer's thread while the support backs off: true when a cheap check (e.g. a
     * TCP connect) says a backend that could not be reached answers again, so the next attempt is
     * made now instead of after the rest of the back-off (up to its maximum). Must stay false
     * while the backend answers but fails otherwise (refused credentials), where the back-off
     * is what protects it. Default false.
     *
     * @since 1.1
     */
    default boolean reachableAgain() {
        return false;
    }

    /** After the backend confirmed {@code batch}. */
    default void delivered(List<Outgoing> batch) {
    }

    /** Shared, thread-safe writer. */
    ReadingJson JSON = new ReadingJson();
}
