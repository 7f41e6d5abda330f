package io.heathub.api.driver;

/**
 * A device protocol or family, registered as an OSGi service. The hub matches
 * {@link DriverInfo#id()} to the {@code driver:} named by each device in {@code site.yaml}.
 */
public interface DeviceDriver {

    /** Id, human name, protocol and accepted settings. */
    DriverInfo info();

    /**
     * Checks the device's address and settings and prepares a session. Must not do I/O storms:
     * at most a light handshake through {@code link}.
     *
     * @throws DeviceException with kind {@link DeviceException.Kind#CONFIG} when the address or a
     *                         setting is invalid; the message names the field
     */
    DeviceSession open(DeviceConfig device, Link link) throws DeviceException;
}
