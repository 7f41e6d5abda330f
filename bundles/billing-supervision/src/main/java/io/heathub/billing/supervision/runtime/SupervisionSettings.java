package io.heathub.billing.supervision.runtime;

import io.heathub.billing.supervision.HeatUseRule;
import io.heathub.billing.supervision.SupervisionConfig;
import io.heathub.billing.supervision.SupervisionSite;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The supervision feed's schedule and devices, as {@link SupervisionSection} read them from
 * {@code supervision:}.
 *
 * @param interval       period of one feed; feeds cover [T − interval, T) for T on multiples of interval (UTC)
 * @param delay          how long after T the feed is built, so the readings after T that close the heat cuts are in
 * @param endpoint       the Camel endpoint URI; empty = {@code file:${heathub.data}/supervision}
 * @param config         figures' settings ({@code SupervisionConfig})
 * @param outdoorSensors devices giving {@code temp.outdoor}
 * @param sources        heat meters of the heat sources
 * @param substations    heat meters of the substations
 * @param roomSensors    devices giving {@code temp.room}; empty = the households' room sensors
 * @param heatUse        the heat-use-rate conditions of the warm-rooms obligation ({@code heatUseRate:})
 */
public record SupervisionSettings(Duration interval, Duration delay, String endpoint, SupervisionConfig config,
                                  List<String> outdoorSensors, List<SupervisionSite.HeatMeterRef> sources,
                                  List<SupervisionSite.HeatMeterRef> substations, Optional<List<String>> roomSensors,
                                  HeatUseRule heatUse) {
    public SupervisionSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(config, "config");
        outdoorSensors = List.copyOf(outdoorSensors);
        sources = List.copyOf(sources);
        substations = List.copyOf(substations);
        roomSensors = roomSensors.map(List::copyOf);
        Objects.requireNonNull(heatUse, "heatUse");
    }

    static SupervisionSettings defaults() {
        return new SupervisionSettings(Duration.ofHours(1), Duration.ofMinutes(5), "", SupervisionConfig.defaults(),
                List.of(), List.of(), List.of(), Optional.empty(), HeatUseRule.none());
    }

    /** Which devices the feed is computed from; the rooms are {@code householdRooms} unless listed here. */
    public SupervisionSite site(String siteId, List<String> householdRooms) {
        return new SupervisionSite(siteId, outdoorSensors, sources, substations, roomSensors.orElse(householdRooms));
    }

    /** Every device whose readings the feed uses. */
    public Set<String> devices(List<String> householdRooms) {
        Set<String> all = new LinkedHashSet<>(outdoorSensors);
        sources.forEach(s -> all.add(s.meter()));
        substations.forEach(s -> all.add(s.meter()));
        all.addAll(roomSensors.orElse(householdRooms));
        return all;
    }
}
