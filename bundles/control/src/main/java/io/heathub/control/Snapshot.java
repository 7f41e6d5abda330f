package io.heathub.control;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The inputs of one cycle. A current value that is not finite counts as unknown.
 *
 * @param outdoor       outdoor samples (any number, any order)
 * @param forecast      forecast points (any order)
 * @param roomsByZone   household room samples per zone id
 * @param pumpHzByZone  current drive frequency per zone id (feedback, or the last setpoint)
 * @param currentSupply the supply setpoint the controller holds now, if known
 * @param currentLoad   the source load setpoint now, if known
 * @param currentFlow   the source flow setpoint now, if known
 * @param households    households with thermostats; the rooms of those heated today also count in
 *                      their zone's room samples
 */
public record Snapshot(List<Sample> outdoor, List<ForecastPoint> forecast, Map<String, List<Sample>> roomsByZone,
                       Map<String, Double> pumpHzByZone, OptionalDouble currentSupply, OptionalDouble currentLoad,
                       OptionalDouble currentFlow, List<Household> households) {

    /** Inputs without households and without a current flow. */
    public Snapshot(List<Sample> outdoor, List<ForecastPoint> forecast, Map<String, List<Sample>> roomsByZone,
                    Map<String, Double> pumpHzByZone, OptionalDouble currentSupply, OptionalDouble currentLoad) {
        this(outdoor, forecast, roomsByZone, pumpHzByZone, currentSupply, currentLoad, OptionalDouble.empty(), List.of());
    }

    public Snapshot {
        outdoor = List.copyOf(outdoor);
        forecast = List.copyOf(forecast);
        TreeMap<String, List<Sample>> rooms = new TreeMap<>();
        roomsByZone.forEach((zone, samples) -> rooms.put(zone, List.copyOf(samples)));
        roomsByZone = Collections.unmodifiableMap(rooms);
        pumpHzByZone = Collections.unmodifiableMap(new TreeMap<>(pumpHzByZone));
        Objects.requireNonNull(currentSupply, "currentSupply");
        Objects.requireNonNull(currentLoad, "currentLoad");
        Objects.requireNonNull(currentFlow, "currentFlow");
        households = List.copyOf(households);
        if (households.stream().map(Household::id).distinct().count() != households.size()) {
            throw new IllegalArgumentException("household ids must be unique");
        }
    }
}
