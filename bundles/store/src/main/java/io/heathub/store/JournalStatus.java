package io.heathub.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the hub shows about the journal: size against the retention limits, alarms, and the
 * counters of everything that went wrong. A snapshot; cheap to take.
 *
 * @param head                 newest durable position (0 when empty)
 * @param entries              entries retained
 * @param storedBytes          encoded bytes of the retained entries (what {@code maxBytes} bounds)
 * @param fileBytes            size of the journal file now
 * @param oldestAppended       when the oldest retained entry was appended (minute precision), null when empty
 *                             or appended while the wall clock was not yet set (before 2020)
 * @param backlogs             entries not yet committed, per known cursor
 * @param alarms               active warnings (a cursor at 80 % of a limit, a recent data loss, a failing disk), oldest first
 * @param droppedUnforwarded   entries removed by retention before every cursor had committed them, since the file was created
 * @param undecodableSkipped   entries {@code read} skipped because they could not be decoded, since open
 * @param tornTailBytes        bytes of an incomplete last write ignored at open (0 none, -1 unknown amount)
 * @param writeFailures        appends or commits that failed to reach the disk (e.g. disk full), since open
 * @param syncs                fsyncs done since open (group commit: fewer than appends under concurrency)
 * @param writable             false when the last write failed (e.g. disk full); true again after the next successful one
 * @param deadLetters          dead letters kept now, per uplink that has any
 * @param deadLettered         entries ever set aside as dead letters, since the file was created
 * @param staleCursors         cursors no uplink read or committed for {@code staleCursorAfter}
 */
public record JournalStatus(long head, long entries, long storedBytes, long fileBytes, Instant oldestAppended,
        Map<String, Long> backlogs, List<String> alarms, long droppedUnforwarded, long undecodableSkipped,
        long tornTailBytes, long writeFailures, long syncs, boolean writable, Map<String, Long> deadLetters,
        long deadLettered, Set<String> staleCursors) {
}
