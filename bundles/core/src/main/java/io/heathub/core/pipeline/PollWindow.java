package io.heathub.core.pipeline;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One poller's polls on their way into the journal: a bus worker submits a poll and goes on
 * polling while the journal writer makes it durable together with other workers' polls (one
 * commit and fsync for many), instead of waiting for an fsync of its own after every poll. At
 * most {@code maxInFlight} polls wait; beyond that {@link #submit} first finishes the oldest
 * (back-pressure). Polls are finished — published to latest and the listeners, or their refusal
 * reported to the poller — in the order submitted, on the poller's thread. Not thread-safe: one per poller.
 */
public final class PollWindow {
    /** Enough for a worker to keep polling through a few commit windows of a fast line. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    private record InFlight(PendingPoll poll, Runnable finishing, Consumer<JournalException> refused) {
    }

    private final ReadingPipeline pipeline;
    private final int maxInFlight;
    private final LongConsumer durableAfterNanos;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();

    public PollWindow(ReadingPipeline pipeline, int maxInFlight) {
        this(pipeline, maxInFlight, null);
    }

    /**
     * @param durableAfterNanos told, for each poll stored, the time from its submission until it was
     *                          durable — on the journal's thread, so it must be thread-safe (null: not measured)
     */
    public PollWindow(ReadingPipeline pipeline, int maxInFlight, LongConsumer durableAfterNanos) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.pipeline = pipeline;
        this.maxInFlight = maxInFlight;
        this.durableAfterNanos = durableAfterNanos;
    }

    /**
     * Validates the poll and hands it to the journal; finishes the oldest polls first while the
     * window is full.
     *
     * @param refused told (on this thread, later) when the journal did not store the poll
     */
    public void submit(List<Reading> readings, Consumer<JournalException> refused) {
        submit(readings, () -> { }, refused);
    }

    /**
     * As {@link #submit(List, Consumer)}; {@code finishing} runs on this thread right before the poll
     * is finished (a bus worker names the poll in its heartbeat: a listener that blocks then shows
     * whose readings it was given).
     */
    public void submit(List<Reading> readings, Runnable finishing, Consumer<JournalException> refused) {
        while (inFlight.size() >= maxInFlight) {
            finish(inFlight.removeFirst());
        }
        long submitted = System.nanoTime();
        PendingPoll poll = pipeline.submitPoll(readings);
        if (durableAfterNanos != null) {
            poll.durable().thenRun(() -> durableAfterNanos.accept(System.nanoTime() - submitted));
        }
        inFlight.addLast(new InFlight(poll, finishing, refused));
    }

    /** Finishes the polls already durable (or refused), oldest first, without waiting. */
    public void finishDone() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().poll().durable().isDone()) {
            finish(inFlight.removeFirst());
        }
    }

    /** Waits for every poll in flight and finishes it: before the poller idles or stops. */
    public void finishAll() {
        while (!inFlight.isEmpty()) {
            finish(inFlight.removeFirst());
        }
    }

    /** Polls submitted and not finished yet. */
    public int inFlight() {
        return inFlight.size();
    }

    private void finish(InFlight f) {
        f.finishing().run();
        try {
            pipeline.finish(f.poll());
        } catch (JournalException e) {
            f.refused().accept(e);
        }
    }
}
