package io.heathub.control;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the engine remembers between cycles. Immutable: each cycle returns a new one.
 *
 * @param outdoor      the outdoor filter's memory
 * @param trim         the room-trim integrator
 * @param lastSupply   last supply setpoint decided while the outdoor was fresh (the "last safe" one)
 * @param lastLoad     last source load setpoint decided
 * @param zones        pump zone memories by zone id
 * @param lastFlow     last source flow setpoint decided
 */
public record ControlState(Optional<OutdoorFilter.State> outdoor, RoomFeedback.State trim,
                           Optional<Setpoint> lastSupply, Optional<Setpoint> lastLoad,
                           Map<String, PumpZoneRule.ZoneState> zones, Optional<Setpoint> lastFlow) {

    /** A state without a flow memory. */
    public ControlState(Optional<OutdoorFilter.State> outdoor, RoomFeedback.State trim, Optional<Setpoint> lastSupply,
                        Optional<Setpoint> lastLoad, Map<String, PumpZoneRule.ZoneState> zones) {
        this(outdoor, trim, lastSupply, lastLoad, zones, Optional.empty());
    }

    /**
     * A value decided at a time.
     *
     * @param value the setpoint
     * @param time  when it was decided
     */
    public record Setpoint(double value, Instant time) {
        public Setpoint {
            Objects.requireNonNull(time, "time");
        }
    }

    public ControlState {
        Objects.requireNonNull(outdoor, "outdoor");
        Objects.requireNonNull(trim, "trim");
        Objects.requireNonNull(lastSupply, "lastSupply");
        Objects.requireNonNull(lastLoad, "lastLoad");
        zones = Collections.unmodifiableMap(new TreeMap<>(zones));
        Objects.requireNonNull(lastFlow, "lastFlow");
    }

    /** The state of an engine that has never run. */
    public static ControlState initial() {
        return new ControlState(Optional.empty(), RoomFeedback.State.initial(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }
}
