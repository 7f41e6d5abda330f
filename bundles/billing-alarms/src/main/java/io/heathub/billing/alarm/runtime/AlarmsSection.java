package io.heathub.billing.alarm.runtime;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The alarms' section of {@code site.yaml}: {@code alarms:}, the {@link AlarmConfig} keys (fault
 * classes, response times, kind classes, clear hold) and the equipment alarm rules
 * ({@code alarms.rules}, {@link AlarmRulesReader}: their devices checked against the site's). Its value is also what the supervision feed
 * counts open alarms by (it finds it by key, as an {@code AlarmConfig} of the billing library).
 * Registered for core's site owner and, in {@code META-INF/services}, for {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class AlarmsSection implements SiteSection<AlarmConfig> {
    public static final String KEY = AlarmConfig.SECTION;

    /** Public and without arguments: found with ServiceLoader offline. */
    public AlarmsSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<AlarmConfig> type() {
        return AlarmConfig.class;
    }

    @Override
    public AlarmConfig read(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<ConfigNode> node = sections.opt(KEY);
        if (node.isEmpty()) {
            return AlarmConfig.defaults();
        }
        ProblemCollector problems = new ProblemCollector();
        AlarmConfig config = problems.read(() -> AlarmConfig.read(node.get())).orElse(AlarmConfig.defaults());
        AlarmRulesReader.Read rules = problems.read(() -> AlarmRulesReader.read(node.get(), config, context.deviceIds()))
                .orElse(null);
        problems.throwIfAny();
        return config.withRules(rules.rules(), rules.classes());
    }

    /** Rule devices unlike any of the site's (their readings must be posted). */
    @Override
    public List<ConfigException> warnings(AlarmConfig value, ConfigNode sections, SiteContext context) {
        try {
            Optional<ConfigNode> node = sections.opt(KEY);
            return node.isPresent() ? AlarmRulesReader.read(node.get(), value, context.deviceIds()).warnings() : List.of();
        } catch (ConfigException e) {
            return List.of(); // read() reported it
        }
    }
}
