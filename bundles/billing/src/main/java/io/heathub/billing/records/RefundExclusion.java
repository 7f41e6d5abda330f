package io.heathub.billing.records;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Days a household's cold room is its own doing, so not refunded (Zibo 2022 二(四): 因用户未经供热企业同意，
 * 擅自安装放水阀、排气阀、换热装置，改动供热管道、安装管道泵、增设散热器等…造成温度不达标的，不予退费), as
 * the utility recorded it after an inspection.
 *
 * @param id         assigned when recorded ({@code x-000007})
 * @param household  the household id
 * @param from       first day (site zone), included
 * @param to         last day, included
 * @param reason     the household's own fault, or a tampered installation (valve, pipes, pump, radiators)
 * @param note       what was found
 * @param recordedAt when the hub recorded it
 * @param recordedBy who recorded it
 */
public record RefundExclusion(String id, String household, LocalDate from, LocalDate to, Reason reason, String note,
                              Instant recordedAt, String recordedBy) {
    static final Set<String> FIELDS = Set.of("id", "household", "from", "to", "reason", "note", "recordedAt", "recordedBy");

    /** Why the household, not the company, is at fault. */
    public enum Reason {
        /** The household's own fault (e.g. a valve it closed, windows open, a stopped panel). */
        OWN_FAULT("ownFault"),
        /** An installation altered without the company's consent (drain or vent valves, pumps, radiators, pipes). */
        TAMPERING("tampering");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Reason of(String text) {
            for (Reason r : values()) {
                if (r.key.equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("reason: expected ownFault or tampering, got \"" + text + "\""
                    + io.heathub.config.DidYouMean.hint(text, List.of("ownFault", "tampering")));
        }
    }

    public RefundExclusion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        note = note == null ? "" : note;
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(recordedBy, "recordedBy");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: the last day " + to + " is before the first " + from);
        }
    }

    /** Whether it covers {@code day} of {@code household}. */
    public boolean covers(String household, LocalDate day) {
        return this.household.equals(household) && !day.isBefore(from) && !day.isAfter(to);
    }

    public String toJson() {
        return RecordJson.write(json -> {
            RecordJson.field(json, "id", id);
            RecordJson.field(json, "household", household);
            RecordJson.field(json, "from", from);
            RecordJson.field(json, "to", to);
            RecordJson.field(json, "reason", reason.key());
            RecordJson.field(json, "note", note);
            RecordJson.field(json, "recordedAt", recordedAt);
            RecordJson.field(json, "recordedBy", recordedBy);
        });
    }

    public static RefundExclusion fromJson(String line) {
        RecordJson r = RecordJson.parse(line, FIELDS);
        return new RefundExclusion(r.name("id"), r.name("household"), r.date("from"), r.date("to"),
                Reason.of(r.name("reason")), r.text("note", RecordJson.MAX_TEXT).orElse(""),
                Complaint.required(r, "recordedAt"), r.name("recordedBy"));
    }

    public static String idOf(String line) {
        return fromJson(line).id();
    }

    /** {@code ownFault}, {@code tampering}. */
    @Override
    public String toString() {
        return id + " " + household + " " + from + "/" + to + " " + reason.key().toLowerCase(Locale.ROOT);
    }
}
