package io.heathub.config.site;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One physical line or endpoint, from {@code buses:}.
 *
 * @param id         unique bus id
 * @param uri        where it is, e.g. {@code tcp://127.0.0.1:502}
 * @param timeout    reply timeout for requests on this bus
 * @param statistics how often line statistics are published as readings; zero = never
 * @param origin     {@code file:line} of its declaration
 */
public record BusConfig(String id, URI uri, Duration timeout, Duration statistics, String origin) {
    public BusConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(origin, "origin");
    }
}
