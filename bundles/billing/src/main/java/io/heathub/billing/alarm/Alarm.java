package io.heathub.billing.alarm;

import java.time.Instant;
import java.util.Objects;

/**
 * One alarm as it stands (an immutable snapshot).
 *
 * @param id             stable: {@code kind:subject}; the same id comes back when the condition returns after a clear
 * @param kind           the condition kind
 * @param subject        what the alarm is about
 * @param faultClass     from {@link AlarmConfig#classOf(String)}
 * @param evidence       the latest evidence
 * @param count          how many observations since it was raised
 * @param raisedAt       first observation of this occurrence
 * @param lastSeen       latest observation
 * @param dueBy          raisedAt + the class's response time
 * @param overdue        true once due passed before it was cleared or acknowledged
 * @param acknowledgedAt when an operator acknowledged it; null when not
 * @param acknowledgedBy who; null when not acknowledged
 * @param clearedAt      when the book cleared it; null while open
 */
public record Alarm(String id, String kind, String subject, int faultClass, String evidence, int count,
                    Instant raisedAt, Instant lastSeen, Instant dueBy, boolean overdue, Instant acknowledgedAt,
                    String acknowledgedBy, Instant clearedAt) {
    public Alarm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(dueBy, "dueBy");
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    public boolean open() {
        return clearedAt == null;
    }
}
