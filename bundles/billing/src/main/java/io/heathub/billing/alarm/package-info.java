/**
 * Alarms with fault classes and response times (Minle: class 1 → 1 h, class 2 → 4 h, class 3 →
 * 8 h): {@link io.heathub.billing.alarm.AlarmBook} raises, updates, clears, marks overdue and
 * acknowledges alarms from conditions observed over time, returning every transition as an
 * {@link io.heathub.billing.alarm.AlarmEvent}. The hub's live alarms are the service
 * {@link io.heathub.billing.alarm.AlarmStatus} (1.1.0; before, {@code io.heathub.billing.runtime.api}),
 * registered by heathub-billing-alarms; {@link io.heathub.billing.alarm.AlarmConfig} is the value of
 * site.yaml's {@code alarms:} section, which that bundle reads.
 *
 * <p>2.0.0: the package moved from heathub-billing-alarms to the billing library, so that a feature
 * counting alarms (the supervision feed) resolves without the alarms bundle; {@code Condition.of(MeterFinding)}
 * became {@code MeterFinding.condition()} (the health package stays with the alarms bundle);
 * {@code AlarmBook.config()} and {@code reconfigure} and {@code AlarmConfig.SECTION} added, {@code AlarmConfig.ofSite}
 * removed (the site owner reads the section).
 *
 * <p>2.1.0: equipment alarms from any point ({@link io.heathub.billing.alarm.AlarmRule}, {@code AlarmConfig.rules},
 * {@code withRules}, {@code KEYS}), {@code AlarmBook.clear} (a condition known to be over), {@code AlarmStatus.hold}
 * (conditions a feature holds open, e.g. the quality obligations).
 *
 * <p>2.2.0: {@code AlarmBook.restore} (open alarms and their acknowledgements kept across a restart).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package io.heathub.billing.alarm;
