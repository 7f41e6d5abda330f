package io.heathub.core.site;

import io.heathub.api.driver.DeviceConfig;
import java.time.ZoneId;
import java.util.List;

/**
 * A validated site configuration.
 *
 * @param id      site id (used in topics and logs)
 * @param name    human name
 * @param zone    the zone billing days are cut in
 * @param buses   the buses, in file order
 * @param devices the devices, in file order
 * @param commands the checks every command passes before it reaches a device
 */
public record Site(String id, String name, ZoneId zone, List<BusConfig> buses, List<DeviceConfig> devices,
                   CommandPolicy commands) {
    public Site {
        buses = List.copyOf(buses);
        devices = List.copyOf(devices);
    }

    /** The devices on one bus, in file order. */
    public List<DeviceConfig> devicesOn(String busId) {
        return devices.stream().filter(d -> d.bus().equals(busId)).toList();
    }
}
