package io.heathub.simulator.meters;

import java.util.Optional;

/** One meter on a {@link MeterLine}. Implementations are thread-safe. */
public interface SimulatedMeter {

    /** {@code cjt188}, {@code mbus} or {@code dlt645} (the hub's protocol names). */
    String protocol();

    /** One line for start-up banners and the site file: protocol, address, variant. */
    String describe();

    /**
     * The meter's reply to a request it hears on the line: empty when the request is not for it,
     * is of another protocol, or the meter is offline. Requests change state (valve, selection).
     */
    Optional<byte[]> answer(LineFrame request);
}
