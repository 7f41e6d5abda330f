package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.HeatingCalendar;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a site's control needs: the calendar, the control set of each kind of day and the
 * utility's thermostat rules. A day whose kind has no set of its own uses {@code base} (the
 * {@code control:} section itself).
 *
 * @param base       the control set of days without their own set
 * @param sets       control sets by kind of day ({@code control.sets.test}, …); all share {@code base}'s zone
 * @param calendar   the heating calendar
 * @param thermostat household thermostat rules
 */
public record ControlPlan(ControlSettings base, Map<DayKind, ControlSettings> sets, HeatingCalendar calendar,
                          ThermostatSettings thermostat) {

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
    }

    /** A plan of one control set for every day, the default calendar and thermostat rules. */
    public static ControlPlan of(ControlSettings settings) {
        return new ControlPlan(settings, Map.of(), HeatingCalendar.defaults(), ThermostatSettings.defaults());
    }

    /** The same plan with the site's calendar (the value of the calendar: section, read by heathub-calendar). */
    public ControlPlan withCalendar(HeatingCalendar calendar) {
        return new ControlPlan(base, sets, calendar, thermostat);
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
