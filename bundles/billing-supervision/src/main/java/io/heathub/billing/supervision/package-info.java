/**
 * The supervision feed (Heilongjiang, Zibo): outdoor temperature, heat from the source, heat through
 * each substation, indoor temperature statistics and open alarms and complaints by class, for one
 * period. {@link io.heathub.billing.supervision.SupervisionBuilder} computes it from readings and
 * an {@link io.heathub.billing.alarm.AlarmBook}; {@link io.heathub.billing.supervision.SupervisionJson}
 * writes it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing.supervision;
