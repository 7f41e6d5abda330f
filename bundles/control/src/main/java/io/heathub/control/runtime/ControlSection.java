package io.heathub.control.runtime;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlPlanReader;
import io.heathub.control.ControlSettings;
import io.heathub.calendar.DayKind;
import io.heathub.control.Limits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/**
 * Control's section of {@code site.yaml}: {@code control:} (engine rules, day sets, thermostat rules,
 * binding, dispatch), read into a {@link ControlSite}. The calendar is not read here: it is the site's
 * one {@code calendar:} section (heathub-calendar's reader), which the loop takes from the same version. The
 * control zone defaults to {@code site.zone}; every device the binding writes to must be a device
 * of the site. Its warnings: an output's limits reaching outside {@code commands.bounds} of the point
 * it is written to (such setpoints are refused by the command path at every cycle). Registered for
 * core's site owner and, in {@code META-INF/services}, for {@code bin/heathub check}.
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
        problems.check(() -> ControlBindingReader.checkProgramHouseholds(sections, context.deviceIds()));
        problems.throwIfAny();
        return new ControlSite(plan.orElseThrow(), binding.orElseThrow());
    }

    /**
     * Every written output whose limits (in the base control set or a day kind's set) reach outside
     * the command bounds of its point, located at the output in {@code control.binding}: the engine
     * would decide setpoints the command path refuses, and retry them.
     */
    @Override
    public List<ConfigException> warnings(ControlSite value, ConfigNode sections, SiteContext context) {
        CommandPolicy commands = context.commands();
        ControlBinding binding = value.binding();
        ControlPlan plan = value.plan();
        List<ConfigException> out = new ArrayList<>();
        binding.supply().ifPresent(o -> outside(out, sections, List.of("supply"), o.point(), commands,
                limits(plan, s -> s.supply().limits(), "supply"), "°C"));
        binding.pumps().forEach((zone, o) -> outside(out, sections, List.of("pumps", zone), o.point(), commands,
                limits(plan, s -> s.pump().limits(), "pump"), "Hz"));
        binding.sourceLoad().ifPresent(o -> outside(out, sections, List.of("sourceLoad"), o.point(), commands,
                limits(plan, s -> s.source().limits(), "source"), "%"));
        binding.sourceFlow().ifPresent(o -> outside(out, sections, List.of("sourceFlow"), o.point(), commands,
                limits(plan, s -> s.flow().limits(), "flow"), "m³/h"));
        for (int i = 0; i < binding.households().size(); i++) {
            ControlBinding.HouseholdGroup group = binding.households().get(i);
            if (group.setpoint().isPresent()) {
                outside(out, sections, List.of("households", String.valueOf(i), "setpoint"), group.setpoint().get(),
                        commands, Map.of("control.thermostat", plan.thermostat().setpointBounds()), "°C");
            }
            if (group.valve().isPresent() && !group.valveOnOff()) {
                outside(out, sections, List.of("households", String.valueOf(i), "valve"), group.valve().get(), commands,
                        Map.of("a valve opening", new Limits(0, 100)), "%");
            }
            if (group.mode().isPresent()) {
                outside(out, sections, List.of("households", String.valueOf(i), "mode"), group.mode().get(), commands,
                        Map.of("the three modes", new Limits(0, 2)), "");
            }
            if (group.fixedOpening().isPresent()) {
                outside(out, sections, List.of("households", String.valueOf(i), "fixedOpening"), group.fixedOpening().get(),
                        commands, Map.of("control.thermostat", plan.thermostat().fixedOpening()), "%");
            }
        }
        return out;
    }

    /** The limits of each control set by where they are set ({@code control.supply}, {@code control.sets.test.supply}), base first. */
    private static Map<String, Limits> limits(ControlPlan plan, Function<ControlSettings, Limits> of, String group) {
        Map<String, Limits> out = new LinkedHashMap<>();
        out.put(KEY + "." + group, of.apply(plan.base()));
        for (Map.Entry<DayKind, ControlSettings> set : plan.sets().entrySet()) {
            out.put(KEY + ".sets." + set.getKey().configName() + "." + group, of.apply(set.getValue()));
        }
        return out;
    }

    private static void outside(List<ConfigException> out, ConfigNode sections, List<String> path, String point,
                                CommandPolicy commands, Map<String, Limits> limits, String unit) {
        Optional<CommandPolicy.Range> bound = commands.bound(point);
        if (bound.isEmpty()) {
            return;
        }
        List<String> wide = new ArrayList<>();
        for (Map.Entry<String, Limits> set : limits.entrySet()) {
            Limits l = set.getValue();
            if (BigDecimal.valueOf(l.min()).compareTo(bound.get().min()) < 0
                    || BigDecimal.valueOf(l.max()).compareTo(bound.get().max()) > 0) {
                wide.add(number(l.min()) + "–" + number(l.max()) + (unit.isEmpty() ? "" : " " + unit) + " (" + set.getKey() + ")");
            }
        }
        if (wide.isEmpty()) {
            return;
        }
        out.add(at(sections, path).error("the engine decides " + point + " within " + String.join(" and ", wide)
                + " but commands.bounds." + point + " allows " + bound.get().min().toPlainString() + "–"
                + bound.get().max().toPlainString() + ": values outside are refused at every cycle; narrow "
                + (wide.size() == 1 ? "that range" : "those ranges") + " or widen the bound"));
    }

    /** The binding node at {@code path} under {@code control.binding} (list items by index), or the nearest above. */
    private static ConfigNode at(ConfigNode sections, List<String> path) {
        ConfigNode node = sections;
        try {
            node = sections.get(KEY).get("binding");
            for (String step : path) {
                ConfigNode next = node.isList() ? node.asList().get(Integer.parseInt(step)) : node.opt(step).orElse(null);
                if (next == null) {
                    break;
                }
                node = next;
            }
        } catch (ConfigException | RuntimeException e) {
            // the nearest node found so far names the place well enough
        }
        return node;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
