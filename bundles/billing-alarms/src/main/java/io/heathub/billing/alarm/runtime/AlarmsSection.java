package io.heathub.billing.alarm.runtime;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The alarms' section of {@code site.yaml}: {@code alarms:}, the {@link AlarmConfig} keys (fault
 * classes, response times, kind classes, clear hold). Its value is also what the supervision feed
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
        return node.isPresent() ? AlarmConfig.read(node.get()) : AlarmConfig.defaults();
    }
}
