package io.heathub.api.journal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What operators need to see about the journal: size, backlogs, alarms raised well before
 * anything would be dropped, and the counters of everything that went wrong.
 *
 * @param head               newest durable position (0 when empty)
 * @param entries            entries retained
 * @param fileBytes          size of the journal file
 * @param backlogs           entries not yet committed, per uplink cursor
 * @param alarms             active warnings (a cursor near a retention limit, data lost, a failing disk)
 * @param droppedUnforwarded entries retention removed before every uplink had them
 * @param undecodableSkipped entries skipped because they could not be decoded
 * @param writeFailures      appends or commits that failed to reach the disk (e.g. disk full)
 * @param writable           false while writes fail (readings are then not accepted)
 * @param deadLetters        dead letters kept now, per uplink (only uplinks that have some)
 * @param deadLettered       entries ever set aside as dead letters, over all uplinks (a counter that only grows)
 * @param staleCursors       cursors no uplink has used for the store's configured time: kept, but ignored
 *                           for retention alarms and data-loss accounting (remove them with
 *                           {@link Journal#removeCursor} once their uplink is retired)
 */
public record JournalHealth(long head, long entries, long fileBytes, Map<String, Long> backlogs, List<String> alarms,
                            long droppedUnforwarded, long undecodableSkipped, long writeFailures, boolean writable,
                            Map<String, Long> deadLetters, long deadLettered, Set<String> staleCursors) {
    public JournalHealth {
        backlogs = Map.copyOf(backlogs);
        alarms = List.copyOf(alarms);
        deadLetters = Map.copyOf(deadLetters);
        staleCursors = Set.copyOf(staleCursors);
    }

    /** Without dead letters and stale cursors (API 1.2). */
    public JournalHealth(long head, long entries, long fileBytes, Map<String, Long> backlogs, List<String> alarms,
                         long droppedUnforwarded, long undecodableSkipped, long writeFailures, boolean writable) {
        this(head, entries, fileBytes, backlogs, alarms, droppedUnforwarded, undecodableSkipped, writeFailures,
                writable, Map.of(), 0, Set.of());
    }
}
