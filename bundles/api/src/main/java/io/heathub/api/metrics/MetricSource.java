package io.heathub.api.metrics;

import java.util.List;

/**
 * A bundle's figures for {@code GET /metrics}, asked at every scrape (keep it cheap: read what the
 * bundle keeps anyway). Registered as an OSGi service; the web bundle picks every one up.
 */
@FunctionalInterface
public interface MetricSource {

    /**
     * The families now. Names start with {@code heathub_} and are unique over the hub; a family the
     * endpoint cannot serve (bad name, taken name, bad label) is left out and named in a comment of
     * the scrape, the others are served.
     */
    List<MetricFamily> metrics();
}
