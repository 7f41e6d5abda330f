package io.heathub.control.runtime;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlPlanReader;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Control's section of {@code site.yaml}: {@code control:} (engine rules, day sets, thermostat rules,
 * binding, dispatch) with its companion {@code calendar:}, read into a {@link ControlSite}. The
 * control zone defaults to {@code site.zone}; every device the binding writes to must be a device
 * of the site. Registered for core's site owner and, in {@code META-INF/services}, for
 * {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class ControlSection implements SiteSection<ControlSite> {

    public static final String KEY = "control";

    /** Public and without arguments: {@code bin/heathub check} finds it with ServiceLoader. */
    public ControlSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Set<String> companionKeys() {
        return Set.of("calendar");
    }

    @Override
    public Class<ControlSite> type() {
        return ControlSite.class;
    }

    @Override
    public ControlSite read(ConfigNode sections, SiteContext context) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        Optional<ControlPlan> plan = problems.read(() -> {
            try {
                return ControlPlanReader.read(sections, context.zone());
            } catch (IllegalArgumentException e) {
                // a value the engine's records refuse that the reader did not name
                throw sections.opt(KEY).orElse(sections).error(e.getMessage());
            }
        });
        Optional<ControlBinding> binding = problems.read(() -> ControlBindingReader.read(sections));
        if (plan.isPresent() && binding.isPresent()) {
            problems.check(() -> ControlBindingReader.checkAgainst(plan.get(), binding.get(), sections));
        }
        problems.check(() -> ControlBindingReader.checkWrittenDevices(sections, context.deviceIds()));
        problems.throwIfAny();
        return new ControlSite(plan.orElseThrow(), binding.orElseThrow());
    }
}
