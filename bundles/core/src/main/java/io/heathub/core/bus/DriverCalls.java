package io.heathub.core.bus;

import io.heathub.api.driver.DeviceException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Where a bus's driver calls run: one at a time on a thread of their own, while the bus worker
 * waits for them with a deadline. A call that throws anything ({@link Error}s included) is
 * reported as a {@link CallFailed}; a call that outlives its deadline is abandoned: its thread is
 * interrupted and left behind, and the next call gets a fresh thread. Java code blocked in I/O
 * wakes when its link is closed (the worker retires the link); a native call that ignores both
 * keeps its thread until it returns, if ever — the device it hung on is not called again until
 * then, so one device holds at most one such thread.
 *
 * <p>Used by the bus worker's thread only (the heartbeat and the stop signal are read from it).
 */
final class DriverCalls {
    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String busId;
    private final LongSupplier ticker;
    private final Runnable heartbeat;
    private final BooleanSupplier stopping;
    private final Duration stopGrace;
    private ExecutorService executor;
    private volatile Thread caller;
    private int generation;

    /** A driver call: may throw what drivers throw, or anything else. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws DeviceException, IOException;
    }

    /** Why a call gave no result of its own. */
    static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean hung;
        /** The thread left running in an abandoned call, or null. */
        final transient Thread abandoned;

        CallFailed(String message, Throwable cause, boolean hung, Thread abandoned) {
            super(message, cause);
            this.hung = hung;
            this.abandoned = abandoned;
        }

        /** True when the call hung (or was cut short by a stopping bus) and was abandoned. */
        boolean hung() {
            return hung;
        }
    }

    /**
     * @param heartbeat called at least once a second while a call runs: the worker is alive
     * @param stopping  true once the bus stops: a running call then gets {@code stopGrace} more
     */
    DriverCalls(String busId, LongSupplier ticker, Runnable heartbeat, BooleanSupplier stopping, Duration stopGrace) {
        this.busId = busId;
        this.ticker = ticker;
        this.heartbeat = heartbeat;
        this.stopping = stopping;
        this.stopGrace = stopGrace;
    }

    /**
     * Runs {@code call} and waits up to {@code deadline} for it.
     *
     * @throws DeviceException what the call threw
     * @throws IOException     what the call threw
     * @throws CallFailed      it threw anything else (the cause), or hung past its deadline, or the
     *                         bus stopped and it did not end within the grace (abandoned)
     * @throws InterruptedException the worker itself was interrupted (the call is abandoned)
     */
    <T> T run(String what, Duration deadline, Call<T> call)
            throws DeviceException, IOException, CallFailed, InterruptedException {
        Future<T> future;
        try {
            future = executor().submit(() -> {
                caller = Thread.currentThread();
                return call.call();
            });
        } catch (RejectedExecutionException e) {
            throw new CallFailed(what + ": bus " + busId + " is stopping", e, false, null);
        }
        long started = ticker.getAsLong();
        long end = started + deadline.toNanos();
        boolean graceGiven = false;
        while (true) {
            heartbeat.run();
            long now = ticker.getAsLong();
            if (!graceGiven && stopping.getAsBoolean()) {
                graceGiven = true;
                end = Math.min(end, now + stopGrace.toNanos());
            }
            long left = end - now;
            if (left <= 0) {
                String why = graceGiven ? "bus " + busId + " stopped while " + what + " was running"
                        : what + " did not return within " + deadline.toMillis() + " ms";
                throw abandon(future, why);
            }
            try {
                return future.get(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                // beat, then wait on
            } catch (InterruptedException e) {
                abandon(future, "bus " + busId + " worker interrupted");
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof DeviceException d) {
                    throw d;
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new CallFailed(what + " threw " + cause, cause, false, null);
            }
        }
    }

    /** Interrupts and leaves the running call; the next call starts a new thread. */
    private CallFailed abandon(Future<?> future, String why) {
        Thread stuck = future.isDone() ? null : caller;
        String where = stuck == null ? "" : " (thread " + stuck.getName() + " in " + ownFrames(stuck) + ")";
        future.cancel(true);
        executor.shutdownNow();
        executor = null;
        return new CallFailed(why + "; abandoned" + where, null, true, stuck);
    }

    /** Where a thread is in the driver's code (the JDK's own frames of a wait or a read left out). */
    static String ownFrames(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        String frames = Arrays.stream(stack).filter(f -> !f.getClassName().startsWith("java.")
                        && !f.getClassName().startsWith("jdk.") && !f.getClassName().startsWith("sun."))
                .limit(2).map(StackTraceElement::toString).collect(Collectors.joining(" < "));
        return frames.isEmpty() && stack.length > 0 ? stack[0].toString() : frames;
    }

    private ExecutorService executor() {
        if (executor == null) {
            String name = "bus-" + busId + "-driver-" + (++generation);
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    /** Ends the caller thread once it is idle (a hung one is abandoned already). */
    void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
