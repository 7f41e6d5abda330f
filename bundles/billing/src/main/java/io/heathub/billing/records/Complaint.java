package io.heathub.billing.records;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A resident's complaint (投诉) as the utility recorded it: who, what, when, and whether and how it
 * was resolved. Heilongjiang 2023 feeds complaint counts to the supervision platforms; Minle 2025
 * answers residents' requests within 30 minutes.
 *
 * @param id         assigned when recorded ({@code c-000042})
 * @param household  the household id (as in {@code households:})
 * @param category   one of the site's complaint categories ({@code tooCold}, {@code noHeat}, …)
 * @param text       what the resident said
 * @param time       when the resident complained
 * @param recordedAt when the hub recorded it
 * @param recordedBy who recorded it ({@code rest:ops-li}, {@code route:complaints-mqtt})
 * @param dueBy      by when it must be resolved (time + the site's response time)
 * @param resolvedAt when it was resolved; null while open
 * @param resolvedBy who resolved it; null while open
 * @param resolution what was done; null while open
 */
public record Complaint(String id, String household, String category, String text, Instant time, Instant recordedAt,
                        String recordedBy, Instant dueBy, Instant resolvedAt, String resolvedBy, String resolution) {
    static final Set<String> FIELDS = Set.of("id", "household", "category", "text", "time", "recordedAt", "recordedBy",
            "dueBy", "resolvedAt", "resolvedBy", "resolution");

    public Complaint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(dueBy, "dueBy");
    }

    /** Not resolved yet. */
    public boolean open() {
        return resolvedAt == null;
    }

    /** Open at {@code now} past its deadline, or resolved after it. */
    public boolean overdue(Instant now) {
        return resolvedAt == null ? now.isAfter(dueBy) : resolvedAt.isAfter(dueBy);
    }

    /** Open at {@code at}: complained before it and not resolved by then. */
    public boolean openAt(Instant at) {
        return !time.isAfter(at) && (resolvedAt == null || resolvedAt.isAfter(at));
    }

    /** The same complaint resolved. */
    public Complaint resolved(Instant at, String by, String what) {
        return new Complaint(id, household, category, text, time, recordedAt, recordedBy, dueBy, at, by, what);
    }

    /** One log line. */
    public String toJson() {
        return RecordJson.write(json -> {
            RecordJson.field(json, "id", id);
            RecordJson.field(json, "household", household);
            RecordJson.field(json, "category", category);
            RecordJson.field(json, "text", text);
            RecordJson.field(json, "time", time);
            RecordJson.field(json, "recordedAt", recordedAt);
            RecordJson.field(json, "recordedBy", recordedBy);
            RecordJson.field(json, "dueBy", dueBy);
            RecordJson.field(json, "resolvedAt", resolvedAt);
            RecordJson.field(json, "resolvedBy", resolvedBy);
            RecordJson.field(json, "resolution", resolution);
        });
    }

    /** A log line back; {@link IllegalArgumentException} naming the field that is wrong. */
    public static Complaint fromJson(String line) {
        RecordJson r = RecordJson.parse(line, FIELDS);
        return new Complaint(r.name("id"), r.name("household"), r.name("category"),
                r.text("text", RecordJson.MAX_TEXT).orElse(""), required(r, "time"), required(r, "recordedAt"),
                r.name("recordedBy"), required(r, "dueBy"), r.instant("resolvedAt").orElse(null),
                r.text("resolvedBy", RecordJson.MAX_NAME).orElse(null), r.text("resolution", RecordJson.MAX_TEXT).orElse(null));
    }

    /** The id of a log line. */
    public static String idOf(String line) {
        return fromJson(line).id();
    }

    static Instant required(RecordJson r, String field) {
        return r.instant(field).orElseThrow(() -> new IllegalArgumentException(field + ": required"));
    }
}
