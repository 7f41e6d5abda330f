/**
 * The billing model the billing features share, as pure functions: daily meter cuts in the site's
 * zone ({@link io.heathub.billing.MeterCuts}: the good reading at 00:00, else interpolated and
 * marked estimated), heating seasons and day ranges ({@link io.heathub.billing.Season},
 * {@link io.heathub.billing.DayRange}), household accounts ({@link io.heathub.billing.Household}) and
 * building meters ({@link io.heathub.billing.Building}).
 * 2.0.0: the settlement moved to {@code io.heathub.billing.settlement} (bundle heathub-billing-settlement).
 * 2.1.0: {@code Building} (from {@code io.heathub.billing.health}).
 * 2.2.0: {@code Season.MAX_DAYS}, {@code Season.requireAtMostMaxDays}: seasons are bounded (400 days).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package io.heathub.billing;
