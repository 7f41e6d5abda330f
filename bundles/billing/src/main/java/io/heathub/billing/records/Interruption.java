package io.heathub.billing.records;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stop of the heat supply the utility recorded (Zibo 2022 二(四)): planned (计划停热, to be noticed
 * to the households two days ahead when it lasts more than 24 h) or an emergency (突发事故, repaired at
 * once and reported to the authority). Either way the days it leaves without heat are the company's:
 * settlement refunds them in full, the quality obligations note them.
 *
 * @param id          assigned when recorded ({@code i-000003})
 * @param kind        planned or emergency
 * @param from        when the heat stops
 * @param to          when it is back
 * @param buildings   the buildings affected; empty = the whole substation
 * @param reason      why
 * @param noticeAt    when the households were told (planned ones); null when not told
 * @param recordedAt  when the hub recorded it
 * @param recordedBy  who recorded it
 */
public record Interruption(String id, Kind kind, Instant from, Instant to, List<String> buildings, String reason,
                           Instant noticeAt, Instant recordedAt, String recordedBy) {
    static final Set<String> FIELDS = Set.of("id", "kind", "from", "to", "buildings", "reason", "noticeAt", "recordedAt",
            "recordedBy");

    /** Planned (计划) or emergency (突发). */
    public enum Kind {
        PLANNED, EMERGENCY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String text) {
            for (Kind k : values()) {
                if (k.key().equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind: expected planned or emergency, got \"" + text + "\""
                    + io.heathub.config.DidYouMean.hint(text, List.of("planned", "emergency")));
        }
    }

    public Interruption {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        buildings = List.copyOf(buildings);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(recordedBy, "recordedBy");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: the heat must come back after it stops (" + from + "), got " + to);
        }
    }

    /** Whether it affects {@code building} (households without a building: only whole-substation stops). */
    public boolean affects(String building) {
        return buildings.isEmpty() || buildings.contains(building);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /**
     * Zibo's notice rule: a planned stop of more than {@code longerThan} must be told {@code ahead}
     * before it starts. Empty when kept (or not concerned: an emergency, a short stop), else why not.
     */
    public Optional<String> noticeProblem(Duration longerThan, Duration ahead) {
        if (kind != Kind.PLANNED || length().compareTo(longerThan) <= 0) {
            return Optional.empty();
        }
        if (noticeAt == null) {
            return Optional.of("planned stop of " + hours(length()) + " h without notice (required " + hours(ahead)
                    + " h ahead for stops over " + hours(longerThan) + " h)");
        }
        Duration given = Duration.between(noticeAt, from);
        if (given.compareTo(ahead) < 0) {
            return Optional.of("planned stop of " + hours(length()) + " h noticed " + hours(given) + " h ahead (required "
                    + hours(ahead) + " h)");
        }
        return Optional.empty();
    }

    private static String hours(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMinutes()).divide(java.math.BigDecimal.valueOf(60), 1,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * The local days (in {@code zone}) it leaves without heat for at least {@code minimum} each (a
     * whole day when {@code minimum} is a day or more: a 23 h day at a daylight-saving change counts whole).
     */
    public List<LocalDate> daysWithout(ZoneId zone, Duration minimum) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(from, zone); d.atStartOfDay(zone).toInstant().isBefore(to); d = d.plusDays(1)) {
            Instant start = d.atStartOfDay(zone).toInstant();
            Instant end = d.plusDays(1).atStartOfDay(zone).toInstant();
            Duration day = Duration.between(start, end);
            Duration needed = minimum.compareTo(day) > 0 ? day : minimum;
            Instant a = from.isAfter(start) ? from : start;
            Instant b = to.isBefore(end) ? to : end;
            if (b.isAfter(a) && Duration.between(a, b).compareTo(needed) >= 0) {
                out.add(d);
            }
        }
        return out;
    }

    public String toJson() {
        return RecordJson.write(json -> {
            RecordJson.field(json, "id", id);
            RecordJson.field(json, "kind", kind.key());
            RecordJson.field(json, "from", from);
            RecordJson.field(json, "to", to);
            RecordJson.field(json, "buildings", buildings);
            RecordJson.field(json, "reason", reason);
            RecordJson.field(json, "noticeAt", noticeAt);
            RecordJson.field(json, "recordedAt", recordedAt);
            RecordJson.field(json, "recordedBy", recordedBy);
        });
    }

    public static Interruption fromJson(String line) {
        RecordJson r = RecordJson.parse(line, FIELDS);
        return new Interruption(r.name("id"), Kind.of(r.name("kind")), Complaint.required(r, "from"),
                Complaint.required(r, "to"), r.names("buildings", 1000), r.text("reason", RecordJson.MAX_TEXT).orElse(""),
                r.instant("noticeAt").orElse(null), Complaint.required(r, "recordedAt"), r.name("recordedBy"));
    }

    public static String idOf(String line) {
        return fromJson(line).id();
    }
}
