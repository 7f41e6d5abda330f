package io.heathub.billing.health;

import io.heathub.billing.alarm.Condition;
import java.time.Instant;
import java.util.Objects;

/**
 * One meter-health finding.
 *
 * @param meter     the meter's device id (for {@link FindingKind#BUILDING_IMBALANCE}: the building meter)
 * @param kind      what was found
 * @param severity  from {@link HealthConfig#severities()}
 * @param evidence  one line for an operator, with the numbers that triggered it
 * @param firstSeen first instant the condition was observed
 * @param lastSeen  last instant the condition was observed
 */
public record MeterFinding(String meter, FindingKind kind, Severity severity, String evidence, Instant firstSeen,
                           Instant lastSeen) {
    public MeterFinding {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("lastSeen before firstSeen");
        }
    }

    /** The alarm condition of this finding: kind = the finding kind's key, subject = the meter. */
    public Condition condition() {
        return new Condition(kind.key(), meter, evidence);
    }
}
