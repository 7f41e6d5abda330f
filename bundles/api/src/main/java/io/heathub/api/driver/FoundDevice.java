package io.heathub.api.driver;

import java.util.Map;
import java.util.Objects;

/**
 * A device found by an address scan.
 *
 * @param address     the address to put in {@code site.yaml} (in the driver's address syntax)
 * @param description what the device said about itself (manufacturer, medium, meter type), or
 *                    empty
 * @param settings    {@code site.yaml} settings the scan found the device needs (e.g. a CJ/T 188
 *                    meter's {@code unitPosition}); empty when none
 * @param collision   true when several devices answered at this address at once: a clash to
 *                    resolve on site, not one device to configure
 */
public record FoundDevice(String address, String description, Map<String, String> settings, boolean collision) {
    public FoundDevice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(description, "description");
        settings = Map.copyOf(settings);
    }

    /** One device, no settings needed. */
    public FoundDevice(String address, String description) {
        this(address, description, Map.of(), false);
    }

    /** One device that needs {@code settings} in {@code site.yaml}. */
    public static FoundDevice withSettings(String address, String description, Map<String, String> settings) {
        return new FoundDevice(address, description, settings, false);
    }

    /** Several devices that answered at {@code address} at once. */
    public static FoundDevice collision(String address, String description) {
        return new FoundDevice(address, description, Map.of(), true);
    }
}
