/**
 * The Modbus profile model: a device type's register map as read from
 * {@code config/profiles/<name>.yaml} by {@link io.heathub.driver.modbus.profile.ProfileParser},
 * the one reader of profiles. The driver polls and writes devices with it; the integrator tools
 * serve a profile's registers from it ({@code bin/heathub simulate-device}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.driver.modbus.profile;
