package io.heathub.api.hub;

import io.heathub.api.Reading;
import java.util.List;

/**
 * Told of every batch of readings after the journal accepted it (for live views, the control loop,
 * exports): given to {@link ReadingFeed#subscribe}. Must return quickly; never called for rejected
 * batches.
 */
@FunctionalInterface
public interface ReadingListener {
    void accepted(List<Reading> readings);
}
