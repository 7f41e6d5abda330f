package io.heathub.api.driver;

import java.util.Objects;

/**
 * A device found by an address scan.
 *
 * @param address     the address to put in {@code site.yaml} (in the driver's address syntax)
 * @param description what the device said about itself (manufacturer, medium, meter type), or
 *                    empty
 */
public record FoundDevice(String address, String description) {
    public FoundDevice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(description, "description");
    }
}
