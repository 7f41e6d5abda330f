/**
 * The supervision feed (Heilongjiang, Zibo): outdoor temperature, heat from the source, heat through
 * each substation, indoor temperature statistics and open alarms and complaints by class, for one
 * period. {@link io.heathub.billing.supervision.SupervisionBuilder} computes it from readings and
 * an {@link io.heathub.billing.alarm.AlarmBook}; {@link io.heathub.billing.supervision.SupervisionJson}
 * writes it. The feed the hub sends is the service {@link io.heathub.billing.supervision.SupervisionStatus}
 * (1.2.0; before, {@code io.heathub.billing.runtime.api}), registered by heathub-billing-supervision.
 *
 * <p>1.3.0: {@code SupervisionBuilder.build} with the recorded complaints open at the period's end, each
 * in its category's class; the warm-rooms obligation ({@code WarmRooms}, {@code SupervisionFeed.warmRooms}).
 *
 * <p>1.4.0: the heat-use-rate (用热率) conditions of that obligation ({@code HeatUseRule}) and
 * {@code WarmRooms.check} with a minimum per building.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.heathub.billing.supervision;
