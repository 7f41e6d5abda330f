package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads {@code control.schedules} (weekly programs by name) and {@code control.programs} (each
 * household's mode, schedule and fixed opening). Errors name file, line, column and field.
 */
final class HouseholdProgramReader {
    private static final Map<String, Set<DayOfWeek>> DAY_GROUPS = Map.of(
            "weekdays", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            "weekend", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            "all", EnumSet.allOf(DayOfWeek.class));

    private HouseholdProgramReader() {
    }

    /** {@code schedules: { name: [ { days, from, setpoint, kinds } … ] }}. */
    static Map<String, ThermostatProgram.WeeklySchedule> schedules(ConfigNode node) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        Map<String, ThermostatProgram.WeeklySchedule> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> schedule : node.asMap().entrySet()) {
            problems.read(() -> {
                List<ThermostatProgram.WeeklySchedule.Entry> entries = new ArrayList<>();
                List<ConfigNode> items = schedule.getValue().asList();
                if (items.isEmpty()) {
                    throw schedule.getValue().error("a schedule needs at least one entry { days, from, setpoint }");
                }
                for (ConfigNode entry : items) {
                    entries.add(entry(entry));
                }
                return new ThermostatProgram.WeeklySchedule(entries);
            }).ifPresent(s -> out.put(schedule.getKey(), s));
        }
        problems.throwIfAny();
        return out;
    }

    private static ThermostatProgram.WeeklySchedule.Entry entry(ConfigNode entry) throws ConfigException {
        entry.rejectUnknownKeys(List.of("days", "from", "setpoint", "kinds"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        ConfigNode daysNode = entry.get("days");
        for (ConfigNode day : daysNode.isList() ? daysNode.asList() : List.of(daysNode)) {
            days.addAll(days(day));
        }
        Set<DayKind> kinds = EnumSet.noneOf(DayKind.class);
        for (ConfigNode kind : entry.has("kinds") ? entry.list("kinds") : List.<ConfigNode>of()) {
            kinds.add(kind(kind));
        }
        LocalTime from = ControlSettingsReader.timeOfDay(entry.get("from"));
        double setpoint = entry.get("setpoint").asDouble();
        if (!Double.isFinite(setpoint)) {
            throw entry.get("setpoint").error("expected a finite room setpoint °C, got " + entry.get("setpoint").asString());
        }
        try {
            return new ThermostatProgram.WeeklySchedule.Entry(days, from, setpoint, kinds);
        } catch (IllegalArgumentException e) {
            throw entry.error(e.getMessage());
        }
    }

    /** {@code mon} … {@code sun}, {@code weekdays}, {@code weekend}, {@code all}. */
    private static Set<DayOfWeek> days(ConfigNode node) throws ConfigException {
        String text = node.asString().trim().toLowerCase(Locale.ROOT);
        Set<DayOfWeek> group = DAY_GROUPS.get(text);
        if (group != null) {
            return group;
        }
        List<String> known = new ArrayList<>(List.of("weekdays", "weekend", "all"));
        for (DayOfWeek day : DayOfWeek.values()) {
            String name = day.name().substring(0, 3).toLowerCase(Locale.ROOT);
            known.add(name);
            if (name.equals(text)) {
                return EnumSet.of(day);
            }
        }
        throw node.error("unknown day \"" + node.asString().trim() + "\"; expected one of " + String.join(", ", known)
                + DidYouMean.hint(text, known));
    }

    private static DayKind kind(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        List<String> known = new ArrayList<>();
        for (DayKind kind : DayKind.values()) {
            known.add(kind.configName());
            if (kind.configName().equals(text)) {
                return kind;
            }
        }
        throw node.error("unknown kind of day \"" + text + "\"; expected one of " + String.join(", ", known)
                + DidYouMean.hint(text, known));
    }

    /** {@code programs: { household: { mode, schedule, opening } }}. */
    static Map<String, HouseholdProgram> programs(ConfigNode node, Map<String, ThermostatProgram.WeeklySchedule> schedules)
            throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        Map<String, HouseholdProgram> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> household : node.asMap().entrySet()) {
            problems.read(() -> program(household.getValue(), schedules)).ifPresent(p -> out.put(household.getKey(), p));
        }
        problems.throwIfAny();
        return out;
    }

    private static HouseholdProgram program(ConfigNode n, Map<String, ThermostatProgram.WeeklySchedule> schedules)
            throws ConfigException {
        n.rejectUnknownKeys(List.of("mode", "schedule", "opening"));
        Optional<ThermostatMode> mode = Optional.empty();
        if (n.has("mode")) {
            String text = n.get("mode").asString().trim();
            List<String> known = new ArrayList<>();
            for (ThermostatMode m : ThermostatMode.values()) {
                known.add(m.configName());
                if (m.configName().equals(text)) {
                    mode = Optional.of(m);
                }
            }
            if (mode.isEmpty()) {
                throw n.get("mode").error("unknown mode \"" + text + "\"; expected temperature (定温), schedule (定时) or"
                        + " flow (定流量)" + DidYouMean.hint(text, known));
            }
        }
        Optional<String> scheduleName = n.has("schedule") ? Optional.of(n.get("schedule").asString().trim()) : Optional.empty();
        if (scheduleName.isPresent() && !schedules.containsKey(scheduleName.get())) {
            throw n.get("schedule").error("no schedule '" + scheduleName.get() + "' in control.schedules"
                    + DidYouMean.hint(scheduleName.get(), schedules.keySet()));
        }
        if (mode.equals(Optional.of(ThermostatMode.SCHEDULE)) && scheduleName.isEmpty()
                && !schedules.containsKey(ControlPlan.DEFAULT_SCHEDULE)) {
            throw n.error("mode schedule needs a schedule (a name under control.schedules), or a schedule named '"
                    + ControlPlan.DEFAULT_SCHEDULE + "'");
        }
        OptionalDouble opening = OptionalDouble.empty();
        if (n.has("opening")) {
            double value = n.get("opening").asDouble();
            if (!(value >= 0 && value <= 100)) {
                throw n.get("opening").error("a fixed opening must be 0..100 %, got " + n.get("opening").asString());
            }
            opening = OptionalDouble.of(value);
        }
        if (mode.equals(Optional.of(ThermostatMode.FLOW)) && opening.isEmpty()) {
            throw n.error("mode flow needs an opening (the fixed valve opening, %)");
        }
        return new HouseholdProgram(mode, scheduleName, scheduleName.map(schedules::get), opening);
    }
}
