package io.heathub.camel.journal.uplink;

import io.heathub.api.Reading;

/**
 * One journal entry on its way out: its position, the reading, and the reading as the uplink
 * writes it ({@link UplinkPolicy#encode}; JSON with the hub for the built-in uplinks).
 *
 * @param position journal position (the cursor moves past it once the backend confirmed it)
 * @param reading  the reading as journaled
 * @param payload  the encoded reading
 */
public record Outgoing(long position, Reading reading, byte[] payload) {
}
