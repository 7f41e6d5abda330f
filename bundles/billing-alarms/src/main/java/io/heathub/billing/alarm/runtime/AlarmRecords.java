package io.heathub.billing.alarm.runtime;

import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmEvent;
import io.heathub.billing.alarm.AlarmEventType;
import io.heathub.billing.records.RecordJson;
import io.heathub.billing.records.RecordLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The alarm book kept across restarts: each alarm's state after every transition an operator or a
 * deadline cares about (raised, overdue, acknowledged, cleared) is a line of a {@link RecordLog},
 * fsynced before the transition is forwarded, the last line of an id winning. Updates (one more
 * observation) are not written: a restored alarm counts as seen at the restart. A line that cannot be
 * read is left out with its line number; it never stops the alarms.
 */
final class AlarmRecords implements AutoCloseable {
    /** Distinct alarm ids kept in the file (the oldest go at compaction): far above any plant's open alarms. */
    static final int MAX_RECORDS = 10_000;
    private static final int MAX_ID = 512;
    private static final Set<String> FIELDS = Set.of("id", "kind", "subject", "class", "evidence", "count", "raisedAt",
            "lastSeen", "dueBy", "overdue", "acknowledgedAt", "acknowledgedBy", "clearedAt");

    private final RecordLog log;

    private AlarmRecords(RecordLog log) {
        this.log = log;
    }

    static AlarmRecords open(Path file) throws IOException {
        return new AlarmRecords(RecordLog.open(file, MAX_RECORDS, line -> parse(line).id()));
    }

    Path file() {
        return log.file();
    }

    /** Lines of the file that could not be read, with their line numbers. */
    List<String> problems() {
        return log.problems();
    }

    /** The alarms open when the file was last written. */
    List<Alarm> openAlarms() {
        List<Alarm> open = new ArrayList<>();
        for (String line : log.records()) {
            Alarm a = parse(line);
            if (a.open()) {
                open.add(a);
            }
        }
        return open;
    }

    /** Writes the state after every transition but updates; returns once it is on the disk. */
    void write(List<AlarmEvent> events) throws IOException {
        for (AlarmEvent e : events) {
            if (e.type() != AlarmEventType.UPDATED) {
                log.append(format(e.alarm()));
            }
        }
    }

    static String format(Alarm a) {
        String evidence = a.evidence().length() > RecordJson.MAX_TEXT ? a.evidence().substring(0, RecordJson.MAX_TEXT)
                : a.evidence();
        return RecordJson.write(json -> {
            RecordJson.field(json, "id", a.id());
            RecordJson.field(json, "kind", a.kind());
            RecordJson.field(json, "subject", a.subject());
            RecordJson.field(json, "class", a.faultClass());
            RecordJson.field(json, "evidence", evidence.isEmpty() ? null : evidence);
            RecordJson.field(json, "count", a.count());
            RecordJson.field(json, "raisedAt", a.raisedAt());
            RecordJson.field(json, "lastSeen", a.lastSeen());
            RecordJson.field(json, "dueBy", a.dueBy());
            RecordJson.field(json, "overdue", a.overdue());
            RecordJson.field(json, "acknowledgedAt", a.acknowledgedAt());
            RecordJson.field(json, "acknowledgedBy", a.acknowledgedBy());
            RecordJson.field(json, "clearedAt", a.clearedAt());
        });
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    static Alarm parse(String line) {
        RecordJson r = RecordJson.parse(line, FIELDS);
        return new Alarm(required(r, "id"), required(r, "kind"), required(r, "subject"), number(r, "class"),
                r.text("evidence", RecordJson.MAX_TEXT).orElse(""), number(r, "count"), time(r, "raisedAt"),
                time(r, "lastSeen"), time(r, "dueBy"), Boolean.parseBoolean(required(r, "overdue")),
                r.instant("acknowledgedAt").orElse(null), r.text("acknowledgedBy", RecordJson.MAX_NAME).orElse(null),
                r.instant("clearedAt").orElse(null));
    }

    private static String required(RecordJson r, String field) {
        return r.text(field, MAX_ID).orElseThrow(() -> new IllegalArgumentException(field + ": required"));
    }

    private static int number(RecordJson r, String field) {
        String text = required(r, field);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": expected a whole number, got \"" + text + "\"");
        }
    }

    private static Instant time(RecordJson r, String field) {
        return r.instant(field).orElseThrow(() -> new IllegalArgumentException(field + ": required"));
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
