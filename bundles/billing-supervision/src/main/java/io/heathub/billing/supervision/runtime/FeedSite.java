package io.heathub.billing.supervision.runtime;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.supervision.SupervisionSite;
import io.heathub.config.site.Site;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the supervision feed takes from an applied site version: {@code site.id} (named in the
 * feed), {@code supervision:} ({@link SupervisionSection}), the households' room sensors (the
 * default rooms) and the fault classes of {@code alarms:} (read by heathub-billing-alarms when it is
 * installed; without it the default classes, each counted 0).
 *
 * @param siteId         {@code site.id}
 * @param supervision    the feed's settings
 * @param householdRooms the households' room sensors, in site order
 * @param alarms         the fault classes counted when the live alarms do not run
 */
record FeedSite(String siteId, SupervisionSettings supervision, List<String> householdRooms, AlarmConfig alarms) {

    FeedSite {
        householdRooms = List.copyOf(householdRooms);
    }

    /** The version's sections; empty while the feed's reader has not registered yet (the next version has it). */
    static Optional<FeedSite> of(Site site) {
        return site.section(SupervisionSection.KEY, SupervisionSettings.class).map(s -> new FeedSite(site.id(), s,
                site.section(HouseholdsSection.KEY, Households.class).map(Households::roomSensors).orElse(List.of()),
                site.section(AlarmConfig.SECTION, AlarmConfig.class).orElse(AlarmConfig.defaults())));
    }

    /** Which devices the feed is computed from. */
    SupervisionSite devices() {
        return supervision.site(siteId, householdRooms);
    }

    /** Every device whose readings the feed uses. */
    Set<String> watched() {
        return supervision.devices(householdRooms);
    }
}
