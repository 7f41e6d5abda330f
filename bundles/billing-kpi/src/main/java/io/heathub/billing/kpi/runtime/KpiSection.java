package io.heathub.billing.kpi.runtime;

import io.heathub.billing.kpi.KpiConfig;
import io.heathub.billing.kpi.KpiCounter;
import io.heathub.billing.kpi.KpiSite;
import io.heathub.billing.kpi.Quantity;
import io.heathub.billing.kpi.SiteKind;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The energy figures' section of {@code site.yaml}, {@code kpi:}, read into {@link KpiSettings}
 * with {@code site.zone} from the context. Every problem is located
 * ({@code file:line:column: key: problem}, a typo with the nearest key) and refuses the whole site
 * file, as any section's. Registered for core's site owner and, in {@code META-INF/services}, for
 * {@code bin/heathub check}.
 *
 * <pre>
 * kpi:
 *   seasonTargetsPerM2: { fuel: 32, electricity: 5, water: 0.05 }   # and fuelUnit, perM2Scale, maxInterpolationGap
 *   sites:
 *     - id: demo
 *       kind: substation                   # source | substation
 *       heatedAreaM2: 2108.5
 *       counters:
 *         - { device: mbus-1, point: heat.energy, quantity: heat }   # heat | fuel | electricity | water
 *   endpoint: "file:${heathub.data}/kpi"   # the weekly feed's Camel producer URI
 *   delay: 1h                              # after Monday 00:00 (site.zone) before the week is sent
 * </pre>
 */
@Component(service = SiteSection.class)
public final class KpiSection implements SiteSection<KpiSettings> {
    public static final String KEY = "kpi";
    static final List<String> OWN_KEYS = List.of("season", "sites", "endpoint", "delay");
    static final List<String> SITE_KEYS = List.of("id", "kind", "heatedAreaM2", "counters");
    static final List<String> COUNTER_KEYS = List.of("device", "point", "quantity");
    
    /** Public and without arguments: found with ServiceLoader offline. */
    public KpiSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<KpiSettings> type() {
        return KpiSettings.class;
    }

    @Override
    public KpiSettings read(ConfigNode sections, SiteContext context) throws ConfigException {
        KpiSettings d = KpiSettings.defaults(context.zone());
        Optional<ConfigNode> node = sections.opt(KEY);
        if (node.isEmpty()) {
            return d;
        }
        ConfigNode kpi = node.get();
        if (!kpi.isMap()) {
            throw kpi.error("expected a mapping: seasonTargetsPerM2, sites, endpoint, delay, …");
        }
        ProblemCollector problems = new ProblemCollector();
        KpiConfig config = problems.read(() -> KpiConfig.read(kpi, OWN_KEYS)).orElse(d.config());
        if (kpi.has("season")) {
            problems.add(seasonMoved(kpi.get("season")));
        }
        String endpoint = problems.read(() -> kpi.string("endpoint", "").trim()).orElse("");
        Duration delay = problems.read(() -> {
            Duration value = kpi.duration("delay", d.delay());
            if (value.isNegative() || value.compareTo(Duration.ofDays(7)) >= 0) {
                throw kpi.get("delay").error("expected a delay from 0 up to a week, e.g. 1h");
            }
            return value;
        }).orElse(d.delay());
        List<KpiSite> sites = new ArrayList<>();
        List<KpiCounter> counters = new ArrayList<>();
        sites(kpi, sites, counters, problems);
        problems.throwIfAny();
        return new KpiSettings(context.zone(), config, sites, counters, endpoint, delay);
    }

    /**
     * {@code kpi.season}, refused: the season is the site calendar's {@code calendar.season} (one
     * calendar for control, settlement and these figures); the message gives the entry to write there.
     */
    private static ConfigException seasonMoved(ConfigNode node) {
        String from = "FIRST";
        String to = "LAST";
        try {
            if (node.isMap()) {
                from = node.string("start", from).trim();
                to = node.string("end", to).trim();
            }
        } catch (ConfigException e) {
            // the pointer alone then
        }
        return node.error("the season is the site calendar's now (calendar.season, one calendar for control, settlement"
                + " and the energy figures): write calendar: { season: { from: " + from + ", to: " + to + " } } if it"
                + " differs from the default 11-15–03-15, and remove this key");
    }

