package io.heathub.billing.supervision.runtime;

import io.heathub.billing.supervision.HeatUseRule;
import io.heathub.billing.supervision.SupervisionConfig;
import io.heathub.billing.supervision.SupervisionSite;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The supervision feed's section of {@code site.yaml}: {@code supervision:} (schedule, endpoint,
 * devices, and the {@link SupervisionConfig} keys) into {@link SupervisionSettings}, every problem
 * located. The feed takes {@code site.id}, the households' room sensors (the default rooms) and the
 * alarm classes from the same site version, each read by its own reader. Registered for core's site
 * owner and, in {@code META-INF/services}, for {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class SupervisionSection implements SiteSection<SupervisionSettings> {
    public static final String KEY = "supervision";
    static final List<String> SUPERVISION_KEYS = List.of("interval", "delay", "endpoint", "outdoorSensors", "sources",
            "substations", "roomSensors", "heatUseRate");

    /** Public and without arguments: found with ServiceLoader offline. */
    public SupervisionSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<SupervisionSettings> type() {
        return SupervisionSettings.class;
    }

    @Override
    public SupervisionSettings read(ConfigNode sections, SiteContext context) throws ConfigException {
        SupervisionSettings d = SupervisionSettings.defaults();
        Optional<ConfigNode> section = sections.opt(KEY);
        if (section.isEmpty()) {
            return d;
        }
        ConfigNode node = section.get();
        ProblemCollector problems = new ProblemCollector();
        SupervisionConfig config = problems.read(() -> SupervisionConfig.read(node, SUPERVISION_KEYS)).orElse(d.config());
        Duration interval = problems.read(() -> {
            Duration value = node.duration("interval", d.interval());
            if (value.isZero() || value.isNegative() || Duration.ofDays(1).toMillis() % value.toMillis() != 0) {
                throw node.get("interval").error("expected an interval that divides a day (e.g. 15m, 1h, 1d)");
            }
            return value;
        }).orElse(d.interval());
        Duration delay = problems.read(() -> {
            Duration value = node.duration("delay", d.delay());
            if (value.isNegative() || value.compareTo(interval) >= 0) {
                throw node.get("delay").error("expected a delay from 0 up to the interval");
            }
            return value;
        }).orElse(d.delay());
        String endpoint = problems.read(() -> node.string("endpoint", "").trim()).orElse("");
        List<String> outdoor = problems.read(() -> strings(node, "outdoorSensors")).orElse(List.of());
        List<SupervisionSite.HeatMeterRef> sources = meters(node, "sources", problems);
        List<SupervisionSite.HeatMeterRef> substations = meters(node, "substations", problems);
        Optional<List<String>> rooms = node.has("roomSensors")
                ? problems.read(() -> strings(node, "roomSensors")) : Optional.empty();
        HeatUseRule heatUse = node.has("heatUseRate")
                ? problems.read(() -> HeatUseRule.read(node.get("heatUseRate"))).orElse(d.heatUse()) : d.heatUse();
        problems.throwIfAny();
        return new SupervisionSettings(interval, delay, endpoint, config, outdoor, sources, substations, rooms, heatUse);
    }

    private static List<String> strings(ConfigNode node, String key) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : node.list(key)) {
            out.add(item.asString().trim());
        }
        return out;
    }

    private static List<SupervisionSite.HeatMeterRef> meters(ConfigNode node, String key, ProblemCollector problems) {
        List<SupervisionSite.HeatMeterRef> out = new ArrayList<>();
        for (ConfigNode item : problems.read(() -> node.list(key)).orElse(List.of())) {
            problems.read(() -> {
                item.rejectUnknownKeys(List.of("id", "meter"));
                return new SupervisionSite.HeatMeterRef(item.string("id").trim(), item.string("meter").trim());
            }).ifPresent(out::add);
        }
        return out;
    }
}
