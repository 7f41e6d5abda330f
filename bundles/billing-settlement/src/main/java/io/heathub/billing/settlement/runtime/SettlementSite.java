package io.heathub.billing.settlement.runtime;

import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.hub.SectionProblems;
import io.heathub.billing.hub.SiteFile;
import io.heathub.billing.hub.SiteIdentity;
import io.heathub.billing.settlement.InvalidInputException;
import io.heathub.billing.settlement.Tariff;
import io.heathub.billing.settlement.TariffFile;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What settlement takes from {@code site.yaml}: {@code site.zone} (days are cut at its 00:00),
 * {@code households:} and {@code tariff:} (the keys of {@code heathub settle}'s tariff file). Each
 * section is read on its own ({@link SectionProblems}).
 */
public record SettlementSite(ZoneId zone, List<Household> households, Optional<Tariff> tariff,
                             Map<String, List<String>> problems) implements SectionProblems {

    public SettlementSite {
        households = List.copyOf(households);
        problems = Map.copyOf(problems);
    }

    /** The household heat meters, in site order. */
    public List<String> householdMeters() {
        return households.stream().flatMap(h -> h.meterId().stream()).toList();
    }

    /** Reads {@code siteFile}; a file that does not parse is one problem under {@code site}. */
    public static SettlementSite read(Path siteFile) {
        return SiteFile.read(siteFile, SettlementSite::read, SettlementSite::broken);
    }

    /** Parses site YAML text; {@code name} is used in problems. */
    public static SettlementSite parse(String name, String text) {
        return SiteFile.parse(name, text, SettlementSite::read, SettlementSite::broken);
    }

    private static SettlementSite broken(List<String> problems) {
        return new SettlementSite(Season.DEFAULT_ZONE, List.of(), Optional.empty(), Map.of("site", problems));
    }

    static SettlementSite read(ConfigNode root) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        SiteIdentity site = SiteIdentity.read(root);
        SectionProblems.put(problems, "site", site.problems());
        HouseholdsSection households = HouseholdsSection.read(root);
        SectionProblems.put(problems, "households", households.problems());
        Optional<Tariff> tariff = Optional.empty();
        try {
            if (root.has("tariff")) {
                tariff = Optional.of(TariffFile.read(root.get("tariff")));
            }
        } catch (InvalidInputException e) {
            SectionProblems.put(problems, "tariff", e.problems());
        } catch (ConfigException e) {
            SectionProblems.put(problems, "tariff", List.of(e.getMessage()));
        }
        return new SettlementSite(site.zone(), households.households(), tariff, problems);
    }
}
