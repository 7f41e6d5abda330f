/**
 * The billing services running in the hub, for the web API and the shell: the export of accepted
 * readings as canonical CSV ({@link io.heathub.billing.runtime.api.ReadingExport}), the season
 * settlement over it ({@link io.heathub.billing.runtime.api.SettlementService}), the live alarms
 * ({@link io.heathub.billing.runtime.api.AlarmStatus}), the latest supervision feed
 * ({@link io.heathub.billing.runtime.api.SupervisionStatus}) and the energy figures per source and
 * substation ({@link io.heathub.billing.runtime.api.KpiService}, since 1.1.0). Registered by the
 * billing bundle's components ({@code io.heathub.billing.runtime}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing.runtime.api;
