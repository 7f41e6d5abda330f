package io.heathub.core.pipeline;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Field readings → validation → durable journal → listeners. A batch is acknowledged (and
 * becomes "latest" and visible to listeners) only once the journal has stored it.
 */
public final class ReadingPipeline {
    private static final System.Logger LOG = System.getLogger(ReadingPipeline.class.getName());
    private static final Comparator<Reading> BY_DEVICE_POINT =
            Comparator.comparing(Reading::device).thenComparing(Reading::point);

    private final Journal journal;
    private final Validator validator;
    private final Clock clock;
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();

    /** With the default validation (tests, benchmarks). */
    public ReadingPipeline(Journal journal) {
        this(journal, new Validator(), Clock.systemUTC());
    }

    public ReadingPipeline(Journal journal, Validator validator, Clock clock) {
        this.journal = journal;
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * Validates and stores readings given from outside the buses (checked at the door already).
     *
     * @return the readings as stored (with their quality)
     * @throws JournalException when the journal refused them: they are not accepted
     */
    public List<Reading> accept(List<Reading> batch) throws JournalException {
        return batch.isEmpty() ? batch : store(validator.validate(batch));
    }

    /**
     * Validates and stores one device's poll (or a bus's line statistics): what fails the door's
     * checks is marked SUSPECT, not refused.
     */
    public List<Reading> acceptPoll(List<Reading> batch) throws JournalException {
        return batch.isEmpty() ? batch : store(validator.validatePoll(batch));
    }

    /**
     * Validates one device's poll like {@link #acceptPoll} and hands it to the journal without
     * waiting for it to be durable; {@link #finish} then makes it "latest" and tells the listeners,
     * or throws why it was not stored. Nobody sees the readings before that. Used through a
     * {@link PollWindow}, which bounds how many are in flight.
     */
    public PendingPoll submitPoll(List<Reading> batch) {
        List<Reading> checked = batch.isEmpty() ? batch : validator.validatePoll(batch);
        return new PendingPoll(checked, checked.isEmpty() ? CompletableFuture.completedFuture(null)
                : journal.appendAsync(checked));
    }

    /**
     * Waits until the poll is durable, then publishes it (latest, listeners).
     *
     * @return the readings as stored (with their quality)
     * @throws JournalException when the journal refused them: they are not accepted
     */
    public List<Reading> finish(PendingPoll poll) throws JournalException {
        try {
            poll.durable().join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof JournalException j ? j
                    : new JournalException("journal failed to store a poll: " + cause, cause);
        }
        return publish(poll.readings());
    }

    private List<Reading> store(List<Reading> checked) throws JournalException {
        journal.append(checked);
        return publish(checked);
    }

    /** Only readings the journal holds durably get here. */
    private List<Reading> publish(List<Reading> checked) {
        Instant now = clock.instant();
        for (Reading r : checked) {
            latest.merge(r.device() + '\u0000' + r.point(), r, (old, neu) -> newer(old, neu, now));
        }
        for (ReadingListener l : listeners) {
            try {
                l.accepted(checked);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // a feature's bug must not fail the poll (the readings are journaled already)
                LOG.log(System.Logger.Level.WARNING, "reading listener " + l.getClass().getName() + " failed", e);
            }
        }
        return checked;
    }

    /**
     * The latest of two readings of a point by time; a suspect reading time-stamped ahead of the
     * hub's clock (a meter clock in 2099) is replaced by the next one all the same, so it cannot
     * hold the place for years. (Forecasts, good and ahead, keep the latest time.)
     */
    private static Reading newer(Reading old, Reading neu, Instant now) {
        boolean wrongFuture = old.quality() != Quality.GOOD && old.time().isAfter(now);
        return neu.time().isBefore(old.time()) && !wrongFuture ? old : neu;
    }

    /** Latest reading per device point, sorted. */
    public List<Reading> latest() {
        return latest.values().stream().sorted(BY_DEVICE_POINT).toList();
    }

    /** Forgets the latest values of a device (it was removed from the site). */
    public void forget(String deviceId) {
        latest.keySet().removeIf(k -> k.startsWith(deviceId + '\u0000'));
    }

    /** Tells {@code l} of every batch accepted from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(ReadingListener l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }
}
