package io.heathub.billing.export;

import java.util.Set;

/**
 * Points a feature needs in the export besides the configured ones (the energy figures' counters
 * name a fuel counter no default list has). Registered as a service; the export asks every one
 * once per batch of readings, so {@link #points()} must be cheap (a file-attribute check, not a
 * parse), and the export never depends on the feature.
 */
@FunctionalInterface
public interface ExportedPoints {

    /** The point names to export now. */
    Set<String> points();
}
