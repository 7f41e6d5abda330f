package io.heathub.core.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.List;

/**
 * A feature section for the tests, as a feature bundle would write one: {@code tank: { level: DEVICE,
 * litres: N }}, the level device must be one of the site's; with a companion key {@code tankAlarms}.
 */
public final class TankSection implements SiteSection<TankSection.Tank> {

    /** The value read. */
    public record Tank(String levelDevice, int litres, String zone, boolean alarms) {
    }

    @Override
    public String key() {
        return "tank";
    }

    @Override
    public java.util.Set<String> companionKeys() {
        return java.util.Set.of("tankAlarms");
    }

    @Override
    public Class<Tank> type() {
        return Tank.class;
    }

    @Override
    public Tank read(ConfigNode sections, SiteContext context) throws ConfigException {
        if (!sections.has("tank")) {
            return new Tank("", 0, context.zone().getId(), sections.has("tankAlarms"));
        }
        ConfigNode tank = sections.get("tank");
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> tank.rejectUnknownKeys(List.of("level", "litres")));
        String level = problems.read(() -> {
            ConfigNode node = tank.get("level");
            if (!context.deviceIds().contains(node.asString())) {
                throw node.error("no device '" + node.asString() + "' in devices:");
            }
            return node.asString();
        }).orElse("");
        int litres = problems.read(() -> tank.integer("litres", 0)).orElse(0);
        problems.throwIfAny();
        return new Tank(level, litres, context.zone().getId(), sections.has("tankAlarms"));
    }
}
