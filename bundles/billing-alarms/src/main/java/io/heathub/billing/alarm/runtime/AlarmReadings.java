package io.heathub.billing.alarm.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmEvent;
import io.heathub.billing.alarm.AlarmEventType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarm transitions as readings, so every uplink forwards them: device = the alarm's subject,
 * point = {@code alarm.<kind>}, unit NONE, quality GOOD, time = when the book noticed it, value
 * {@value #RAISED} raised or updated, {@value #CLEARED} cleared, {@value #OVERDUE} overdue,
 * {@value #ACKNOWLEDGED} acknowledged (non-zero = open), reason
 * {@code "<event> class <n> respond within <time>: <evidence>"}. A reading's identity is
 * (device, point, time), so two transitions of one alarm at the same instant (overdue and cleared
 * in one check) are spread 1 ms apart rather than one being dropped as a duplicate downstream.
 * Not thread-safe: used under the caller's lock.
 */
final class AlarmReadings {
    static final String POINT_PREFIX = "alarm.";
    static final int CLEARED = 0;
    static final int RAISED = 1;
    static final int OVERDUE = 2;
    static final int ACKNOWLEDGED = 3;

    private final Map<String, Instant> lastTime = new HashMap<>();

    /** The readings of {@code events}; the response time is each alarm's own (raised to due). */
    List<Reading> of(List<AlarmEvent> events) {
        List<Reading> out = new ArrayList<>();
        for (AlarmEvent e : events) {
            Alarm a = e.alarm();
            String point = POINT_PREFIX + a.kind();
            String key = a.subject() + '\u0000' + point;
            Instant time = e.at();
            Instant previous = lastTime.get(key);
            if (previous != null && !time.isAfter(previous)) {
                time = previous.plusMillis(1);
            }
            lastTime.put(key, time);
            String event = e.type() == AlarmEventType.ACKNOWLEDGED ? "ACKNOWLEDGED by " + a.acknowledgedBy() : e.type().name();
            String reason = event + " class " + a.faultClass() + " respond within "
                    + duration(Duration.between(a.raisedAt(), a.dueBy())) + ": " + a.evidence();
            out.add(new Reading(a.subject(), point, BigDecimal.valueOf(value(e.type())), Unit.NONE, time, Quality.GOOD, reason));
        }
        return out;
    }

    static int value(AlarmEventType type) {
        return switch (type) {
            case RAISED, UPDATED -> RAISED;
            case CLEARED -> CLEARED;
            case OVERDUE -> OVERDUE;
            case ACKNOWLEDGED -> ACKNOWLEDGED;
        };
    }

    /** {@code 1h}, {@code 30m}, {@code 1h30m}, {@code 45s}. */
    static String duration(Duration d) {
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || out.length() == 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }
}
