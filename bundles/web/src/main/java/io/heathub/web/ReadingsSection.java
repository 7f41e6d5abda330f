package io.heathub.web;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import io.heathub.wire.ReadingInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The web bundle's section of {@code site.yaml}: which devices a backend may post readings for.
 *
 * <pre>
 * readings:
 *   postable: [forecast, panel-*]   # ids, a prefix ending in *, or * (default: [forecast])
 * </pre>
 *
 * A posted reading is journaled and forwarded like a polled one, so a device the site polls is
 * left out unless the site says otherwise. Registered for core's site owner and, in
 * {@code META-INF/services}, for {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class ReadingsSection implements SiteSection<PostableReadings> {
    public static final String KEY = "readings";

    /** Public and without arguments: {@code bin/heathub check} finds it with ServiceLoader. */
    public ReadingsSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<PostableReadings> type() {
        return PostableReadings.class;
    }

    @Override
    public PostableReadings read(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<ConfigNode> section = sections.opt(KEY);
        if (section.isEmpty()) {
            return PostableReadings.DEFAULT;
        }
        ConfigNode readings = section.get();
        if (!readings.isMap()) {
            throw readings.error("expected a mapping like { postable: [forecast] }");
        }
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> readings.rejectUnknownKeys(List.of("postable")));
        List<String> postable = new ArrayList<>();
        for (ConfigNode entry : problems.read(() -> readings.list("postable")).orElse(List.of())) {
            problems.read(() -> entry(entry)).ifPresent(postable::add);
        }
        problems.throwIfAny();
        return new PostableReadings(postable);
    }

    private static String entry(ConfigNode node) throws ConfigException {
        String entry = node.asString().trim();
        String id = entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry;
        if (!id.isEmpty() && !ReadingInput.DEVICE.matcher(id).matches()) {
            throw node.error("'" + entry + "' is not a device id (letters, digits, '.', '_', '-') or a prefix"
                    + " ending in *");
        }
        return entry;
    }
}
