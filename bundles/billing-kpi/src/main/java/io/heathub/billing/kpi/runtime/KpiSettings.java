package io.heathub.billing.kpi.runtime;

import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.kpi.KpiConfig;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The energy figures' part of one site version, as {@link KpiSection} read it from {@code kpi:}: the
 * figures' settings ({@link KpiConfig} keys), the sources and substations with their counters, and
 * the weekly feed's endpoint and delay; plus {@code site.zone}, the zone of the day cuts. The season
 * is the site calendar's ({@code calendar:}, {@link KpiSeasons}).
 *
 * @param zone     {@code site.zone}: days, weeks and cuts are local to it
 * @param config   targets and number formats
 * @param sites    the sites, in file order (none without a {@code kpi:} section)
 * @param counters their counters
 * @param endpoint the feed's Camel URI as written; empty = {@code file:${heathub.data}/kpi}
 * @param delay    how long after a week closes it is sent, so the readings that close its cuts are in
 */
public record KpiSettings(ZoneId zone, KpiConfig config, List<KpiSite> sites,
                          List<KpiCounter> counters, String endpoint, Duration delay) {

    static final Duration DEFAULT_DELAY = Duration.ofHours(1);
    /** The feed's default endpoint, {@code ${heathub.data}} replaced at run time. */
    static final String DEFAULT_ENDPOINT = "file:" + HubFolders.DATA_PLACEHOLDER + "/kpi";

    public KpiSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(config, "config");
        sites = List.copyOf(sites);
        counters = List.copyOf(counters);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(delay, "delay");
    }

    /** No sites, every default, days in {@code zone}. */
    static KpiSettings defaults(ZoneId zone) {
        return new KpiSettings(zone, KpiConfig.defaults(), List.of(), List.of(), "", DEFAULT_DELAY);
    }

    /** The site ids, in file order. */
    public List<String> siteIds() {
        return sites.stream().map(KpiSite::id).toList();
    }

    /** Every point a counter reads (what the export must keep). */
    public Set<String> counterPoints() {
        Set<String> points = new LinkedHashSet<>();
        counters.forEach(c -> points.add(c.point()));
        return points;
    }
}
