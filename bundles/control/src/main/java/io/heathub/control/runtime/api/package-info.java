/**
 * What the running control loop did last: {@link io.heathub.control.runtime.api.ControlStatus} (an OSGi
 * service registered by the control bundle) gives the last {@link io.heathub.control.runtime.api.ControlReport}
 * of a cycle, for the web API and the shell. Plain records: render them as JSON field by field
 * (an empty {@code OptionalDouble}/{@code Optional} is JSON {@code null}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.control.runtime.api;
