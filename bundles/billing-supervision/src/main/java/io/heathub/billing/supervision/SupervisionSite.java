package io.heathub.billing.supervision;

import java.util.List;
import java.util.Objects;

/**
 * Which devices feed the supervision figures of one hub.
 *
 * @param site           the site id
 * @param outdoorSensors devices whose {@code temp.outdoor} is the outdoor temperature
 * @param sources        heat meters at the heat source(s)
 * @param substations    heat meters of the substation(s)
 * @param roomSensors    devices whose {@code temp.room} are the households' indoor temperatures
 */
public record SupervisionSite(String site, List<String> outdoorSensors, List<HeatMeterRef> sources,
                              List<HeatMeterRef> substations, List<String> roomSensors) {
    public SupervisionSite {
        Objects.requireNonNull(site, "site");
        outdoorSensors = List.copyOf(outdoorSensors);
        sources = List.copyOf(sources);
        substations = List.copyOf(substations);
        roomSensors = List.copyOf(roomSensors);
    }

    /**
     * A named heat meter.
     *
     * @param id    the source or substation id, e.g. {@code boiler-1}
     * @param meter the heat meter's device id
     */
    public record HeatMeterRef(String id, String meter) {
        public HeatMeterRef {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(meter, "meter");
        }
    }
}
