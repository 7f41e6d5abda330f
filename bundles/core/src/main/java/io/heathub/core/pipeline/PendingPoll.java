package io.heathub.core.pipeline;

import io.heathub.api.Reading;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A validated poll handed to the journal, not yet published: {@link ReadingPipeline#finish}
 * publishes it once {@code durable} completed, or reports why it was not stored.
 *
 * @param readings the readings as validated (with their quality)
 * @param durable  completes when the journal holds them durably; exceptionally when it refused them
 */
public record PendingPoll(List<Reading> readings, CompletableFuture<Void> durable) {
}
