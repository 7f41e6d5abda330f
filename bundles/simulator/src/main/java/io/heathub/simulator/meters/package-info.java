/**
 * Simulated household meters (CJ/T 188 heat and water, EN 13757 M-Bus heat, DL/T 645-2007
 * electricity) sharing one byte stream, served on a TCP port or a pty.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.simulator.meters;
