package io.heathub.billing.alarm;

import java.util.Collection;
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

    /**
     * The conditions {@code source} sees now, all of them (e.g. the quality obligations' buildings below
     * the minimum): a new one raises its alarm at once, a held one is kept open (observed at each check),
     * one no longer in the set clears at once. Each source has its own set; an empty set releases it.
     *
     * @since 2.1
     */
    default void hold(String source, Collection<Condition> conditions) {
        throw new UnsupportedOperationException("this alarm service does not hold conditions");
    }
}
