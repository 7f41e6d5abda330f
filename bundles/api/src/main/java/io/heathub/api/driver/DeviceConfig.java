package io.heathub.api.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One device as configured in the site file.
 *
 * @param id           unique device id, e.g. {@code "panel-101"}
 * @param driver       the driver id, e.g. {@code "modbus"}
 * @param bus          the id of the bus the device hangs on
 * @param address      the device's address on that bus as written in the config (unit id,
 *                     meter number…); the driver parses and checks it in {@link DeviceDriver#open}
 * @param settings     driver settings (e.g. {@code profile: bac-002}), values as strings
 * @param pollInterval how often the device is read
 * @param configDir    the site folder, for settings that name files (profiles)
 * @param origin       where the device was declared, e.g. {@code "config/site.yaml:42"}, for errors
 * @param zone         the site's time zone ({@code site.zone}): the zone a device clock runs in
 *                     unless a driver setting says otherwise (since 1.6)
 * @param line         the serial settings this device talks at ({@code line: "300 7E1"} in the site)
 *                     where they differ from its bus's, e.g. a 7E1 meter on an 8E1 RS-485 line; null:
 *                     the bus's. The hub switches the line before each of the device's calls (since 1.8)
 */
public record DeviceConfig(String id, String driver, String bus, String address,
                           Map<String, String> settings, Duration pollInterval, Path configDir,
                           String origin, ZoneId zone, LineSettings line) {
    /** The zone of a site that names none. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public DeviceConfig {
        settings = Map.copyOf(settings);
        Objects.requireNonNull(zone, "zone");
    }

    /** A device at its bus's serial settings (the 1.6 form). */
    public DeviceConfig(String id, String driver, String bus, String address, Map<String, String> settings,
                        Duration pollInterval, Path configDir, String origin, ZoneId zone) {
        this(id, driver, bus, address, settings, pollInterval, configDir, origin, zone, null);
    }

    /** A device of a site in the {@link #DEFAULT_ZONE}. */
    public DeviceConfig(String id, String driver, String bus, String address, Map<String, String> settings,
                        Duration pollInterval, Path configDir, String origin) {
        this(id, driver, bus, address, settings, pollInterval, configDir, origin, DEFAULT_ZONE);
    }

    /**
     * {@code device ID (file:line)}: how the hub names the device in its own messages. The hub puts
     * the device in front of every driver message, so a driver's messages do not repeat it
     * (docs/driver-guide.md §6).
     */
    public String describe() {
        return "device " + id + " (" + origin + ")";
    }

    /** A setting, if given. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
