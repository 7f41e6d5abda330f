/**
 * The season settlement, as pure functions over the billing model: each household under a
 * two-part tariff (两部制) against the prepaid area fee, with 多退少补 or 多退少不补 and a charge cap
 * ({@link io.heathub.billing.settlement.SeasonSettlement}), cold-room refunds
 * ({@link io.heathub.billing.settlement.ColdRoomRules}), elastic heating days, the tariff file
 * ({@link io.heathub.billing.settlement.TariffFile}); and the service that settles over the hub's
 * export ({@link io.heathub.billing.settlement.SettlementService}, registered by heathub-billing-settlement).
 * Until 1.0.0 these were in {@code io.heathub.billing} 1.1.0 and {@code io.heathub.billing.runtime.api} 1.1.0.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing.settlement;
