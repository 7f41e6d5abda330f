package io.heathub.billing.alarm.runtime;

import io.heathub.billing.Building;
import io.heathub.billing.Household;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.health.HealthConfig;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.config.site.Site;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What the live alarms take from an applied site version: {@code site.zone} (due-day midnights),
 * the households and buildings (the meters watched, read by the billing library), {@code health:}
 * ({@link HealthSection}) and {@code alarms:} ({@link AlarmsSection}).
 *
 * @param zone       the site zone
 * @param households the households, in site order
 * @param buildings  the building meters with their household meters
 * @param health     the meter-health settings
 * @param alarms     fault classes and response times
 */
record HealthSite(ZoneId zone, List<Household> households, List<Building> buildings, HealthConfig health,
                  AlarmConfig alarms) {

    HealthSite {
        households = List.copyOf(households);
        buildings = List.copyOf(buildings);
    }

    /** The version's sections; empty while one of their readers has not registered yet (the next version has it). */
    static Optional<HealthSite> of(Site site) {
        Optional<Households> households = site.section(HouseholdsSection.KEY, Households.class);
        Optional<HealthConfig> health = site.section(HealthSection.KEY, HealthConfig.class);
        Optional<AlarmConfig> alarms = site.section(AlarmsSection.KEY, AlarmConfig.class);
        if (households.isEmpty() || health.isEmpty() || alarms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HealthSite(site.zone(), households.get().households(), households.get().buildings(),
                health.get(), alarms.get()));
    }

    /** The household heat meters, in site order. */
    List<String> householdMeters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }
}
