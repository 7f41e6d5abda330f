package io.heathub.billing.settlement.runtime;

import io.heathub.billing.Household;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.settlement.SettlementService.SettlementException;
import io.heathub.billing.settlement.Tariff;
import io.heathub.config.site.Site;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What settlement takes from the applied site: {@code site.zone} (days are cut at its 00:00), the
 * households ({@code households:}, read by the billing library) and the tariff ({@code tariff:},
 * {@link TariffSection}).
 *
 * @param zone       the site zone
 * @param households the households, in site order
 * @param tariff     empty without a {@code tariff:} section
 * @param calendar   the site's heating calendar ({@code calendar:}, read by heathub-calendar): the season,
 *                   its extensions, the elastic days
 */
record SettlementSite(ZoneId zone, List<Household> households, Optional<Tariff> tariff, HeatingCalendar calendar) {

    SettlementSite {
        households = List.copyOf(households);
    }

    /** The household heat meters, in site order. */
    List<String> householdMeters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /**
     * The current version's settlement sections, or why they cannot be used: the problems of the
     * file as it is now in {@code sections} (a broken edit is not settled from the last good version
     * without saying so), or no version with them yet.
     */
    static SettlementSite of(AppliedSite applied, String... sections) throws SettlementException {
        List<String> problems = new ArrayList<>(applied.problems(sections));
        if (!problems.isEmpty()) {
            throw new SettlementException("cannot settle with this site configuration", problems);
        }
        Optional<Site> site = applied.current();
        Optional<Households> households = applied.households();
        Optional<TariffSection.Setting> tariff = applied.section(TariffSection.KEY, TariffSection.Setting.class);
        Optional<HeatingCalendar> calendar = applied.section(HeatingCalendar.SECTION, HeatingCalendar.class);
        if (site.isEmpty() || households.isEmpty() || tariff.isEmpty() || calendar.isEmpty()) {
            throw new SettlementException("no site version with the settlement's sections applied yet",
                    List.of("the site owner applies one as soon as the " + HouseholdsSection.KEY + ", "
                            + TariffSection.KEY + " and " + HeatingCalendar.SECTION + " readers have registered; try again in a moment"));
        }
        return new SettlementSite(site.get().zone(), households.get().households(), tariff.get().tariff(), calendar.get());
    }
}
