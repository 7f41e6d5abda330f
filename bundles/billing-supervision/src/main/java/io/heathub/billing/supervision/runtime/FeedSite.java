package io.heathub.billing.supervision.runtime;

import io.heathub.billing.Household;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.supervision.SupervisionSite;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.site.Site;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.threeten.extra.LocalDateRange;

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
 * @param households     the households (their buildings and room sensors, for the warm-rooms obligation)
 * @param calendar       the heating calendar (read by heathub-calendar), for the warm-rooms deadline
 * @param zone           {@code site.zone}
 */
record FeedSite(String siteId, SupervisionSettings supervision, List<String> householdRooms, AlarmConfig alarms,
                List<Household> households, Optional<HeatingCalendar> calendar, ZoneId zone) {

    FeedSite {
        householdRooms = List.copyOf(householdRooms);
        households = List.copyOf(households);
    }

    /** The version's sections; empty while the feed's reader has not registered yet (the next version has it). */
    static Optional<FeedSite> of(Site site) {
        Households households = site.section(HouseholdsSection.KEY, Households.class).orElse(Households.NONE);
        return site.section(SupervisionSection.KEY, SupervisionSettings.class).map(s -> new FeedSite(site.id(), s,
                households.roomSensors(), site.section(AlarmConfig.SECTION, AlarmConfig.class).orElse(AlarmConfig.defaults()),
                households.households(), site.section(HeatingCalendar.SECTION, HeatingCalendar.class), site.zone()));
    }

    /**
     * The warm-rooms deadline in (from, to], if one falls there: 24:00 of the test period's last day
     * before a season (Zibo: 14 Nov; the rooms warm when the season starts), or of the season's first
     * day when the calendar has no test period. Empty without a calendar.
     */
    Optional<Instant> warmRoomsDeadline(Instant from, Instant to) {
        if (calendar.isEmpty()) {
            return Optional.empty();
        }
        int year = LocalDate.ofInstant(to, zone).getYear();
        for (int y = year - 1; y <= year; y++) {
            LocalDateRange season = calendar.get().seasonStartingIn(y);
            LocalDate lastDay = calendar.get().testBefore(y).map(LocalDateRange::getEndInclusive).orElse(season.getStart());
            Instant deadline = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
            if (deadline.isAfter(from) && !deadline.isAfter(to)) {
                return Optional.of(deadline);
            }
        }
        return Optional.empty();
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
