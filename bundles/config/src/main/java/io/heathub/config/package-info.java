/**
 * Positioned configuration: YAML read into {@link io.heathub.config.ConfigNode}s that know their
 * file, line and field path, and typed getters whose failures are
 * {@link io.heathub.config.ConfigException}s naming all three.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.heathub.config;
