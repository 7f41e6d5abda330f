/**
 * The JSON form of readings on every wire (REST, MQTT, HTTP, Kafka). One object per reading:
 * {@code {"device","point","value","unit","time","quality","reason"}}; schema in
 * {@code docs/reading.schema.json}. {@link io.heathub.wire.ReadingInput} takes readings in at the
 * door: bounded, checked, in any device unit (converted to canonical).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.heathub.wire;
