package io.heathub.billing.alarm;

/** A transition of an alarm. */
public enum AlarmEventType {
    /** First observation of a condition (or first after its alarm cleared). */
    RAISED,
    /** The condition observed again: count, last seen and evidence changed. */
    UPDATED,
    /** The condition has not been observed for the hold time. */
    CLEARED,
    /** Neither cleared nor acknowledged within the class's response time. */
    OVERDUE,
    /** An operator took it on. */
    ACKNOWLEDGED
}
