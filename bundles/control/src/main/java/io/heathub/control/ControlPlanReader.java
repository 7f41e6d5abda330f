package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.calendar.HeatingCalendarReader;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link ControlPlan} from a whole site file: the {@code control:} section (the base control
 * set, {@code sets:} by kind of day, {@code thermostat:}) and the {@code calendar:} section. Every
 * key is optional; other top-level sections are not looked at. Errors are {@link ConfigException}s
 * naming file, line, column and field. The keys are listed in the module README.
 */
public final class ControlPlanReader {

    private ControlPlanReader() {
    }

    /** The plan of the site whose parsed {@code site.yaml} is {@code root} (its zone from {@code site.zone}). */
    public static ControlPlan read(ConfigNode root) throws ConfigException {
        // the control zone defaults to the site's zone: one zone for calendar days and billing cuts
        Optional<ConfigNode> siteZone = root.opt("site").isPresent() ? root.get("site").opt("zone") : Optional.empty();
        ZoneId zone = siteZone.isPresent() ? ControlSettingsReader.zone(siteZone.get()) : ControlSettings.defaults().siteZone();
        return read(root, zone);
    }

    /**
     * The plan read from the {@code control:} and {@code calendar:} keys of {@code sections} (other
     * keys are not looked at), the control zone defaulting to {@code siteZone}. Reports the problems
     * of the base set, of each day's set, of the thermostat rules and of the calendar together.
     */
    public static ControlPlan read(ConfigNode sections, ZoneId siteZone) throws ConfigException {
        ControlSettings d = ControlSettings.defaults();
        ControlSettings defaults = new ControlSettings(d.curve(), d.supply(), d.outdoor(), d.room(), d.pump(), d.source(),
                d.flow(), siteZone);
        ProblemCollector problems = new ProblemCollector();
        Optional<ConfigNode> control = sections.opt("control");
        ControlSettings base = defaults;
        Map<DayKind, ControlSettings> sets = new EnumMap<>(DayKind.class);
        ThermostatSettings thermostat = ThermostatSettings.defaults();
        Map<String, ThermostatProgram.WeeklySchedule> schedules = new java.util.TreeMap<>();
        Map<String, HouseholdProgram> programs = new java.util.TreeMap<>();
        if (control.isPresent()) {
            ConfigNode node = control.get();
            // binding and dispatch belong to the runtime (io.heathub.control.runtime.ControlBindingReader)
            base = problems.read(() -> ControlSettingsReader.read(node, defaults, true,
                    List.of("sets", "thermostat", "schedules", "programs", "binding", "dispatch"))).orElse(defaults);
            if (node.has("sets")) {
                ControlSettings setBase = base;
                problems.read(() -> sets(node.get("sets"), setBase)).ifPresent(sets::putAll);
            }
            if (node.has("thermostat")) {
                thermostat = problems.read(() -> thermostat(node.get("thermostat"), ThermostatSettings.defaults()))
                        .orElse(thermostat);
            }
            if (node.has("schedules")) {
                problems.read(() -> HouseholdProgramReader.schedules(node.get("schedules"))).ifPresent(schedules::putAll);
            }
            if (node.has("programs")) {
                problems.read(() -> HouseholdProgramReader.programs(node.get("programs"), schedules)).ifPresent(programs::putAll);
            }
        }
        // the calendar's one reader (heathub-calendar); in the hub its section comes separately (ControlPlan.withCalendar)
        HeatingCalendar calendar = sections.has("calendar")
                ? problems.read(() -> HeatingCalendarReader.read(sections.get("calendar"))).orElse(HeatingCalendar.defaults())
                : HeatingCalendar.defaults();
        problems.throwIfAny();
        return new ControlPlan(base, sets, calendar, thermostat, schedules, programs);
    }

    private static Map<DayKind, ControlSettings> sets(ConfigNode setsNode, ControlSettings base) throws ConfigException {
        List<String> kinds = new ArrayList<>();
        for (DayKind kind : DayKind.values()) {
            kinds.add(kind.configName());
        }
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> setsNode.rejectUnknownKeys(kinds));
        Map<DayKind, ControlSettings> sets = new EnumMap<>(DayKind.class);
        for (DayKind kind : DayKind.values()) {
            if (setsNode.has(kind.configName())) {
                problems.read(() -> ControlSettingsReader.read(setsNode.get(kind.configName()), base, false, List.of()))
                        .ifPresent(set -> sets.put(kind, set));
            }
        }
        problems.throwIfAny();
        return sets;
    }

    private static ThermostatSettings thermostat(ConfigNode n, ThermostatSettings d) throws ConfigException {
        n.rejectUnknownKeys(List.of("minSetpoint", "maxSetpoint", "hysteresis", "antiFreezeBelow", "antiFreezeOpening",
                "minFixedOpening", "maxFixedOpening", "roomMaxAge", "plausibleMin", "plausibleMax"));
        try {
            return new ThermostatSettings(ControlSettingsReader.limits(n, "minSetpoint", "maxSetpoint", d.setpointBounds()),
                    ControlSettingsReader.num(n, "hysteresis", d.hysteresis()),
                    ControlSettingsReader.num(n, "antiFreezeBelow", d.antiFreezeBelow()),
                    ControlSettingsReader.num(n, "antiFreezeOpening", d.antiFreezeOpening()),
                    ControlSettingsReader.limits(n, "minFixedOpening", "maxFixedOpening", d.fixedOpening()),
                    n.duration("roomMaxAge", d.roomMaxAge()),
                    ControlSettingsReader.limits(n, "plausibleMin", "plausibleMax", d.plausible()));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
