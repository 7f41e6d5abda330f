/**
 * The running hub as seen by the web, shell, routes and features: devices and their state, latest
 * readings, the feed of accepted readings, exclusive use of a bus, and the one command path. Every
 * service here is registered by core; features use them and never the other way round.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.heathub.api.hub;
