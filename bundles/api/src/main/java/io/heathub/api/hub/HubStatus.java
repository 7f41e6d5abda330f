package io.heathub.api.hub;

import io.heathub.api.Reading;
import java.util.List;

/** Read-only view of the running hub. Registered as a service by core. */
public interface HubStatus {

    /** Every configured device with its state, sorted by id. */
    List<DeviceStatus> devices();

    /** The latest reading of every device point, sorted by device then point. */
    List<Reading> latest();

    /** Problems in the current site configuration (empty when it loaded cleanly). */
    List<String> configErrors();

    /** Line statistics of every bus, sorted by id. */
    default List<BusStatus> buses() {
        return List.of();
    }
}
