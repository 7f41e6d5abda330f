/**
 * On-line meter health (Chengde: periodic lab verification of installed meters is impractical,
 * so the hub watches them): building meter against its households, stuck counters, supply colder
 * than return, implausible power and flow, communication failure rates, clock drift, meters
 * whose counter disagrees with their own power and meters whose own due-day (settlement-day)
 * values disagree with the hub's cuts. Pure functions of readings;
 * {@link io.heathub.billing.health.MeterHealth} is the entry point, every threshold is in
 * {@link io.heathub.billing.health.HealthConfig}.
 *
 * <p>2.0.0: {@code Building} moved to {@code io.heathub.billing} (the building meters are read with
 * the households, site.yaml's top-level {@code buildings:}); {@code MeterFinding.condition()} added
 * (was {@code Condition.of(MeterFinding)}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.heathub.billing.health;
