/**
 * The durable journal between the pipeline and the uplinks: readings are appended before they
 * are acknowledged, and each uplink reads from its own cursor.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.heathub.api.journal;
