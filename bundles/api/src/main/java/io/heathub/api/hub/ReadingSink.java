package io.heathub.api.hub;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalException;
import java.util.List;

/**
 * Readings that do not come from a polled device: weather forecasts fed by a backend, alarms and
 * results computed in the hub. They pass the same validation and journal as polled readings, so
 * every uplink forwards them. Registered by core.
 */
public interface ReadingSink {

    /**
     * Checks, validates and journals {@code readings}; returns them as accepted (possibly marked
     * SUSPECT).
     *
     * @throws JournalException         when the journal refused them: they are not accepted
     * @throws IllegalArgumentException when a reading fails the door's checks (device id, point
     *                                  name, value size, a time outside the hub's window): the
     *                                  message names the reading and the problem; nothing of the
     *                                  batch is accepted (since 1.5)
     */
    List<Reading> accept(List<Reading> readings) throws JournalException;
}
