/**
 * Weekly, monthly and season energy figures per heat source and substation (Minle): heat, fuel,
 * electricity and water, per m² of heated area, against configured season targets and the same
 * ISO week of the previous season. {@link io.heathub.billing.kpi.EnergyKpis} is the entry point;
 * {@link io.heathub.billing.kpi.KpiJson} writes its figures as JSON. The hub's figures over its export
 * are the service {@link io.heathub.billing.kpi.KpiService} (1.2.0; before, {@code io.heathub.billing.runtime.api}),
 * registered by heathub-billing-kpi.
 *
 * <p>1.3.0: residents' complaints of the period beside the figures ({@code PeriodComplaints},
 * {@code KpiJson.weeks/periods} with complaints).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.heathub.billing.kpi;
