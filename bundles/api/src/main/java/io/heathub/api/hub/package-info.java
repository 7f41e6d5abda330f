/**
 * The running hub as seen by the web, shell and uplinks: devices and their state, latest
 * readings, and the one command path.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.heathub.api.hub;
