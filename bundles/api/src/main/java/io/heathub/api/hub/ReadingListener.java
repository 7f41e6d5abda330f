package io.heathub.api.hub;

import io.heathub.api.Reading;
import java.util.List;

/**
 * Whiteboard service told of every batch of readings after the journal accepted it (for live
 * views and the control loop). Must return quickly; never called for rejected batches.
 */
@FunctionalInterface
public interface ReadingListener {
    void accepted(List<Reading> readings);
}
