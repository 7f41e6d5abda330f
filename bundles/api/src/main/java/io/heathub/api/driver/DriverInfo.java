package io.heathub.api.driver;

import java.util.Map;

/**
 * What a driver is and which settings it accepts.
 *
 * @param id       the name devices use in {@code site.yaml}, e.g. {@code "modbus"}
 * @param name     a human name, e.g. {@code "Modbus TCP/RTU (profile-driven)"}
 * @param protocol the protocol family, e.g. {@code "modbus"}
 * @param settings accepted setting keys with a one-line description each
 */
public record DriverInfo(String id, String name, String protocol, Map<String, String> settings) {
    public DriverInfo {
        settings = Map.copyOf(settings);
    }
}
