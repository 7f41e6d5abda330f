package io.heathub.api.journal;

import java.util.List;
import java.util.Map;

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
 */
public record JournalHealth(long head, long entries, long fileBytes, Map<String, Long> backlogs, List<String> alarms,
                            long droppedUnforwarded, long undecodableSkipped, long writeFailures, boolean writable) {
    public JournalHealth {
        backlogs = Map.copyOf(backlogs);
        alarms = List.copyOf(alarms);
    }
}
