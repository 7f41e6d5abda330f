package io.heathub.api.driver;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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

    /**
     * Makes the configuration checks of {@link #open} without a link and without any I/O on a bus:
     * the address, the settings and the files they name (a Modbus profile). {@code bin/heathub check}
     * and the hub, before it applies an edited site, call it for every device of the driver. A driver
     * that does not override it is checked only when it opens the device.
     *
     * @throws DeviceException kind {@link DeviceException.Kind#CONFIG}, the message written
     *                         {@code device.describe() + ": " + field + ": " + problem} (field e.g.
     *                         {@code address}, {@code settings.profile}); a problem inside a file a
     *                         setting names has the exception that locates it in that file as cause
     */
    default void validate(DeviceConfig device) throws DeviceException {
    }

    /**
     * Finds the devices answering on a line. Drivers that can scan override this; a scan may take
     * minutes on a slow line, so it reports through {@code progress} and stops early when
     * {@link Progress#cancelled()} turns true (returning what it found so far).
     *
     * @param link     the line, exclusively the scanner's for the duration of the call
     * @param settings driver settings as in {@code site.yaml} (e.g. {@code unitPosition})
     * @throws DeviceException {@link DeviceException.Kind#CONFIG} when the driver cannot scan or a
     *                         setting is invalid
     */
    default List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress)
            throws IOException, DeviceException {
        throw new DeviceException(DeviceException.Kind.CONFIG, "driver " + info().id() + " cannot scan a line");
    }
}
