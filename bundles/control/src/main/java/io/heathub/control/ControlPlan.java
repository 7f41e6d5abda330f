package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.HeatingCalendar;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a site's control needs: the calendar, the control set of each kind of day and the
 * utility's thermostat rules. A day whose kind has no set of its own uses {@code base} (the
 * {@code control:} section itself).
 *
 * @param base       the control set of days without their own set
 * @param sets       control sets by kind of day ({@code control.sets.test}, …); all share {@code base}'s zone
 * @param calendar   the heating calendar
 * @param thermostat household thermostat rules
 * @param schedules  weekly programs (定时) by name ({@code control.schedules})
 * @param programs   the site's program of each household that has one ({@code control.programs}), by household id
 */
public record ControlPlan(ControlSettings base, Map<DayKind, ControlSettings> sets, HeatingCalendar calendar,
                          ThermostatSettings thermostat, Map<String, ThermostatProgram.WeeklySchedule> schedules,
                          Map<String, HouseholdProgram> programs) {

    /** The schedule of households in the schedule mode whose program names none. */
    public static final String DEFAULT_SCHEDULE = "default";

    /** A plan without schedules and household programs. */
    public ControlPlan(ControlSettings base, Map<DayKind, ControlSettings> sets, HeatingCalendar calendar,
                       ThermostatSettings thermostat) {
        this(base, sets, calendar, thermostat, Map.of(), Map.of());
    }

    public ControlPlan {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(thermostat, "thermostat");
        EnumMap<DayKind, ControlSettings> copy = new EnumMap<>(DayKind.class);
        copy.putAll(sets);
        for (Map.Entry<DayKind, ControlSettings> set : copy.entrySet()) {
            if (!set.getValue().siteZone().equals(base.siteZone())) {
                throw new IllegalArgumentException("control set " + set.getKey().configName() + " has zone "
                        + set.getValue().siteZone() + ", the site's is " + base.siteZone());
            }
        }
        sets = Collections.unmodifiableMap(copy);
        schedules = Collections.unmodifiableMap(new TreeMap<>(schedules));
        programs = Collections.unmodifiableMap(new TreeMap<>(programs));
        for (Map.Entry<String, HouseholdProgram> program : programs.entrySet()) {
            Optional<String> name = program.getValue().scheduleName();
            if (name.isPresent() && !schedules.containsKey(name.get())) {
                throw new IllegalArgumentException("household " + program.getKey() + ": no schedule '" + name.get()
                        + "' in control.schedules");
            }
        }
    }

    /** The site's program of {@code household}; {@link HouseholdProgram#NONE} when the site sets none. */
    public HouseholdProgram program(String household) {
        return programs.getOrDefault(household, HouseholdProgram.NONE);
    }

    /** The weekly schedule of {@code household}: its own, else the one named {@value #DEFAULT_SCHEDULE}. */
    public Optional<ThermostatProgram.WeeklySchedule> schedule(String household) {
        HouseholdProgram program = program(household);
        return program.schedule().or(() -> Optional.ofNullable(schedules.get(DEFAULT_SCHEDULE)));
    }

    /** A plan of one control set for every day, the default calendar and thermostat rules. */
    public static ControlPlan of(ControlSettings settings) {
        return new ControlPlan(settings, Map.of(), HeatingCalendar.defaults(), ThermostatSettings.defaults());
    }

    /** The same plan with the site's calendar (the value of the calendar: section, read by heathub-calendar). */
    public ControlPlan withCalendar(HeatingCalendar calendar) {
        return new ControlPlan(base, sets, calendar, thermostat, schedules, programs);
    }

    /** The control set of a kind of day. */
    public ControlSettings settingsFor(DayKind kind) {
        return sets.getOrDefault(kind, base);
    }

    /** The name of the set used on a kind of day, for reasons: "test" or "base". */
    public String setNameFor(DayKind kind) {
        return sets.containsKey(kind) ? kind.configName() : "base";
    }
}
