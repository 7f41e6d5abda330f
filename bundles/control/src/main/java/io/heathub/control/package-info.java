/**
 * The control engine of a substation: pure functions from a {@link io.heathub.control.Snapshot}
 * of inputs and the engine's {@link io.heathub.control.ControlState} to setpoint
 * {@link io.heathub.control.Decision}s. No I/O, no threads, no clock: time is an input.
 * Every number comes from {@link io.heathub.control.ControlSettings}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.control;
