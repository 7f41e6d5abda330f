package io.heathub.billing.alarm.runtime;

import io.heathub.billing.health.HealthConfig;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Meter health's section of {@code site.yaml}: {@code health:}, the {@link HealthConfig} keys (absent
 * keys keep their defaults), every problem located. The building meters it compares are the
 * top-level {@code buildings:}, read with the households. Registered for core's site owner and, in
 * {@code META-INF/services}, for {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class HealthSection implements SiteSection<HealthConfig> {
    public static final String KEY = "health";

    /** Public and without arguments: found with ServiceLoader offline. */
    public HealthSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<HealthConfig> type() {
        return HealthConfig.class;
    }

    @Override
    public HealthConfig read(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<ConfigNode> node = sections.opt(KEY);
        if (node.isEmpty()) {
            return HealthConfig.defaults();
        }
        ProblemCollector problems = new ProblemCollector();
        if (node.get().has(HouseholdsSection.BUILDINGS)) {
            // where they were before the households became a shared section
            problems.add(node.get().get(HouseholdsSection.BUILDINGS).error("the building meters are the top-level section"
                    + " buildings: now (read with the households): move this list there, unchanged"));
        }
        HealthConfig config = problems.read(() -> HealthConfig.read(node.get(), List.of(HouseholdsSection.BUILDINGS)))
                .orElse(null);
        problems.throwIfAny();
        return config;
    }
}
