package io.heathub.billing.alarm;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The hub's live alarms (meter health and other conditions with fault classes and response
 * times). Every transition is also journaled as a reading {@code alarm.<kind>} of the subject.
 */
public interface AlarmStatus {

    /** The open alarms, by id: fault class, raised time, response deadline ({@code dueBy}), overdue, acknowledgement. */
    List<Alarm> open();

    /**
     * An operator takes an open alarm on.
     *
     * @return the alarm after the acknowledgement (already acknowledged: unchanged)
     * @throws IllegalArgumentException when no alarm with that id is open
     */
    Alarm acknowledge(String alarmId, String operator);

    /** Open alarms passing {@code filter}, per configured fault class (every class listed, ascending). */
    Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter);
}
