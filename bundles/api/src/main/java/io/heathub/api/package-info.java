/**
 * Canonical readings: what every driver produces and every uplink forwards.
 * A {@link io.heathub.api.Reading} names its device and point, carries an exact value in a
 * canonical {@link io.heathub.api.Unit}, a UTC time and a {@link io.heathub.api.Quality}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.heathub.api;
