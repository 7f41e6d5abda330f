package io.heathub.core.bus;

import static java.lang.System.Logger.Level.ERROR;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Watches every bus worker's heartbeat. Driver calls have deadlines of their own, and a worker
 * beats while it waits for one; so a worker silent for longer than a driver call may take is
 * stuck somewhere else (a journal append that does not return, a feature's listener, a bug), and
 * a worker whose thread ended without being stopped died. Either way the bus is restarted: its
 * devices show why until the new worker has them running again.
 */
public final class BusWatchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BusWatchdog.class.getName());

    private final Supplier<List<BusWorker>> workers;
    private final BiConsumer<BusWorker, String> restart;
    private final ScheduledExecutorService timer;

    /**
     * @param workers the workers running now
     * @param restart replaces a worker by a new one for the same bus, showing the reason
     * @param period  how often the heartbeats are looked at
     */
    public BusWatchdog(Supplier<List<BusWorker>> workers, BiConsumer<BusWorker, String> restart, Duration period) {
        this.workers = workers;
        this.restart = restart;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bus-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks at every worker once; restarts those that are stuck or dead. */
    void check() {
        try {
            for (BusWorker w : workers.get()) {
                if (w.stopping()) {
                    continue;
                }
                String why = null;
                if (!w.alive()) {
                    why = "bus " + w.bus().id() + ": worker thread ended unexpectedly while " + w.doing();
                } else if (w.silentNanos() > w.callDeadline().toNanos()) {
                    why = "bus " + w.bus().id() + " stuck: " + w.silence();
                }
                if (why == null) {
                    if (w.markedStuck()) {
                        w.clearStuck();
                    }
                    continue;
                }
                if (!w.markedStuck()) {
                    LOG.log(ERROR, why + "; restarting the bus. Its worker was at: " + Arrays.stream(w.stack())
                            .limit(12).map(StackTraceElement::toString).collect(Collectors.joining("\n\tat ", "\n\tat ", "")));
                }
                restart.accept(w, why);
            }
        } catch (RuntimeException e) {
            LOG.log(ERROR, "bus watchdog check failed (it goes on)", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
