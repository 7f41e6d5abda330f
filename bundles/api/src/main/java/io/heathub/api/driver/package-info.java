/**
 * The driver SPI. A driver bundle registers one {@link io.heathub.api.driver.DeviceDriver}
 * service; the hub opens a {@link io.heathub.api.driver.DeviceSession} per configured device and
 * calls it from the worker of the device's bus. Drivers never open ports, sleep in loops or own
 * threads: bytes go through the {@link io.heathub.api.driver.Link} they are given.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.9.0")
package io.heathub.api.driver;
