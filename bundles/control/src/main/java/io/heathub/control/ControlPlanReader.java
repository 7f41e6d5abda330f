package io.heathub.control;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import org.threeten.extra.LocalDateRange;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
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
        HeatingCalendar calendar = sections.has("calendar")
                ? problems.read(() -> calendar(sections.get("calendar"))).orElse(HeatingCalendar.defaults())
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

    private static HeatingCalendar calendar(ConfigNode n) throws ConfigException {
        n.rejectUnknownKeys(List.of("season", "test", "extensions", "elastic"));
        HeatingCalendar d = HeatingCalendar.defaults();
        HeatingCalendar.YearlyPeriod season = n.has("season") ? yearly(n.get("season")) : d.season();
        Optional<HeatingCalendar.YearlyPeriod> test = d.test();
        if (n.has("test")) {
            ConfigNode testNode = n.get("test");
            // "test: none" for a site without a test period
            test = testNode.isScalar() && testNode.asString().trim().equals("none")
                    ? Optional.empty() : Optional.of(yearly(testNode));
        }
        List<HeatingCalendar.Extension> extensions = new ArrayList<>();
        for (ConfigNode e : n.has("extensions") ? n.list("extensions") : List.<ConfigNode>of()) {
            e.rejectUnknownKeys(List.of("from", "to", "reason"));
            extensions.add(new HeatingCalendar.Extension(dates(e), e.string("reason", "")));
        }
        List<HeatingCalendar.ElasticRequest> elastic = new ArrayList<>();
        for (ConfigNode e : n.has("elastic") ? n.list("elastic") : List.<ConfigNode>of()) {
            e.rejectUnknownKeys(List.of("household", "from", "to"));
            String household = e.get("household").asString().trim();
            if (household.isEmpty()) {
                throw e.get("household").error("household id must not be empty");
            }
            elastic.add(new HeatingCalendar.ElasticRequest(household, dates(e)));
        }
        try {
            return new HeatingCalendar(season.first(), season.last(), test, extensions, elastic);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static HeatingCalendar.YearlyPeriod yearly(ConfigNode n) throws ConfigException {
        if (!n.isMap()) {
            throw n.error("expected { from: MM-DD, to: MM-DD }");
        }
        n.rejectUnknownKeys(List.of("from", "to"));
        MonthDay first = ControlSettingsReader.monthDay(n.get("from"));
        MonthDay last = ControlSettingsReader.monthDay(n.get("to"));
        return new HeatingCalendar.YearlyPeriod(first, last);
    }

    /** {@code from}/{@code to} dates, both included. */
    private static LocalDateRange dates(ConfigNode n) throws ConfigException {
        LocalDate from = date(n.get("from"));
        LocalDate to = date(n.get("to"));
        if (to.isBefore(from)) {
            throw n.get("to").error("'to' " + to + " is before 'from' " + from);
        }
        return LocalDateRange.ofClosed(from, to);
    }

    private static LocalDate date(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw node.error("expected a date like 2027-03-16, got \"" + text + "\"");
        }
    }
}
