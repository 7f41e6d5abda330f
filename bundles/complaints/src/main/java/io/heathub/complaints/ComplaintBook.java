package io.heathub.complaints;

import io.heathub.billing.records.Complaint;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.records.OperationsRecords;
import io.heathub.billing.records.RecordLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's complaints, kept in the operations records' {@code complaints.jsonl} ({@link RecordLog}:
 * fsynced before {@link #record} returns, so a complaint the caller was told about survives a crash).
 * Thread-safe.
 */
public final class ComplaintBook implements Complaints, AutoCloseable {
    /** Most complaints kept (the oldest go beyond): years of a large substation's complaints. */
    public static final int MAX_RECORDS = 100_000;
    static final String ID_PREFIX = "c-";

    private final RecordLog log;

    private ComplaintBook(RecordLog log) {
        this.log = log;
    }

    /** Opens the complaints of {@code recordsFolder} ({@code ${heathub.data}/records}), creating it when missing. */
    public static ComplaintBook open(Path recordsFolder, int maxRecords) throws IOException {
        return new ComplaintBook(RecordLog.open(recordsFolder.resolve(OperationsRecords.COMPLAINTS), maxRecords,
                Complaint::idOf));
    }

    /** Lines of the file left out when it was opened (a crash's cut line, a hand edit), with their line numbers. */
    public List<String> problems() {
        return log.problems();
    }

    /**
     * Records a complaint under the next id, due {@code respondWithin} after it was made.
     *
     * @throws IOException when it could not be stored durably (nothing was recorded)
     */
    public synchronized Complaint record(ComplaintInput input, Duration respondWithin, String by, Instant now)
            throws IOException {
        List<String> ids = all().stream().map(Complaint::id).toList();
        Complaint c = new Complaint(OperationsRecords.nextId(ID_PREFIX, ids), input.household(), input.category(),
                input.text(), input.time(), now, by, input.time().plus(respondWithin), null, null, null);
        log.append(c.toJson());
        return c;
    }

    /** Every complaint kept, by time. */
    public List<Complaint> all() {
        List<Complaint> out = new ArrayList<>();
        for (String line : log.records()) {
            out.add(Complaint.fromJson(line));
        }
        out.sort(Comparator.comparing(Complaint::time).thenComparing(Complaint::id));
        return out;
    }

    @Override
    public List<Complaint> between(Instant from, Instant to, Optional<String> household) {
        Objects.requireNonNull(household, "household");
        return all().stream().filter(c -> !c.time().isBefore(from) && c.time().isBefore(to))
                .filter(c -> household.map(c.household()::equals).orElse(true)).toList();
    }

    @Override
    public List<Complaint> openAt(Instant at) {
        return all().stream().filter(c -> c.openAt(at)).toList();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
