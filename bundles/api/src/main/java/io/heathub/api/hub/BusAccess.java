package io.heathub.api.hub;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.Link;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Exclusive use of a site bus's link for work that is not a device poll (a Camel route reading
 * raw registers, a scan started from the shell). One owner per line: the work is queued on the
 * bus's worker and runs between polls, after queued commands, so it never overlaps a poll and
 * shares the worker's connection and line statistics. Registered by core.
 *
 * <p>Writes to the plant are not work for this service: they go through {@link CommandService}
 * (bounds, rate limit, audit).
 */
public interface BusAccess {

    /**
     * Queues {@code work} on the worker of bus {@code busId}.
     *
     * @return completes with the work's result, or exceptionally with what it threw; with
     *         {@link IllegalArgumentException} when no bus has that id, and with
     *         {@link IllegalStateException} when the bus's link cannot be opened or the bus stops
     *         (site reload, shutdown) before the work ran
     */
    <T> CompletionStage<T> run(String busId, LinkWork<T> work);

    /**
     * The site device declared at {@code address} on bus {@code busId} (addresses compared as
     * written in {@code site.yaml}, trimmed), so that a write addressed to a unit on a bus can
     * become a {@link CommandService} command to that device.
     *
     * @return the device id; empty when the bus is unknown or no device has that address on it
     * @since 1.4
     */
    Optional<String> deviceAt(String busId, String address);

    /** Work done with the bus's link on its worker thread; it must not keep the link. */
    @FunctionalInterface
    interface LinkWork<T> {
        T run(Link link) throws IOException, DeviceException;
    }
}
