package io.heathub.billing.kpi.runtime;

import io.heathub.billing.Season;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.hub.SiteFile;
import io.heathub.billing.hub.SiteIdentity;
import io.heathub.billing.kpi.KpiConfig;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import io.heathub.billing.kpi.Quantity;
import io.heathub.billing.kpi.SiteKind;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code kpi:} section of {@code site.yaml}: the energy figures' settings ({@link KpiConfig}
 * keys), the season's calendar dates, the sources and substations with their counters, and the
 * weekly feed's endpoint and delay; plus {@code site.zone}, the zone of the day cuts. Read apart
 * from the other sections ({@link SiteIdentity} gives the zone): a broken kpi section leaves its
 * defaults, keeps the sites that read cleanly and lists its problems as
 * {@code file:line:column: key: problem}.
 *
 * <pre>
 * kpi:
 *   seasonTargetsPerM2: { fuel: 32, electricity: 5, water: 0.05 }   # and fuelUnit, perM2Scale, maxInterpolationGap
 *   season: { start: 11-15, end: 03-15 }
 *   sites:
 *     - id: demo
 *       kind: substation                   # source | substation
 *       heatedAreaM2: 2108.5
 *       counters:
 *         - { device: mbus-1, point: heat.energy, quantity: heat }   # heat | fuel | electricity | water
 *   endpoint: "file:${heathub.data}/kpi"   # the weekly feed's Camel producer URI
 *   delay: 1h                              # after Monday 00:00 (site.zone) before the week is sent
 * </pre>
 *
 * @param zone     {@code site.zone}: days, weeks and cuts are local to it
 * @param config   targets and number formats
 * @param season   the season's first and last calendar day
 * @param sites    the sites that read cleanly, in file order
 * @param counters their counters
 * @param endpoint the feed's Camel URI as written; empty = {@code file:${heathub.data}/kpi}
 * @param delay    how long after a week closes it is sent, so the readings that close its cuts are in
 * @param problems the {@code site:} and {@code kpi:} sections' problems; empty when both read cleanly
 */
