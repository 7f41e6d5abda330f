package io.heathub.core.bus;

import io.heathub.api.driver.DeviceDriver;
import java.util.Optional;
import java.util.Set;

/** A driver directory with a single driver installed, for tests and benchmarks of the bus worker. */
public final class OneDriver implements DriverDirectory {
    private final String id;
    private final DeviceDriver installed;

    public OneDriver(String id, DeviceDriver installed) {
        this.id = id;
        this.installed = installed;
    }

    @Override
    public Optional<DeviceDriver> driver(String wanted) {
        return id.equals(wanted) ? Optional.of(installed) : Optional.empty();
    }

    @Override
    public Set<String> ids() {
        return Set.of(id);
    }
}
