package io.heathub.store;

import io.heathub.api.journal.JournalException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The journal writer of asynchronous appends: writers hand over a change already put into the
 * maps and go on; this thread makes changes durable in groups — at most one commit (and fsync)
 * per commit window, started as soon as the window since the previous one has passed, or at once
 * when {@code maxReadings} are waiting — and completes each change's stage only after the commit
 * covering it returned. Many appends per commit means few fsyncs and few, large MVStore chunks.
 *
 * @param <T> what {@link Persister#persist} needs to know that a change is durable
 */
final class CommitWriter<T> implements AutoCloseable {
    /** Makes {@code change} durable (committing everything put so far), or throws when it never will be. */
    interface Persister<T> {
        void persist(T change) throws JournalException;
    }

    private record Pending<T>(T change, int readings, CompletableFuture<Void> durable) {
    }

    private final Persister<T> persister;
    private final long windowNanos;
    private final int maxReadings;
    private final LongSupplier nanos;
    private final String name;
    /** Guarded by this. */
    private final Queue<Pending<T>> pending = new ArrayDeque<>();
    private int pendingReadings;
    private boolean closed;
    private Thread thread;
    private long lastCommitStart;

    /**
     * @param window      the shortest time between two commits' starts (0: the next starts when the previous ended)
     * @param maxReadings commit without waiting for the window once this many readings wait
     */
    CommitWriter(String name, Persister<T> persister, long window, TimeUnit unit, int maxReadings) {
        this.name = name;
        this.persister = persister;
        this.windowNanos = unit.toNanos(window);
        this.maxReadings = maxReadings;
        this.nanos = System::nanoTime;
        this.lastCommitStart = nanos.getAsLong() - windowNanos;
    }

    /** The stage of {@code change}: completes once a commit covered it, exceptionally when it is not stored. */
    synchronized CompletableFuture<Void> durable(T change, int readings) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new JournalException("journal writer " + name + " is closed"));
            return durable;
        }
        if (thread == null) {
            thread = new Thread(this::run, "journal-writer " + name);
            thread.setDaemon(true);
            thread.start();
        }
        pending.add(new Pending<>(change, readings, durable));
        pendingReadings += readings;
        if (pending.size() == 1 || pendingReadings >= maxReadings) {
            notifyAll();
        }
        return durable;
    }

    private void run() {
        List<Pending<T>> group = new ArrayList<>();
        while (true) {
            synchronized (this) {
                try {
                    if (!awaitGroup()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    closed = true; // complete what is there, then end
                }
                group.addAll(pending);
                pending.clear();
                pendingReadings = 0;
                lastCommitStart = nanos.getAsLong();
            }
            persist(group);
            group.clear();
        }
    }

    /** Waits (holding the monitor) until a group is due; false once closed with nothing left. */
    private boolean awaitGroup() throws InterruptedException {
        while (true) {
            if (pending.isEmpty()) {
                if (closed) {
                    return false;
                }
                wait();
                continue;
            }
            long left = lastCommitStart + windowNanos - nanos.getAsLong();
            if (closed || left <= 0 || pendingReadings >= maxReadings) {
                return true;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The newest change first: its commit covers the older ones, which then return at once. */
    private void persist(List<Pending<T>> group) {
        for (int i = group.size() - 1; i >= 0; i--) {
            Pending<T> p = group.get(i);
            try {
                persister.persist(p.change());
                p.durable().complete(null);
            } catch (JournalException e) {
                p.durable().completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                p.durable().completeExceptionally(new JournalException("journal writer " + name + " failed: " + e, e));
            }
        }
    }

    /** Makes what is waiting durable (or fails it), then ends the thread; later changes fail. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
