package io.heathub.control.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the engine's inputs come from and where its outputs go, on this site: the
 * {@code control.binding} section of {@code site.yaml} (read by {@link ControlBindingReader}).
 * Household ids are device ids: one thermostat panel is one household.
 *
 * @param outdoor           the outdoor temperature point
 * @param forecast          a point whose readings time-stamped in the future are forecast points
 * @param supply            the secondary supply setpoint (written; its reading is the current setpoint)
 * @param supplyTemperature measured secondary supply, shown in the report
 * @param returnTemperature measured secondary return, shown in the report
 * @param households        thermostat panels the engine drives, by device group
 * @param rooms             plain room sensors (no thermostat), by device group
 * @param pumps             the pump drive of each zone
 * @param sourceLoad        the heat source load setpoint
 * @param sourceFlow        the heat source flow setpoint
 * @param feedbackMaxAge    an output's current value older than this is unknown
 * @param forecastMaxPoints forecast points kept at most (the furthest ones are dropped)
 * @param dispatch          when a decision becomes a command
 */
public record ControlBinding(Optional<PointRef> outdoor, Optional<PointRef> forecast, Optional<Output> supply,
                             Optional<PointRef> supplyTemperature, Optional<PointRef> returnTemperature,
                             List<HouseholdGroup> households, List<RoomGroup> rooms, Map<String, Output> pumps,
                             Optional<Output> sourceLoad, Optional<Output> sourceFlow, Duration feedbackMaxAge,
                             int forecastMaxPoints, Dispatch dispatch) {

    public ControlBinding {
        Objects.requireNonNull(outdoor, "outdoor");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(supplyTemperature, "supplyTemperature");
        Objects.requireNonNull(returnTemperature, "returnTemperature");
        households = List.copyOf(households);
        rooms = List.copyOf(rooms);
        pumps = Collections.unmodifiableMap(new TreeMap<>(pumps));
        Objects.requireNonNull(sourceLoad, "sourceLoad");
        Objects.requireNonNull(sourceFlow, "sourceFlow");
        Objects.requireNonNull(feedbackMaxAge, "feedbackMaxAge");
        Objects.requireNonNull(dispatch, "dispatch");
    }

    /** A binding that reads and writes nothing (a site without {@code control.binding}). */
    public static ControlBinding none() {
        return new ControlBinding(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), Map.of(), Optional.empty(), Optional.empty(),
                Defaults.FEEDBACK_MAX_AGE, Defaults.FORECAST_MAX_POINTS, Dispatch.defaults());
    }

    /** The one place the binding's defaults live (documented in the module README). */
    static final class Defaults {
        static final Duration FEEDBACK_MAX_AGE = Duration.ofMinutes(10);
        static final int FORECAST_MAX_POINTS = 1000;
        static final String ROOM_POINT = "temp.room";
        static final String USER_SETPOINT_POINT = "setpoint.room";

        private Defaults() {
        }
    }

    /** One point of one device. */
    public record PointRef(String device, String point) {
        public PointRef {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(point, "point");
        }

        @Override
        public String toString() {
            return device + " " + point;
        }
    }

    /**
     * A written point and the point its current value is read from (often the same).
     *
     * @param device   device id
     * @param point    the point commands write
     * @param feedback the point read as the output's current value
     */
    public record Output(String device, String point, String feedback) {
        public Output {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(feedback, "feedback");
        }

        /** The point the current value is read from. */
        public PointRef feedbackRef() {
            return new PointRef(device, feedback);
        }
    }

    /** Devices named one by one, or every device whose id matches a regular expression (whole id). */
    public record DeviceSelector(List<String> ids, Optional<Pattern> pattern) {
        public DeviceSelector {
            ids = List.copyOf(ids);
            Objects.requireNonNull(pattern, "pattern");
        }

        public boolean matches(String device) {
            return ids.contains(device) || pattern.map(p -> p.matcher(device).matches()).orElse(false);
        }

        /** By the pattern's text ({@link Pattern} has no equality of its own): the same file reads into equal bindings. */
        @Override
        public boolean equals(Object o) {
            return o instanceof DeviceSelector other && ids.equals(other.ids)
                    && pattern.map(Pattern::pattern).equals(other.pattern.map(Pattern::pattern));
        }

        @Override
        public int hashCode() {
            return Objects.hash(ids, pattern.map(Pattern::pattern));
        }
    }

    /**
     * Household thermostat panels in one pump zone.
     *
     * @param devices         the panels (household id = device id)
     * @param zone            pump zone
     * @param room            room temperature point
     * @param userSetpoint    point holding what the user set (the program: by temperature)
     * @param setpoint        point the bounded setpoint is written to; empty = never written
     * @param valve           point the valve opening is written to; empty = never written
     * @param valveFeedback   point the valve's current state is read from; empty = {@code valve}
     * @param valveOnOff      the valve is open/closed (1/0), not an opening in %
     * @param defaultSetpoint program of a panel whose user setpoint is unknown; empty = leave the
     *                        household out of that cycle
     * @param mode            point holding the panel's mode (0 temperature, 1 schedule, 2 flow), read as the
     *                        household's mode and written with the site's ({@code control.programs}); empty = the
     *                        site's mode alone
     * @param fixedOpening    point holding the flow mode's fixed opening %, read as the program and written with
     *                        the site's; empty = the site's opening alone
     */
    public record HouseholdGroup(DeviceSelector devices, String zone, String room, String userSetpoint,
                                 Optional<String> setpoint, Optional<String> valve, Optional<String> valveFeedback,
                                 boolean valveOnOff, OptionalDouble defaultSetpoint, Optional<String> mode,
                                 Optional<String> fixedOpening) {
        public HouseholdGroup {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(fixedOpening, "fixedOpening");
            Objects.requireNonNull(devices, "devices");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(userSetpoint, "userSetpoint");
            Objects.requireNonNull(setpoint, "setpoint");
            Objects.requireNonNull(valve, "valve");
            Objects.requireNonNull(valveFeedback, "valveFeedback");
            Objects.requireNonNull(defaultSetpoint, "defaultSetpoint");
        }

        /** The point the valve's current state is read from, if any. */
        public Optional<String> valveFeedbackPoint() {
            return valveFeedback.or(() -> valve);
        }
    }

    /**
     * Plain room sensors in one pump zone: they count for the room trim and the zone's pump.
     *
     * @param devices the sensors
     * @param zone    pump zone
     * @param point   room temperature point
     */
    public record RoomGroup(DeviceSelector devices, String zone, String point) {
        public RoomGroup {
            Objects.requireNonNull(devices, "devices");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(point, "point");
        }
    }

    /**
     * Smallest change worth a command, per kind of output, in the output's unit.
     */
    public record Deadbands(double supply, double pump, double sourceLoad, double sourceFlow, double householdSetpoint,
                            double householdValve) {
        public Deadbands {
            for (double d : new double[] {supply, pump, sourceLoad, sourceFlow, householdSetpoint, householdValve}) {
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("deadbands must be finite and >= 0, got " + d);
                }
            }
        }
    }

    /**
     * When a decision becomes a command.
     *
     * @param deadbands     a SET within its deadband of the output's current value sends nothing
     * @param retryAfter    the same value is not resent sooner than this after a REFUSED or FAILED result
     * @param resultTimeout how long a cycle waits for its commands' results before reporting them pending
     * @param decimals      decimals of a command's value
     */
    public record Dispatch(Deadbands deadbands, Duration retryAfter, Duration resultTimeout, int decimals) {
        public Dispatch {
            Objects.requireNonNull(deadbands, "deadbands");
            if (retryAfter.isNegative() || resultTimeout.isNegative() || resultTimeout.isZero()) {
                throw new IllegalArgumentException("retryAfter must be >= 0 and resultTimeout > 0, got "
                        + retryAfter + ", " + resultTimeout);
            }
            if (decimals < 0 || decimals > 6) {
                throw new IllegalArgumentException("decimals must be within 0..6, got " + decimals);
            }
        }

        /** Supply 0.5 °C, pump 1 Hz, load 1 %, flow 50 m³/h, room setpoint 0.5 °C, valve 5 %; retry after 5 min; wait 20 s; 1 decimal. */
        public static Dispatch defaults() {
            return new Dispatch(new Deadbands(0.5, 1, 1, 50, 0.5, 5), Duration.ofMinutes(5), Duration.ofSeconds(20), 1);
        }
    }
}