public record KpiSection(ZoneId zone, KpiConfig config, SeasonDates season, List<KpiSite> sites,
                         List<KpiCounter> counters, String endpoint, Duration delay, List<String> problems) {

    static final List<String> OWN_KEYS = List.of("season", "sites", "endpoint", "delay");
    static final List<String> SITE_KEYS = List.of("id", "kind", "heatedAreaM2", "counters");
    static final List<String> COUNTER_KEYS = List.of("device", "point", "quantity");
    static final List<String> SEASON_KEYS = List.of("start", "end");
    static final Duration DEFAULT_DELAY = Duration.ofHours(1);
    /** The feed's default endpoint, {@code ${heathub.data}} replaced at run time. */
    static final String DEFAULT_ENDPOINT = "file:" + HubFolders.DATA_PLACEHOLDER + "/kpi";

    public KpiSection {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(season, "season");
        sites = List.copyOf(sites);
        counters = List.copyOf(counters);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(delay, "delay");
        problems = List.copyOf(problems);
    }

    /**
     * A season's calendar dates. When {@code end} falls before {@code start} in the year the season
     * spans the new year (11-15 … 03-15 of the next year).
     *
     * @param start first day of every season
     * @param end   last day
     */
    public record SeasonDates(MonthDay start, MonthDay end) {
        /** Northern China: 15 November to 15 March. */
        public static final SeasonDates DEFAULT = new SeasonDates(MonthDay.of(11, 15), MonthDay.of(3, 15));

        public SeasonDates {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        /** The season that begins in {@code year} (a 02-29 falls on 02-28 in other years). */
        public Season startingIn(int year, ZoneId zone) {
            LocalDate first = start.atYear(year);
            LocalDate last = end.atYear(end.isBefore(start) ? year + 1 : year);
            return Season.of(first, last, zone);
        }

        /**
         * The season containing {@code day}, or when it is off season the one that ended before it:
         * the targets of a summer week are those of the season behind it, pro-rated to zero days.
         */
        public Season containingOrBefore(LocalDate day, ZoneId zone) {
            int year = MonthDay.from(day).isBefore(start) ? day.getYear() - 1 : day.getYear();
            return startingIn(year, zone);
        }
    }

    /** The season a period ending on {@code lastDay} takes its targets from (a week across the season start counts in it). */
    public Season seasonOf(LocalDate lastDay) {
        return season.containingOrBefore(lastDay, zone);
    }

    /** The season before {@code season}. */
    public Season previous(Season season) {
        return this.season.startingIn(season.start().getYear() - 1, zone);
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

    /** Reads {@code siteFile}; a file that does not parse is one problem. */
    public static KpiSection read(Path siteFile) {
        return SiteFile.read(siteFile, KpiSection::read, KpiSection::empty);
    }

    /** Parses site YAML text; {@code name} is used in problems. */
    public static KpiSection parse(String name, String text) {
        return SiteFile.parse(name, text, KpiSection::read, KpiSection::empty);
    }

    private static KpiSection empty(List<String> problems) {
        return new KpiSection(Season.DEFAULT_ZONE, KpiConfig.defaults(), SeasonDates.DEFAULT, List.of(), List.of(), "",
                DEFAULT_DELAY, problems);
    }

    static KpiSection read(ConfigNode root) {
        // the zone (and its problems) as every billing section reads it
        SiteIdentity site = SiteIdentity.read(root);
        List<String> problems = new ArrayList<>(site.problems());
        KpiSection d = empty(List.of());
        Optional<ConfigNode> node;
        try {
            node = root.opt("kpi");
            if (node.isPresent() && !node.get().isMap()) {
                throw node.get().error("expected a mapping: seasonTargetsPerM2, season, sites, endpoint, delay, …");
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            node = Optional.empty();
        }
        if (node.isEmpty()) {
            return new KpiSection(site.zone(), d.config(), d.season(), List.of(), List.of(), "", d.delay(), problems);
        }
        ConfigNode kpi = node.get();
        KpiConfig config = d.config();
        try {
            config = KpiConfig.read(kpi, OWN_KEYS);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        SeasonDates season = d.season();
        try {
            season = seasonDates(kpi, season);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        String endpoint = "";
        try {
            endpoint = kpi.string("endpoint", "").trim();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        Duration delay = d.delay();
        try {
            delay = kpi.duration("delay", delay);
            if (delay.isNegative() || delay.compareTo(Duration.ofDays(7)) >= 0) {
                delay = d.delay();
                throw kpi.get("delay").error("expected a delay from 0 up to a week, e.g. 1h");
            }
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        List<KpiSite> sites = new ArrayList<>();
        List<KpiCounter> counters = new ArrayList<>();
        sites(kpi, sites, counters, problems);
        return new KpiSection(site.zone(), config, season, sites, counters, endpoint, delay, problems);
    }

    private static SeasonDates seasonDates(ConfigNode kpi, SeasonDates fallback) throws ConfigException {
        Optional<ConfigNode> node = kpi.opt("season");
        if (node.isEmpty()) {
            return fallback;
        }
        if (!node.get().isMap()) {
            throw node.get().error("expected { start: MM-DD, end: MM-DD }, e.g. { start: 11-15, end: 03-15 }");
        }
        node.get().rejectUnknownKeys(SEASON_KEYS);
        MonthDay start = node.get().has("start") ? monthDay(node.get().get("start")) : fallback.start();
        MonthDay end = node.get().has("end") ? monthDay(node.get().get("end")) : fallback.end();
        return new SeasonDates(start, end);
    }

    private static MonthDay monthDay(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeException e) {
            throw node.error("expected a month-day MM-DD like 11-15, got \"" + text + "\"");
        }
    }

    /** Each site on its own: a bad one is left out with its problems, the others are kept. */
    private static void sites(ConfigNode kpi, List<KpiSite> sites, List<KpiCounter> counters, List<String> problems) {
        List<ConfigNode> items;
        try {
            items = kpi.list("sites");
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return;
        }
        Map<String, Integer> siteLines = new HashMap<>();
        for (ConfigNode item : items) {
            int before = problems.size();
            try {
                if (!item.isMap()) {
                    throw item.error("expected { id, kind, heatedAreaM2, counters }");
                }
                item.rejectUnknownKeys(SITE_KEYS);
                ConfigNode idNode = item.get("id");
                String id = idNode.asString().trim();
                if (id.isEmpty()) {
                    throw idNode.error("missing site id");
                }
                Integer first = siteLines.putIfAbsent(id, idNode.line());
                if (first != null) {
                    problems.add(idNode.error("site \"" + id + "\" is listed twice (first on line " + first + ")")
                            .getMessage());
                }
                SiteKind kind = null;
                try {
                    kind = item.get("kind").asEnum(SiteKind.class);
                } catch (ConfigException e) {
                    problems.add(e.getMessage());
                }
                ConfigNode areaNode = item.get("heatedAreaM2");
                BigDecimal area = areaNode.asDecimal();
                if (area.signum() <= 0) {
                    problems.add(areaNode.error("heated area must be positive, got " + area.toPlainString()).getMessage());
                }
                List<KpiCounter> own = counters(item, id, problems);
                if (problems.size() == before) {
                    sites.add(new KpiSite(id, kind, area));
                    counters.addAll(own);
                }
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
    }

    private static List<KpiCounter> counters(ConfigNode site, String siteId, List<String> problems) throws ConfigException {
        List<ConfigNode> items = site.list("counters");
        if (items.isEmpty()) {
            throw (site.has("counters") ? site.get("counters") : site).error("a site needs at least one counter");
        }
        List<KpiCounter> out = new ArrayList<>();
        Map<String, Integer> counterLines = new HashMap<>();
        for (ConfigNode c : items) {
            try {
                if (!c.isMap()) {
                    throw c.error("expected { device, point, quantity }");
                }
                c.rejectUnknownKeys(COUNTER_KEYS);
                String device = nonBlank(c, "device");
                String point = nonBlank(c, "point");
                ConfigNode quantityNode = c.get("quantity");
                String key = quantityNode.asString().trim();
                Quantity quantity = Quantity.byKey(key).orElseThrow(() -> quantityNode.error("unknown quantity \""
                        + key + "\"; expected heat, fuel, electricity or water"));
                // one counter twice in a site would count its energy twice
                Integer first = counterLines.putIfAbsent(device + "/" + point, c.line());
                if (first != null) {
                    throw c.error("counter " + device + "/" + point + " is listed twice (first on line " + first + ")");
                }
                out.add(new KpiCounter(device, point, siteId, quantity));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        return out;
    }

    private static String nonBlank(ConfigNode node, String key) throws ConfigException {
        ConfigNode value = node.get(key);
        String text = value.asString().trim();
        if (text.isEmpty()) {
            throw value.error("must not be empty");
        }
        return text;
    }
}
