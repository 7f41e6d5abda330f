/**
 * The billing services running in the hub, for the web API and the shell: the export of accepted
 * readings as canonical CSV ({@link io.heathub.billing.runtime.api.ReadingExport}), the season
 * settlement over it ({@link io.heathub.billing.runtime.api.SettlementService}), the live alarms
 * ({@link io.heathub.billing.runtime.api.AlarmStatus}) and the latest supervision feed
 * ({@link io.heathub.billing.runtime.api.SupervisionStatus}). Registered by the billing bundle's
 * components ({@code io.heathub.billing.runtime}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.billing.runtime.api;
