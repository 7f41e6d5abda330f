/**
 * {@code bin/heathub simulate-device}: a Modbus device made from a profile file, so a new brand's
 * profile can be tried against the hub's driver without the hardware. Not exported.
 */
package io.heathub.tools.device;
