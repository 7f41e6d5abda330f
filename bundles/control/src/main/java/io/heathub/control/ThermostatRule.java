package io.heathub.control;

import io.heathub.calendar.HeatingCalendar;
import io.heathub.calendar.CalendarDay;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Household thermostat (docs/domain.md §3.5): from the user's program, the utility's bounds, the room
 * temperature and the calendar day, the room setpoint to write and the valve opening, each with
 * its reason. Two decisions per household: {@code household/<id>/setpoint} (°C) and
 * {@code household/<id>/valve} (%).
 *
 * <ul>
 *   <li>By temperature / schedule: the user's (or the schedule's) setpoint is clamped to the
 *       bounds; the valve opens below setpoint − hysteresis, closes above setpoint + hysteresis and
 *       holds in between. A missing, stale or suspect room reading holds the valve.</li>
 *   <li>By flow: the fixed opening, clamped to its bounds; no setpoint is written.</li>
 *   <li>Days without heat for the household (off-season, not elastic): valve closed, no setpoint.</li>
 *   <li>Anti-freeze, whatever the mode and the day: a room below {@code antiFreezeBelow} opens the
 *       valve at least {@code antiFreezeOpening} until it is back at {@code antiFreezeBelow + hysteresis}.</li>
 * </ul>
 */
public final class ThermostatRule {

    /** Prefix of household outputs: {@code household/<id>/setpoint}, {@code household/<id>/valve}. */
    public static final String PREFIX = "household/";

    private final ThermostatSettings settings;
    private final HeatingCalendar calendar;

    /** A rule with the utility's settings; schedule entries limited to kinds of day read the default calendar. */
    public ThermostatRule(ThermostatSettings settings) {
        this(settings, HeatingCalendar.defaults());
    }

    /** A rule with the utility's settings and the site's calendar (for schedule entries limited to kinds of day). */
    public ThermostatRule(ThermostatSettings settings, HeatingCalendar calendar) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** Output name of a household's setpoint. */
    public static String setpointOutput(String household) {
        return PREFIX + household + "/setpoint";
    }

    /** Output name of a household's valve. */
    public static String valveOutput(String household) {
        return PREFIX + household + "/valve";
    }

    /**
     * The two decisions of {@code household} at {@code now}.
     *
     * @param household the household, its program and its room
     * @param day       the calendar day (site zone)
     * @param localTime {@code now} in the site's zone, for schedules
     * @param now       the cycle's time, for the room reading's age
     */
    public List<Decision> decide(Household household, CalendarDay day, LocalDateTime localTime, Instant now) {
        String id = household.id();
        boolean heats = day.heats(id);
        String billing = day.meteredBilling(id) ? ", elastic heating (metered billing)" : "";
        OptionalDouble room = household.room()
                .filter(sample -> sample.usable(now, settings.roomMaxAge(), settings.plausible()))
                .map(sample -> OptionalDouble.of(sample.value()))
                .orElse(OptionalDouble.empty());
        OptionalDouble current = household.valve().isPresent() && Double.isFinite(household.valve().getAsDouble())
                ? household.valve() : OptionalDouble.empty();

        Map<String, Double> inputs = new LinkedHashMap<>();
        room.ifPresent(value -> inputs.put("room", value));
        current.ifPresent(value -> inputs.put("valve.current", value));
        inputs.put("heated", heats ? 1.0 : 0.0);
        inputs.put("meteredBilling", day.meteredBilling(id) ? 1.0 : 0.0);

        // the setpoint the program asks for now, bounded
        OptionalDouble effective = OptionalDouble.empty();
        String setpointText = "";
        if (household.program() instanceof ThermostatProgram.ByTemperature temperature) {
            effective = OptionalDouble.of(bounded(temperature.setpoint(), inputs));
            setpointText = describeSetpoint("user setpoint", temperature.setpoint(), effective.getAsDouble());
        } else if (household.program() instanceof ThermostatProgram.BySchedule schedule) {
            OptionalDouble wanted = schedule.schedule().setpointAt(localTime, date -> calendar.on(date).kind());
            if (wanted.isPresent()) {
                effective = OptionalDouble.of(bounded(wanted.getAsDouble(), inputs));
                setpointText = describeSetpoint("schedule setpoint at " + localTime.toLocalTime(), wanted.getAsDouble(),
                        effective.getAsDouble());
            }
        }

        Decision setpoint;
        String mode = household.program().mode();
        if (effective.isEmpty()) {
            String none = household.program() instanceof ThermostatProgram.BySchedule
                    ? "no schedule entry applies within the past week on these kinds of day" : "none in " + mode + " mode";
            setpoint = new Decision(setpointOutput(id), Decision.Action.HOLD, OptionalDouble.empty(), "°C", inputs,
                    "household " + id + " setpoint: " + none);
        } else if (!heats) {
            setpoint = new Decision(setpointOutput(id), Decision.Action.HOLD, OptionalDouble.empty(), "°C", inputs,
                    "household " + id + " setpoint: not written, no heat on " + day.describe());
        } else {
            setpoint = new Decision(setpointOutput(id), Decision.Action.SET, effective, "°C", inputs,
                    String.format(Locale.ROOT, "household %s setpoint %.1f °C (%s mode): %s%s", id,
                            effective.getAsDouble(), mode, setpointText, billing));
        }
        return List.of(setpoint, valve(household, day, heats, billing, room, current, effective, inputs));
    }

