package io.heathub.core.bus;

import io.heathub.api.driver.DeviceDriver;
import java.util.Optional;
import java.util.Set;

/** The drivers installed right now. */
public interface DriverDirectory {
    Optional<DeviceDriver> driver(String id);

    /** Ids of installed drivers, for error messages. */
    Set<String> ids();
}
