/**
 * The one support every uplink runs on (MQTT, HTTP, Kafka and {@code journal:} routes): journal
 * → encode → send through a Camel route → confirm → cursor. An uplink describes itself with an
 * {@link io.heathub.camel.journal.uplink.UplinkSpec} and an
 * {@link io.heathub.camel.journal.uplink.UplinkPolicy} (how an entry is written, what a failure
 * means) and gets a Camel endpoint to start its route from
 * ({@link io.heathub.camel.journal.uplink.JournalUplinks#endpoint}). The support moves the cursor
 * only past what the route confirmed, backs off while the backend fails (one log line per
 * outage), sets an entry it cannot send aside as a dead letter and goes on, and sends dead
 * letters again when an operator asks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.camel.journal.uplink;
