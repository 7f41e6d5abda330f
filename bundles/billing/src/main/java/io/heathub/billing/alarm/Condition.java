package io.heathub.billing.alarm;

import java.util.Objects;

/**
 * Something wrong, observed now: a meter-health finding, a complaint, a failed pump.
 *
 * @param kind     what is wrong, e.g. {@code stuckCounter} or {@code complaint}; decides the fault class
 * @param subject  what it is wrong with, e.g. a meter or household id
 * @param evidence one line with the numbers, shown to operators
 */
public record Condition(String kind, String subject, String evidence) {
    public Condition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(evidence, "evidence");
        if (kind.isBlank() || subject.isBlank()) {
            throw new IllegalArgumentException("a condition needs a kind and a subject");
        }
    }

    /** The stable alarm id: {@code kind:subject}. */
    public String alarmId() {
        return kind + ":" + subject;
    }
}
