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

    /** After the backend confirmed {@code batch}. */
    default void delivered(List<Outgoing> batch) {
    }

    /** Shared, thread-safe writer. */
    ReadingJson JSON = new ReadingJson();
}
