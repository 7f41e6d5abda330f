package io.heathub.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The utility's rules for household thermostats (docs/domain.md §3.5).
 *
 * @param setpointBounds what a user may set (16–24 °C): setpoints outside are clamped, with the reason
 * @param hysteresis     the valve opens below setpoint − hysteresis and closes above setpoint + hysteresis
 * @param antiFreezeBelow room below this (8 °C) → valve opened whatever the mode and the calendar;
 *                       released at {@code antiFreezeBelow + hysteresis}
 * @param antiFreezeOpening valve opening % while anti-freeze holds
 * @param fixedOpening   bounds of a fixed opening (定流量) %
 * @param roomMaxAge     older room readings do not drive the valve (held instead)
 * @param plausible      room readings outside this range are ignored (°C); wider than the room feedback's
 *                       so that a freezing flat is still seen
 */
public record ThermostatSettings(Limits setpointBounds, double hysteresis, double antiFreezeBelow,
                                 double antiFreezeOpening, Limits fixedOpening, Duration roomMaxAge, Limits plausible) {

    /** A fully open valve, %. */
    public static final double OPEN = 100;
    /** A closed valve, %. */
    public static final double CLOSED = 0;

    public ThermostatSettings {
        Objects.requireNonNull(setpointBounds, "setpointBounds");
        Objects.requireNonNull(fixedOpening, "fixedOpening");
        Objects.requireNonNull(roomMaxAge, "roomMaxAge");
        Objects.requireNonNull(plausible, "plausible");
        if (!(hysteresis >= 0) || Double.isInfinite(hysteresis)) {
            throw new IllegalArgumentException("thermostat.hysteresis must be finite and >= 0, got " + hysteresis);
        }
        if (!Double.isFinite(antiFreezeBelow) || !(antiFreezeBelow + hysteresis < setpointBounds.min())) {
            throw new IllegalArgumentException("thermostat.antiFreezeBelow + hysteresis must be below the lowest"
                    + " setpoint " + setpointBounds.min() + ", got " + antiFreezeBelow);
        }
        Limits valve = new Limits(CLOSED, OPEN);
        if (!valve.contains(antiFreezeOpening) || !(antiFreezeOpening > 0)) {
            throw new IllegalArgumentException("thermostat.antiFreezeOpening must be in (0, 100] %, got " + antiFreezeOpening);
        }
        if (!valve.contains(fixedOpening.min()) || !valve.contains(fixedOpening.max())) {
            throw new IllegalArgumentException("thermostat fixed opening bounds must lie in 0–100 %, got " + fixedOpening);
        }
        if (roomMaxAge.isNegative() || roomMaxAge.isZero()) {
            throw new IllegalArgumentException("thermostat.roomMaxAge must be > 0, got " + roomMaxAge);
        }
    }

    /**
     * Defaults: users may set 16–24 °C, hysteresis 0.5 K, anti-freeze below 8 °C opens the valve
     * 100 %, fixed openings 0–100 %, room readings stale after 1 h, plausible −30…60 °C.
     */
    public static ThermostatSettings defaults() {
        return new ThermostatSettings(new Limits(16, 24), 0.5, 8, OPEN, new Limits(CLOSED, OPEN), Duration.ofHours(1),
                new Limits(-30, 60));
    }
}
