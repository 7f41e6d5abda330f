package io.heathub.camel.journal;

import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.RetryPacing;
import io.heathub.camel.journal.uplink.Outgoing;
import io.heathub.camel.journal.uplink.UplinkSpec;
import io.heathub.camel.journal.uplink.Verdict;
import io.heathub.camel.journal.uplink.Verdicts;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The loop every uplink shares: read a batch from the cursor, encode each entry (one that cannot
 * be written is set aside), hand the batch to the route, and move the cursor only past what the
 * route confirmed. A failure keeps the cursor and backs off ({@link RetryPacing}, one WARNING per
 * outage, one INFO at its end); a refusal of the content is narrowed down by halving the batch
 * until the refused entry is alone, and that entry is set aside as a dead letter. Dead letters an
 * operator asked to re-send go first. Used by one thread at a time (the consumer's).
 */
final class UplinkDelivery {
    /**
     * Refused entries set aside one after the other with nothing delivered in between: beyond this
     * the backend is taken to refuse everything (a wrong endpoint answering 400), which is an
     * alarm, not a reason to move the whole journal into dead letters.
     */
    static final int MAX_REFUSED_IN_ROW = 20;

    /** Sends one batch through the route; returns how it went. */
    @FunctionalInterface
    interface Sender {
        Attempt send(List<Outgoing> batch) throws Exception;
    }

    /**
     * @param failure   null when the backend confirmed the whole batch
     * @param confirmed with a failure: the indexes of the batch the backend still confirmed
     */
    record Attempt(Throwable failure, BitSet confirmed) {
        static final Attempt DELIVERED = new Attempt(null, new BitSet());
    }

    /** What happens to what the backend took, or refused for good. */
    private interface Settlement {
        void delivered(List<Outgoing> part) throws JournalException;

        void setAside(Outgoing refused, String reason) throws JournalException;
    }

    private final Journal journal;
    private final UplinkSpec spec;
    private final RetryPacing pacing;
    private volatile boolean stopping;
    /** Reads and encodes the next batch while one is sent; created on first use, for policies that allow it. */
    private volatile ExecutorService readAhead;
    private boolean alarmRaised;
    private int refusedInRow;

    UplinkDelivery(Journal journal, UplinkSpec spec) {
        this.journal = journal;
        this.spec = spec;
        this.pacing = new RetryPacing(spec.firstBackoff(), spec.maxBackoff());
    }

    /** From now on rounds end as soon as they can; nothing more is committed that was not confirmed. */
    void stop() {
        stopping = true;
        ExecutorService executor = readAhead;
        if (executor != null) {
            executor.shutdown(); // a read in progress ends by itself; its batch is dropped
        }
    }

    /**
     * One round: re-sends first, then batches until the backlog is drained, the backend fails,
     * or the uplink stops. The journal failing (a commit on a full disk) is an outage like the
     * backend's: back-off, one WARNING; what was sent is sent again later.
     *
     * @return how many entries were delivered or set aside
     */
    int round(Sender sender) {
        if (stopping || pacing.waiting() && !spec.policy().reachableAgain()) {
            return 0;
        }
        try {
            return deliverAvailable(sender);
        } catch (JournalException e) {
            failed(Verdict.retry("the journal failed: " + Verdicts.describe(e)));
            return 0;
        }
    }

    private int deliverAvailable(Sender sender) throws JournalException {
        Optional<String> hub = spec.hub().get();
        if (hub.isEmpty()) {
            failed(Verdict.retry("no hub id yet (no hubId configured and no site applied)"));
            return 0;
        }
        List<DeadLetter> again = journal.resendRequested(spec.cursor(), spec.batchSize());
        if (!again.isEmpty() && !resend(again, hub.get(), sender)) {
            return 0;
        }
        int done = 0;
        Future<Prepared> ahead = null;
        try {
            Prepared prepared = prepare(journal.read(spec.cursor(), spec.batchSize()), hub.get());
            while (!stopping && !prepared.entries().isEmpty()) {
                boolean full = prepared.entries().size() == spec.batchSize();
                // while this batch is on the wire, the next one is read and encoded (the cursor still moves in order)
                ahead = full ? readAhead(prepared.last() + 1, hub.get()) : null;
                if (!deliver(prepared, sender)) {
                    break;
                }
                done += prepared.entries().size();
                if (!full) {
                    break;
                }
                prepared = ahead != null ? awaitAhead(ahead, hub.get()) : prepare(journal.read(spec.cursor(), spec.batchSize()), hub.get());
                ahead = null;
            }
        } finally {
            if (ahead != null) {
                ahead.cancel(false); // not delivered: the next round reads it again from the cursor
            }
        }
        return done;
    }

    /**
     * A batch read from the journal and written for the wire: each entry's {@link Outgoing}, or
     * why it cannot be written (set aside when the batch is delivered, on the consumer's thread).
     */
    private record Prepared(List<JournalEntry> entries, List<Outgoing> batch, Map<JournalEntry, String> unwritable) {
        long last() {
            return entries.get(entries.size() - 1).position();
        }
    }

    /** Encodes {@code entries}; nothing is written to the journal here (this may run ahead, off the consumer's thread). */
    private Prepared prepare(List<JournalEntry> entries, String hub) {
        List<Outgoing> batch = new ArrayList<>(entries.size());
        Map<JournalEntry, String> unwritable = new LinkedHashMap<>();
        for (JournalEntry entry : entries) {
            try {
                batch.add(new Outgoing(entry.position(), entry.reading(), spec.policy().encode(entry, hub)));
            } catch (Exception e) {
                unwritable.put(entry, "cannot be written for this uplink: " + Verdicts.describe(e));
            }
        }
        return new Prepared(entries, batch, unwritable);
    }

    /**
     * Starts reading and encoding the batch after {@code position} on the read-ahead thread, when
     * the policy allows it and the journal can be read by position; null otherwise.
     */
    private Future<Prepared> readAhead(long position, String hub) {
        if (!spec.policy().encodesAhead() || stopping) {
            return null;
        }
        if (readAhead == null) {
            readAhead = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "heathub-uplink-" + spec.cursor() + "-read-ahead");
                t.setDaemon(true);
                return t;
            });
            if (stopping) { // stop() ran before the executor existed
                readAhead.shutdown();
            }
        }
        try {
            return readAhead.submit(() -> prepare(journal.readFrom(position, spec.batchSize()), hub));
        } catch (RejectedExecutionException e) {
            return null; // stopping
        }
    }

    /** The batch read ahead; when that failed (a journal that cannot be read by position), read from the cursor. */
    private Prepared awaitAhead(Future<Prepared> ahead, String hub) throws JournalException {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while reading the journal ahead", e);
        } catch (ExecutionException e) {
            spec.log().log(Level.DEBUG, "{0}: reading ahead failed, reading from the cursor: {1}", spec.label(),
                    Verdicts.describe(e.getCause()));
            return prepare(journal.read(spec.cursor(), spec.batchSize()), hub);
        }
    }

    private boolean deliver(Prepared prepared, Sender sender) throws JournalException {
        for (Map.Entry<JournalEntry, String> e : prepared.unwritable().entrySet()) {
            setAsideUnwritable(e.getKey(), e.getValue());
        }
        List<JournalEntry> entries = prepared.entries();
        List<Outgoing> batch = prepared.batch();
        boolean ok = batch.isEmpty() || send(batch, sender, new Settlement() {
            @Override
            public void delivered(List<Outgoing> part) throws JournalException {
                commit(part.get(part.size() - 1).position());
            }

            @Override
            public void setAside(Outgoing refused, String reason) throws JournalException {
                journal.setAside(spec.cursor(), new JournalEntry(refused.position(), refused.reading()), reason);
                commit(refused.position());
            }
        });
        if (ok) {
            // past entries set aside at encoding too
            commit(entries.get(entries.size() - 1).position());
        }
        return ok;
    }

    /** Dead letters an operator asked for: each delivered one is removed, a refused one stays (new reason). */
    private boolean resend(List<DeadLetter> letters, String hub, Sender sender) throws JournalException {
        List<Outgoing> batch = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            Outgoing out = encode(new JournalEntry(letter.position(), letter.reading()), hub);
            if (out != null) {
                batch.add(out);
            }
        }
        boolean ok = batch.isEmpty() || send(batch, sender, new Settlement() {
            @Override
            public void delivered(List<Outgoing> part) throws JournalException {
                for (Outgoing o : part) {
                    journal.removeDeadLetter(spec.cursor(), o.position());
                }
            }

            @Override
            public void setAside(Outgoing refused, String reason) throws JournalException {
                journal.setAside(spec.cursor(), new JournalEntry(refused.position(), refused.reading()), reason);
            }
        });
        if (ok) {
            spec.log().log(Level.INFO, "{0}: re-sent {1} dead letter(s) on request; {2} delivered", spec.label(),
                    letters.size(), batch.size());
        }
        return ok;
    }

    /** The entry as the uplink writes it, or null when it cannot be written (then it is set aside). */
    private Outgoing encode(JournalEntry entry, String hub) throws JournalException {
        try {
            return new Outgoing(entry.position(), entry.reading(), spec.policy().encode(entry, hub));
        } catch (Exception e) {
            setAsideUnwritable(entry, "cannot be written for this uplink: " + Verdicts.describe(e));
            return null;
        }
    }

    private void setAsideUnwritable(JournalEntry entry, String reason) throws JournalException {
        journal.setAside(spec.cursor(), entry, reason);
        spec.log().log(Level.WARNING, "{0}: journal entry {1} ({2} {3}) set aside as a dead letter, the uplink goes "
                + "on with the next entries: {4}", spec.label(), entry.position(), entry.reading().device(),
                entry.reading().point(), reason);
    }

    /**
     * Sends {@code part}; on a refusal halves it until the refused entry is alone.
     *
     * @return false when the backend failed (the cursor stays after what it confirmed)
     */
    private boolean send(List<Outgoing> part, Sender sender, Settlement settle) throws JournalException {
        if (stopping) {
            return false;
        }
        Attempt attempt;
        try {
            attempt = sender.send(part);
        } catch (Exception e) {
            attempt = new Attempt(e, new BitSet());
        }
        if (attempt.failure() == null) {
            settle.delivered(part);
            spec.policy().delivered(part);
            succeeded();
            return true;
        }
        int prefix = Math.min(attempt.confirmed().nextClearBit(0), part.size());
        if (prefix > 0) {
            settle.delivered(part.subList(0, prefix));
            refusedInRow = 0;
        }
        // what the backend did not confirm; confirmed entries after the prefix are not sent again
        List<Outgoing> rest = new ArrayList<>();
        for (int i = prefix; i < part.size(); i++) {
            if (!attempt.confirmed().get(i)) {
                rest.add(part.get(i));
            }
        }
        if (rest.isEmpty()) { // the backend confirmed every entry after all
            settle.delivered(part);
            spec.policy().delivered(part);
            succeeded();
            return true;
        }
        Verdict verdict = stopping ? Verdict.retry("uplink stopping") : spec.policy().judge(attempt.failure());
        if (verdict.kind() != Verdict.Kind.REFUSED) {
            failed(verdict);
            return false;
        }
        if (rest.size() > 1) {
            int half = rest.size() / 2;
            List<Outgoing> second = List.copyOf(rest.subList(half, rest.size()));
            return send(List.copyOf(rest.subList(0, half)), sender, settle) && send(second, sender, settle);
        }
        if (++refusedInRow > MAX_REFUSED_IN_ROW) {
            refusedInRow = MAX_REFUSED_IN_ROW; // stays "refusing everything" until something is delivered
            failed(Verdict.alarm("the backend refused " + MAX_REFUSED_IN_ROW + " readings in a row and none was "
                    + "delivered: taken as a backend refusing everything, not as bad readings; last: " + verdict.reason()));
            return false;
        }
        Outgoing refused = rest.get(0);
        settle.setAside(refused, "refused by the backend: " + verdict.reason());
        spec.log().log(Level.WARNING, "{0}: journal entry {1} ({2} {3}) refused by the backend, set aside as a dead "
                + "letter; the uplink goes on with the next entries: {4}", spec.label(), refused.position(),
                refused.reading().device(), refused.reading().point(), verdict.reason());
        return true;
    }

    private void commit(long position) throws JournalException {
        journal.commit(spec.cursor(), position);
    }

    private void succeeded() {
        refusedInRow = 0;
        pacing.succeeded().ifPresent(outage -> spec.log().log(Level.INFO,
                "{0} delivering again after {1} s; backlog {2}", spec.label(), outage.toSeconds(),
                journal.backlog(spec.cursor())));
        if (alarmRaised) {
            alarmRaised = false;
            journal.reportUplinkProblem(spec.cursor(), null);
        }
    }

    /** Keep the cursor, back off, say so once per outage; an alarm when a person must act. */
    private void failed(Verdict verdict) {
        spec.policy().failed();
        boolean outageStarts = pacing.failed();
        if (stopping) {
            spec.log().log(Level.DEBUG, "{0} stopped during a round: {1}", spec.label(), verdict.reason());
            return;
        }
        if (outageStarts) {
            spec.log().log(Level.WARNING, "{0} failing, readings stay in the journal (backlog {1}) and are retried "
                    + "with back-off up to {2} s: {3}", spec.label(), journal.backlog(spec.cursor()),
                    spec.maxBackoff().toSeconds(), verdict.reason());
        } else {
            spec.log().log(Level.DEBUG, "{0} still failing: {1}", spec.label(), verdict.reason());
        }
        if (verdict.kind() == Verdict.Kind.ALARM) {
            alarmRaised = true;
            journal.reportUplinkProblem(spec.cursor(), spec.label() + " cannot deliver: " + verdict.reason());
        } else if (alarmRaised) {
            alarmRaised = false;
            journal.reportUplinkProblem(spec.cursor(), null);
        }
    }

    /** On deactivation: the alarm goes with the uplink. */
    void clearAlarm() {
        if (alarmRaised) {
            alarmRaised = false;
            journal.reportUplinkProblem(spec.cursor(), null);
        }
    }
}