    /** Each site on its own, so every problem of every site is found in one pass. */
    private static void sites(ConfigNode kpi, List<KpiSite> sites, List<KpiCounter> counters, ProblemCollector problems) {
        Map<String, Integer> siteLines = new HashMap<>();
        for (ConfigNode item : problems.read(() -> kpi.list("sites")).orElse(List.of())) {
            ProblemCollector own = new ProblemCollector();
            own.read(() -> site(item, siteLines, counters, own)).ifPresent(site -> {
                if (own.isEmpty()) {
                    sites.add(site);
                }
            });
            own.problems().forEach(problems::add);
        }
    }

    private static KpiSite site(ConfigNode item, Map<String, Integer> siteLines, List<KpiCounter> counters,
                                ProblemCollector own) throws ConfigException {
        if (!item.isMap()) {
            throw item.error("expected { id, kind, heatedAreaM2, counters }");
        }
        own.check(() -> item.rejectUnknownKeys(SITE_KEYS));
        ConfigNode idNode = item.get("id");
        String id = idNode.asString().trim();
        if (id.isEmpty()) {
            throw idNode.error("missing site id");
        }
        Integer first = siteLines.putIfAbsent(id, idNode.line());
        if (first != null) {
            own.add(idNode.error("site \"" + id + "\" is listed twice (first on line " + first + ")"));
        }
        Optional<SiteKind> kind = own.read(() -> kind(item.get("kind")));
        Optional<BigDecimal> area = own.read(() -> {
            ConfigNode areaNode = item.get("heatedAreaM2");
            BigDecimal value = areaNode.asDecimal();
            if (value.signum() <= 0) {
                throw areaNode.error("heated area must be positive, got " + value.toPlainString());
            }
            return value;
        });
        List<KpiCounter> ownCounters = own.read(() -> counters(item, id, own)).orElse(List.of());
        if (!own.isEmpty() || kind.isEmpty() || area.isEmpty()) {
            return null;
        }
        counters.addAll(ownCounters);
        return new KpiSite(id, kind.get(), area.get());
    }

    /** {@code source} or {@code substation}; a typo gets the nearest. */
    private static SiteKind kind(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        List<String> kinds = Arrays.stream(SiteKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
        return Arrays.stream(SiteKind.values()).filter(k -> k.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> node.error("unknown value \"" + text + "\"" + DidYouMean.hint(text, kinds)
                        + "; expected one of " + String.join(", ", kinds)));
    }

    private static List<KpiCounter> counters(ConfigNode site, String siteId, ProblemCollector problems)
            throws ConfigException {
        List<ConfigNode> items = site.list("counters");
        if (items.isEmpty()) {
            throw (site.has("counters") ? site.get("counters") : site).error("a site needs at least one counter");
        }
        List<KpiCounter> out = new ArrayList<>();
        Map<String, Integer> counterLines = new HashMap<>();
        for (ConfigNode c : items) {
            problems.read(() -> counter(c, siteId, counterLines)).ifPresent(out::add);
        }
        return out;
    }

    private static KpiCounter counter(ConfigNode c, String siteId, Map<String, Integer> counterLines)
            throws ConfigException {
        if (!c.isMap()) {
            throw c.error("expected { device, point, quantity }");
        }
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> c.rejectUnknownKeys(COUNTER_KEYS));
        Optional<String> device = problems.read(() -> nonBlank(c, "device"));
        Optional<String> point = problems.read(() -> nonBlank(c, "point"));
        Optional<Quantity> quantity = problems.read(() -> {
            ConfigNode quantityNode = c.get("quantity");
            String key = quantityNode.asString().trim();
            List<String> quantities = Arrays.stream(Quantity.values()).map(Quantity::key).toList();
            return Quantity.byKey(key).orElseThrow(() -> quantityNode.error("unknown quantity \"" + key + "\""
                    + DidYouMean.hint(key, quantities) + "; expected heat, fuel, electricity or water"));
        });
        if (device.isPresent() && point.isPresent()) {
            // one counter twice in a site would count its energy twice
            Integer first = counterLines.putIfAbsent(device.get() + "/" + point.get(), c.line());
            if (first != null) {
                problems.add(c.error("counter " + device.get() + "/" + point.get() + " is listed twice (first on line "
                        + first + ")"));
            }
        }
        problems.throwIfAny();
        return new KpiCounter(device.orElseThrow(), point.orElseThrow(), siteId, quantity.orElseThrow());
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