    private Decision valve(Household household, CalendarDay day, boolean heats, String billing, OptionalDouble room,
                           OptionalDouble current, OptionalDouble effective, Map<String, Double> inputs) {
        String id = household.id();
        String output = valveOutput(id);
        Limits valveRange = new Limits(ThermostatSettings.CLOSED, ThermostatSettings.OPEN);
        String mode = household.program().mode();

        // what the mode and the day want: a value, or NaN to hold the current opening
        double wish;
        String why;
        if (!heats) {
            wish = ThermostatSettings.CLOSED;
            why = "closed, no heat on " + day.describe();
        } else if (household.program() instanceof ThermostatProgram.ByFlow flow) {
            wish = settings.fixedOpening().clamp(flow.opening());
            why = String.format(Locale.ROOT, "fixed opening (flow mode) %.0f %%", flow.opening())
                    + (wish != flow.opening() ? String.format(Locale.ROOT, " clamped to %.0f–%.0f %%",
                    settings.fixedOpening().min(), settings.fixedOpening().max()) : "");
        } else if (room.isEmpty()) {
            wish = Double.NaN;
            why = "held, room reading missing, stale or suspect (" + mode + " mode)";
        } else if (effective.isEmpty()) {
            wish = Double.NaN;
            why = "held, no scheduled setpoint (" + mode + " mode)";
        } else {
            double sp = effective.getAsDouble();
            double low = sp - settings.hysteresis();
            double high = sp + settings.hysteresis();
            double r = room.getAsDouble();
            if (r < low) {
                wish = ThermostatSettings.OPEN;
                why = String.format(Locale.ROOT, "open, room %.1f °C < %.1f °C (%s mode)", r, low, mode);
            } else if (r > high) {
                wish = ThermostatSettings.CLOSED;
                why = String.format(Locale.ROOT, "closed, room %.1f °C > %.1f °C (%s mode)", r, high, mode);
            } else if (current.isPresent()) {
                wish = Double.NaN;
                why = String.format(Locale.ROOT, "held, room %.1f °C within %.1f–%.1f °C (%s mode)", r, low, high, mode);
            } else {
                // no memory of the valve: decide on which side of the setpoint the room is
                wish = r < sp ? ThermostatSettings.OPEN : ThermostatSettings.CLOSED;
                why = String.format(Locale.ROOT, "%s, room %.1f °C %s setpoint %.1f °C, valve state unknown (%s mode)",
                        r < sp ? "open" : "closed", r, r < sp ? "<" : ">=", sp, mode);
            }
        }

        // anti-freeze overrides the mode and the calendar: a freezing flat damages the building
        if (room.isPresent()) {
            double r = room.getAsDouble();
            boolean freezing = r < settings.antiFreezeBelow();
            boolean releasing = r < settings.antiFreezeBelow() + settings.hysteresis()
                    && current.isPresent() && current.getAsDouble() >= settings.antiFreezeOpening();
            if (freezing || releasing) {
                double base = Double.isNaN(wish) ? current.orElse(ThermostatSettings.CLOSED) : wish;
                double value = valveRange.clamp(Math.max(base, settings.antiFreezeOpening()));
                return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "%", inputs,
                        String.format(Locale.ROOT, "household %s valve %.0f %%: anti-freeze, room %.1f °C %s %.1f °C%s",
                                id, value, r, freezing ? "<" : "not yet back at",
                                freezing ? settings.antiFreezeBelow() : settings.antiFreezeBelow() + settings.hysteresis(),
                                billing));
            }
        }
        if (Double.isNaN(wish)) {
            OptionalDouble held = current.isPresent() ? OptionalDouble.of(valveRange.clamp(current.getAsDouble()))
                    : OptionalDouble.empty();
            return new Decision(output, Decision.Action.HOLD, held, "%", inputs,
                    "household " + id + " valve " + why + billing);
        }
        double value = valveRange.clamp(wish);
        return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "%", inputs,
                String.format(Locale.ROOT, "household %s valve %.0f %%: %s%s", id, value, why, billing));
    }

    private double bounded(double wanted, Map<String, Double> inputs) {
        inputs.put("setpoint.user", wanted);
        double value = settings.setpointBounds().clamp(wanted);
        inputs.put("setpoint.effective", value);
        return value;
    }

    private String describeSetpoint(String what, double wanted, double effective) {
        if (wanted == effective) {
            return String.format(Locale.ROOT, "%s %.1f °C", what, wanted);
        }
        return String.format(Locale.ROOT, "%s %.1f °C clamped to the utility's bounds %.1f–%.1f °C", what, wanted,
                settings.setpointBounds().min(), settings.setpointBounds().max());
    }
}
