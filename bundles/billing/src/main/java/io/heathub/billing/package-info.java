/**
 * Billing-grade data from readings, as pure functions: daily meter cuts in the site's zone
 * ({@link io.heathub.billing.MeterCuts}), the season settlement of each household under a
 * two-part tariff with 多退少补 ({@link io.heathub.billing.SeasonSettlement}), cold-room refunds
 * ({@link io.heathub.billing.ColdRoomRules}) and the tariff file ({@link io.heathub.billing.TariffFile}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing;
