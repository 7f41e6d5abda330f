/**
 * Alarms with fault classes and response times (Minle: class 1 → 1 h, class 2 → 4 h, class 3 →
 * 8 h): {@link io.heathub.billing.alarm.AlarmBook} raises, updates, clears, marks overdue and
 * acknowledges alarms from conditions observed over time, returning every transition as an
 * {@link io.heathub.billing.alarm.AlarmEvent}. The hub's live alarms are the service
 * {@link io.heathub.billing.alarm.AlarmStatus} (1.1.0; before, {@code io.heathub.billing.runtime.api}),
 * registered by heathub-billing-alarms.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing.alarm;
