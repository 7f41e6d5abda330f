package io.heathub.billing.alarm;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition, to forward upstream.
 *
 * @param type  what happened
 * @param at    when the book noticed it (the {@code now} of the call)
 * @param alarm the alarm right after the transition
 */
public record AlarmEvent(AlarmEventType type, Instant at, Alarm alarm) {
    public AlarmEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(alarm, "alarm");
    }
}
