package io.heathub.core.bus;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LineSettings;
import io.heathub.api.hub.BusAccess;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import io.heathub.api.journal.JournalException;
import io.heathub.config.site.BusConfig;
import io.heathub.core.bus.DriverCalls.CallFailed;
import io.heathub.core.pipeline.PollWindow;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.wire.TimeSpans;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The single worker of one bus: request/response on a half-duplex line must never overlap, so
 * every driver call for the bus's devices happens one at a time, ordered by this worker. Control
 * tasks (commands, driver changes) run before the next poll, then queued link work (a route
 * reading raw registers through {@link BusAccess}); polls are spread over each device's interval;
 * failing devices are backed off so they cannot stall the line.
 *
 * <p>Driver calls run on the bus's {@link DriverCalls} thread with a deadline: a driver that
 * throws anything or hangs affects only its device (FAILING with the reason, the line closed and
 * reopened for the others). The worker beats a heartbeat on every turn and while it waits for a
 * call, so a {@link BusWatchdog} can tell a worker stuck elsewhere (a journal that does not
 * return) and restart the bus. Polls are scheduled on a monotonic ticker, not the wall clock.
 */
public final class BusWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BusWorker.class.getName());
    private static final long IDLE_WAIT = TimeUnit.SECONDS.toNanos(1);
    private static final long LINK_RETRY = TimeUnit.SECONDS.toNanos(10);
    private static final Duration QUIET_AFTER_GARBAGE = Duration.ofMillis(100);
    /** How long a call still running when the bus stops may take to end before it is abandoned. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Runnable WAKE_UP = () -> { };

    /**
     * How the worker keeps time.
     *
     * @param callDeadline the longest a driver call (poll, command, open) may take; link work gets ten times as long
     * @param ticker       monotonic nanoseconds ({@code System::nanoTime}): schedules polls
     */
    public record Timing(Duration callDeadline, LongSupplier ticker) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(60), System::nanoTime);
    }

    private final BusConfig bus;
    private final List<DeviceConfig> configs;
    private final List<DeviceRuntime> devices;
    private final DriverDirectory drivers;
    private final LinkOpener links;
    private final ReadingPipeline pipeline;
    /** Polls handed to the journal and not yet durable: the worker polls on meanwhile (group commit). */
    private final PollWindow journaling;
    private final Clock clock;
    private final Timing timing;
    private final LongSupplier ticker;
    private final DriverCalls calls;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /**
     * Commands that came in the first seconds after start for a device not open yet (its driver or
     * transport binding a moment after the site loaded: a backend's pending commands are fetched at
     * once). They run when the device opens, or end FAILED with the reason once start-up is over.
     */
    private final java.util.Queue<CommandTask> heldAtStartUp = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Work on the link for others (routes, tools): after control tasks, before the next poll. */
    private final BlockingQueue<LinkTask<?>> linkWork = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Set once the worker takes no more link work; whatever is queued then is refused. */
    private volatile boolean stopped;
    /** Why the watchdog found this worker stuck; its devices show it. */
    private volatile String stuck;
    /** The command being executed, so a worker given up can still answer it. */
    private volatile CommandTask current;
    private volatile long heartbeat;
    private volatile String doing = "starting";
    private volatile CountingLink link;
    /** The serial settings the bus's URI gave the link when it opened; null for a link that is no serial line. */
    private LineSettings busLine;
    private String linkProblem = "";
    private String linkNotice = "";
    private long lastLinkRetry;
    private final long startedAt;
    private boolean startUpReported;
    private final LineStatistics statistics;

    public BusWorker(BusConfig bus, List<DeviceConfig> devices, DriverDirectory drivers, LinkOpener links,
                     ReadingPipeline pipeline, Clock clock) {
        this(bus, devices, drivers, links, pipeline, clock, Timing.DEFAULT, "");
    }

    /**
     * @param startNote what the devices show until they are opened (e.g. why the bus was restarted); empty for none
     */
    public BusWorker(BusConfig bus, List<DeviceConfig> devices, DriverDirectory drivers, LinkOpener links,
                     ReadingPipeline pipeline, Clock clock, Timing timing, String startNote) {
        this.bus = bus;
        this.configs = List.copyOf(devices);
        this.drivers = drivers;
        this.links = links;
        this.pipeline = pipeline;
        this.journaling = new PollWindow(pipeline, PollWindow.DEFAULT_MAX_IN_FLIGHT);
        this.clock = clock;
        this.timing = timing;
        this.ticker = timing.ticker();
        long start = ticker.getAsLong();
        this.startedAt = start;
        this.heartbeat = start;
        this.lastLinkRetry = start - LINK_RETRY;
        this.statistics = new LineStatistics(start);
        List<DeviceRuntime> runtimes = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig d = devices.get(i);
            // Spread first polls over the interval so a line of many meters is not hit at once.
            long offset = d.pollInterval().toNanos() / Math.max(1, devices.size()) * i;
            runtimes.add(new DeviceRuntime(d, start + offset, startNote));
        }
        this.devices = List.copyOf(runtimes);
        this.thread = new Thread(this::run, "bus-" + bus.id());
        this.thread.setDaemon(true);
        this.calls = new DriverCalls(bus.id(), ticker, () -> beat(doing), () -> !running, STOP_GRACE);
    }

    public BusConfig bus() {
        return bus;
    }

    /** The devices this worker was made for (a restart makes a new worker with the same). */
    public List<DeviceConfig> deviceConfigs() {
        return configs;
    }

    public void start() {
        tasks.add(this::syncDrivers);
        thread.start();
    }

    /** Re-checks which devices can run after a driver appeared or went away; waits until done. */
    public void driversChanged() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            syncDrivers();
            done.complete(null);
        });
        try {
            // A leaving driver's sessions must be closed before its bundle stops.
            done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(WARNING, "bus {0}: driver change not applied within 30 s (a device call is hanging?)", bus.id());
        }
    }

    /** Queues a command ahead of all polls on this bus; FAILED when the bus stops before it ran. */
    public CompletableFuture<CommandResult> submit(Command command) {
        CommandTask task = new CommandTask(command, new CompletableFuture<>());
        tasks.add(task);
        if (stopped) {
            refusePendingWork(); // the worker is gone: nobody else will
        }
        return task.result;
    }

    /** A queued command and the stage its asker waits on, so a stopping bus can answer it. */
    private final class CommandTask implements Runnable {
        final Command command;
        final CompletableFuture<CommandResult> result;

        CommandTask(Command command, CompletableFuture<CommandResult> result) {
            this.command = command;
            this.result = result;
        }

        @Override
        public void run() {
            if (holdAtStartUp(command)) {
                heldAtStartUp.add(this);
                return;
            }
            current = this;
            try {
                result.complete(execute(command));
            } catch (RuntimeException | Error e) {
                result.complete(CommandResult.failed(command.requestId(), "hub error: " + e));
                throw e;
            } finally {
                current = null;
            }
        }
    }

    /**
     * Queues {@code work} to run on this worker with the bus's link, after queued control tasks
     * and before the next poll. Never left hanging: when the worker stops first, the stage
     * completes with {@link IllegalStateException}.
     */
    public <T> CompletableFuture<T> runOnLink(BusAccess.LinkWork<T> work) {
        LinkTask<T> task = new LinkTask<>(work);
        linkWork.add(task);
        tasks.add(WAKE_UP); // ends the worker's wait for the next poll
        if (stopped) {
            refusePendingWork(); // the worker is gone: nobody else will
        }
        return task.result;
    }

    /** The id of the device declared at {@code address} on this bus (as written, trimmed). */
    public Optional<String> deviceAt(String address) {
        String wanted = address.trim();
        return devices.stream().filter(d -> d.config.address() != null && d.config.address().trim().equals(wanted))
                .map(d -> d.config.id()).findFirst();
    }

    /** True when the device lives on this bus. */
    public boolean hosts(String deviceId) {
        return devices.stream().anyMatch(d -> d.config.id().equals(deviceId));
    }

    /** The line's statistics since the worker started. */
    public BusStatus busStatus() {
        return statistics.snapshot(bus.id(), bus.uri().toString());
    }

    /** The devices' states; every device FAILING with the reason while the watchdog finds the worker stuck. */
    public List<DeviceStatus> status() {
        String why = stuck;
        return devices.stream().map(DeviceRuntime::status).map(s -> why == null ? s : new DeviceStatus(s.id(),
                s.driver(), s.bus(), State.FAILING, why, s.lastPoll(), s.polls(), s.failures())).toList();
    }

    /** How long since the worker last showed it was alive, on the ticker; and what it was doing. */
    public long silentNanos() {
        return ticker.getAsLong() - heartbeat;
    }

    /** What the worker was doing at its last heartbeat. */
    public String doing() {
        return doing;
    }

    /** True while the worker's thread runs or has not been started; false once it ended on its own. */
    public boolean alive() {
        return thread.isAlive() || (running && thread.getState() == Thread.State.NEW);
    }

    /** True once the worker was told to stop (closed or given up). */
    public boolean stopping() {
        return !running;
    }

    /** The deadline of one driver call: a worker silent for longer than that is stuck. */
    public Duration callDeadline() {
        return timing.callDeadline();
    }

    /** The thread's stack, for the log of a stuck worker. */
    public StackTraceElement[] stack() {
        return thread.getStackTrace();
    }

    private void beat(String what) {
        heartbeat = ticker.getAsLong();
        doing = what;
    }

    private void run() {
        LOG.log(INFO, "bus {0} ({1}): worker started with {2} devices", bus.id(), bus.uri(), devices.size());
        try {
            while (running) {
                beat("waiting for the next poll");
                try {
                    turn();
                } catch (InterruptedException e) {
                    break;
                } catch (Throwable e) { // NOPMD: nothing a device or feature throws may end the line for all
                    LOG.log(ERROR, "bus " + bus.id() + ": unexpected error in worker (it goes on)", e);
                    pause();
                }
            }
        } finally {
            Thread.interrupted(); // the cleanup below waits for calls of its own
            finishJournaling();
            stopped = true;
            refusePendingWork();
            closeAll();
            calls.shutdown();
            LOG.log(INFO, "bus {0}: worker stopped", bus.id());
        }
    }

    /** One step of the loop: a control task, a piece of link work, or the next due poll. */
    private void turn() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        journaling.finishDone();
        Runnable task = tasks.poll();
        if (task != null) {
            task.run();
            return;
        }
        LinkTask<?> work = linkWork.poll();
        if (work != null) {
            runLinkWork(work);
            return;
        }
        long now = ticker.getAsLong();
        if (devices.stream().anyMatch(d -> d.hungCall != null && !d.callStillHung())) {
            reopen(); // an abandoned call has returned at last: its device may be opened again
        }
        if (statistics.due(now, bus.statistics())) {
            publishStatistics(now);
        }
        if (!heldAtStartUp.isEmpty() && !startingUp()) {
            releaseHeldCommands();
        }
        if (now - lastLinkRetry >= LINK_RETRY) {
            lastLinkRetry = now;
            reopen();
            if (!startUpReported && !startingUp()) {
                startUpReported = true;
                syncDrivers(); // reports devices still waiting for a driver
            }
        }
        Optional<DeviceRuntime> next = devices.stream().filter(DeviceRuntime::pollable)
                .min(Comparator.comparingLong(d -> d.due - now));
        long wait = next.map(d -> d.due - now).orElse(IDLE_WAIT);
        if (wait > 0 && journaling.inFlight() > 0) {
            finishJournaling(); // nothing to poll now: publish what was polled before idling
            return;
        }
        if (wait > 0) {
            task = tasks.poll(Math.min(wait, IDLE_WAIT) + TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            if (task != null) {
                task.run();
            }
            return;
        }
        poll(next.get());
    }

    private static void pause() {
        try {
            Thread.sleep(100); // a failing loop must not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> void runLinkWork(LinkTask<T> task) {
        long busyFrom = System.nanoTime();
        try {
            task.result.complete(calls.run("link work", timing.callDeadline().multipliedBy(10), () -> {
                CountingLink open;
                try {
                    open = link();
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalStateException("bus " + bus.id() + " (" + bus.uri() + "): cannot open link: "
                            + e.getMessage(), e);
                }
                lineFor(null); // routes and scans work at the bus's settings
                return task.work.run(open);
            }));
        } catch (DeviceException e) {
            statistics.failed(e.kind());
            if (e.kind() == DeviceException.Kind.CHECKSUM || e.kind() == DeviceException.Kind.MALFORMED) {
                letGarbagePass();
            }
            task.result.completeExceptionally(e);
        } catch (IOException e) {
            task.result.completeExceptionally(e);
        } catch (CallFailed e) {
            if (e.getCause() instanceof RuntimeException r) {
                task.result.completeExceptionally(r); // the work's own failure, not the line's
            } else {
                task.result.completeExceptionally(new IllegalStateException("bus " + bus.id() + ": " + e.getMessage(), e));
                restartLine("link work: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            task.result.completeExceptionally(new IllegalStateException("bus " + bus.id() + " stopped while the work ran"));
            Thread.currentThread().interrupt();
        } finally {
            statistics.busy(System.nanoTime() - busyFrom);
        }
    }

    /** Answers what was queued and will never run now: link work fails, commands are FAILED. */
    private void refusePendingWork() {
        String stoppedBefore = "bus " + bus.id() + (stuck != null ? " restarted by the watchdog" : " stopped (site"
                + " reload or shutdown)") + " before the ";
        for (LinkTask<?> task; (task = linkWork.poll()) != null; ) {
            task.result.completeExceptionally(new IllegalStateException(stoppedBefore + "work ran"));
        }
        for (Runnable task; (task = tasks.poll()) != null; ) {
            if (task instanceof CommandTask c) {
                c.result.complete(CommandResult.failed(c.command.requestId(), stoppedBefore + "command ran"));
            }
        }
        for (CommandTask c; (c = heldAtStartUp.poll()) != null; ) {
            c.result.complete(CommandResult.failed(c.command.requestId(), stoppedBefore + "command ran"));
        }
    }

    /** During start-up, a command for a device of this bus that is not open yet waits for it. */
    private boolean holdAtStartUp(Command command) {
        if (!startingUp()) {
            return false;
        }
        return devices.stream().filter(d -> d.config.id().equals(command.device())).findFirst()
                .map(d -> d.session == null && (d.state == State.BUS_DOWN || d.state == State.WAITING_FOR_DRIVER))
                .orElse(false);
    }

    /** Held commands go back to the queue: their device opened, or start-up is over (then they answer why not). */
    private void releaseHeldCommands() {
        for (CommandTask c; (c = heldAtStartUp.poll()) != null; ) {
            tasks.add(c);
        }
    }

    /** The bus's link, opened on first use; shared by every device session and all link work. */
    private CountingLink link() throws IOException {
        CountingLink open = link;
        if (open == null) {
            open = new CountingLink(links.open(bus.uri()), statistics);
            link = open;
            busLine = open.lineSettings().orElse(null);
            linkProblem = "";
            linkNotice = "";
        }
        return open;
    }

    /**
     * Gives the line the serial settings of {@code device} (its site {@code line:}, else the bus's;
     * {@code null}: the bus's, for link work), switching only when the line is at others. Checked
     * before every call rather than restored after one, so a driver that switched mid-call (IEC
     * 62056-21 mode C) and did not switch back cannot leave the next device at the wrong settings.
     */
    private void lineFor(DeviceConfig device) throws IOException {
        CountingLink open = link;
        if (open == null || busLine == null) {
            return; // not a serial line: nothing to switch (the site refuses line: on such a bus)
        }
        LineSettings wanted = device == null || device.line() == null ? busLine : device.line();
        if (!open.lineSettings().map(wanted::equals).orElse(false)) {
            open.changeLineSettings(wanted);
        }
    }

    /** Work queued through {@link #runOnLink} and the stage its asker waits on. */
    private record LinkTask<T>(BusAccess.LinkWork<T> work, CompletableFuture<T> result) {
        LinkTask(BusAccess.LinkWork<T> work) {
            this(work, new CompletableFuture<>());
        }
    }

    private void publishStatistics(long now) {
        try {
            beat("journal append of line statistics");
            pipeline.acceptPoll(statistics.closeInterval(bus.id(), now, clock.instant()));
        } catch (JournalException e) {
            LOG.log(WARNING, "bus {0}: line statistics not journaled: {1}", bus.id(), e.getMessage());
        }
    }

    /** Waits until every poll handed to the journal is durable (or refused) and finishes it. */
    private void finishJournaling() {
        if (journaling.inFlight() > 0) {
            beat("waiting for the journal to store " + journaling.inFlight() + " polls");
            journaling.finishAll();
        }
    }

    /** A poll the journal did not store: its device reports it and retries, loudly. */
    private void journalRefused(DeviceRuntime d, JournalException e) {
        d.failed(ticker.getAsLong(), "journal refused readings: " + e.getMessage());
        LOG.log(ERROR, "device {0}: readings NOT accepted, journal refused them: {1}", d.config.id(), e.getMessage());
    }

    private void poll(DeviceRuntime d) throws InterruptedException {
        String what = "poll of device " + d.config.id();
        beat(what);
        statistics.pollStarted(ticker.getAsLong() - d.due);
        long busyFrom = System.nanoTime();
        DeviceSession session = d.session;
        try {
            List<Reading> readings;
            try {
                readings = calls.run(what, timing.callDeadline(), () -> {
                    lineFor(d.config);
                    return session.read(Set.of());
                });
            } finally {
                statistics.busy(System.nanoTime() - busyFrom);
            }
            beat("journal hand-over of " + what);
            journaling.submit(readings, () -> beat("journal append of " + what), refused -> journalRefused(d, refused));
            boolean recovered = d.state == State.FAILING;
            d.succeeded(ticker.getAsLong(), clock.instant());
            if (recovered) {
                LOG.log(INFO, "device {0} on bus {1}: polling again after {2} failures", d.config.id(), bus.id(),
                        d.failures);
            }
        } catch (DeviceException e) {
            statistics.failed(e.kind());
            if (e.kind() == DeviceException.Kind.CONFIG) {
                configError(d, e.getMessage());
                return;
            }
            if (e.kind() == DeviceException.Kind.CHECKSUM || e.kind() == DeviceException.Kind.MALFORMED) {
                letGarbagePass();
            }
            boolean first = d.state != State.FAILING;
            Duration retry = d.failed(ticker.getAsLong(), e.kind() + ": " + e.getMessage());
            if (first || d.consecutiveFailures % 10 == 0) {
                LOG.log(WARNING, "device {0} on bus {1} ({2}): poll failed ({3} in a row), retry in {4} s: {5}",
                        d.config.id(), bus.id(), bus.uri(), d.consecutiveFailures, retry.toSeconds(), e.getMessage());
            }
        } catch (IOException e) {
            d.failed(ticker.getAsLong(), "IO: " + e.getMessage());
        } catch (CallFailed e) {
            driverFailed(d, e);
        } catch (RuntimeException | Error e) { // NOPMD: validation or a listener; the device must be rescheduled
            d.failed(ticker.getAsLong(), "hub error after the poll: " + e);
            LOG.log(ERROR, "device " + d.config.id() + ": readings could not be taken in", e);
        }
    }

    /**
     * A driver call threw something other than a {@link DeviceException}, or hung: only this
     * device pays (FAILING with the reason); the line is closed and the others reopened on it, so
     * no half-read frame or stale session of the bad call is left for them.
     */
    private void driverFailed(DeviceRuntime d, CallFailed e) {
        if (e.hung()) {
            d.hungCall = e.abandoned;
            d.failed(ticker.getAsLong(), "driver '" + d.config.driver() + "' hung: " + e.getMessage()
                    + "; line reopened, device not called again until that call returns");
            LOG.log(ERROR, "device {0} on bus {1}: {2}", d.config.id(), bus.id(), d.lastError);
        } else {
            d.failed(ticker.getAsLong(), "driver error: " + e.getCause());
            LOG.log(ERROR, "device " + d.config.id() + ": driver '" + d.config.driver() + "' threw", e.getCause());
        }
        restartLine("device " + d.config.id() + ": " + e.getMessage());
    }

    /** Closes every session and the link; sessions reopen on a new link (a hung device once its call returns). */
    private void restartLine(String why) {
        CountingLink old = link;
        link = null;
        for (DeviceRuntime d : devices) {
            if (d.session != null && !d.callStillHung()) {
                closeSession(d);
            }
            d.session = null;
            d.openedWith = null;
        }
        if (old != null) {
            old.retire(why);
        }
        if (running) {
            syncDrivers();
        }
    }

    /**
     * A garbled reply (noise, two devices answering) may still be on the wire: the next device's
     * request must not run into its tail.
     */
    private void letGarbagePass() {
        try {
            CountingLink open = link;
            if (open != null && !calls.run("waiting for a quiet line", bus.timeout().multipliedBy(2),
                    () -> open.awaitSilence(QUIET_AFTER_GARBAGE, bus.timeout()))) {
                LOG.log(WARNING, "bus {0} ({1}): line still busy {2} ms after a garbled reply (noise on the line?)",
                        bus.id(), bus.uri(), bus.timeout().toMillis());
            }
        } catch (IOException | DeviceException | CallFailed e) {
            LOG.log(WARNING, "bus {0}: {1}", bus.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CommandResult execute(Command command) {
        Optional<DeviceRuntime> target = devices.stream().filter(d -> d.config.id().equals(command.device())).findFirst();
        if (target.isEmpty()) {
            return CommandResult.refused(command.requestId(), "device '" + command.device() + "' is not on bus " + bus.id());
        }
        DeviceRuntime d = target.get();
        if (d.session == null || d.callStillHung()) {
            return CommandResult.failed(command.requestId(), "device '" + d.config.id() + "' is " + d.state
                    + (d.lastError.isEmpty() ? "" : ": " + d.lastError));
        }
        String what = "command " + command.requestId() + " for device " + d.config.id();
        beat(what);
        DeviceSession session = d.session;
        long busyFrom = System.nanoTime();
        try {
            return calls.run(what, timing.callDeadline(), () -> {
                lineFor(d.config);
                return session.execute(command);
            });
        } catch (DeviceException e) {
            statistics.failed(e.kind());
            return CommandResult.failed(command.requestId(), e.kind() + ": " + e.getMessage());
        } catch (IOException e) {
            return CommandResult.failed(command.requestId(), "IO: " + e.getMessage());
        } catch (CallFailed e) {
            driverFailed(d, e);
            return CommandResult.failed(command.requestId(), e.hung()
                    ? "the driver did not finish the command: " + e.getMessage() + " (whether the device applied it is"
                    + " unknown)" : "driver error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandResult.failed(command.requestId(), "bus " + bus.id() + " stopped while the command ran"
                    + " (whether the device applied it is unknown)");
        } finally {
            statistics.busy(System.nanoTime() - busyFrom);
        }
    }

    /** Opens sessions whose driver is present, closes those whose driver left or changed. */
    private void syncDrivers() {
        for (DeviceRuntime d : devices) {
            Optional<DeviceDriver> driver = drivers.driver(d.config.driver());
            if (d.session != null && (driver.isEmpty() || driver.get() != d.openedWith)) {
                closeSession(d);
            }
            if (driver.isEmpty()) {
                String waiting = "driver '" + d.config.driver() + "' is not installed (installed: "
                        + String.join(", ", drivers.ids()) + ")";
                // Drivers bind a moment after the site loads: report only what outlives the start-up.
                if (!startingUp() && !waiting.equals(d.reportedWaiting)) {
                    d.reportedWaiting = waiting;
                    LOG.log(WARNING, "device {0} ({1}): {2}; it starts when the driver is installed", d.config.id(),
                            d.config.origin(), waiting);
                }
                d.state = State.WAITING_FOR_DRIVER;
                d.lastError = waiting;
                continue;
            }
            if (d.session == null && !d.callStillHung()
                    && (d.state != State.CONFIG_ERROR || d.openedWith != driver.get())) {
                open(d, driver.get());
            }
        }
        releaseHeldCommands(); // a driver that came may have opened their device
    }

    private void open(DeviceRuntime d, DeviceDriver driver) {
        d.openedWith = driver;
        String what = "opening device " + d.config.id();
        beat(what);
        try {
            d.session = calls.run(what, timing.callDeadline(), () -> {
                CountingLink open;
                try {
                    open = link();
                } catch (IllegalArgumentException badUri) {
                    // The transport refused the URI itself (unknown option, bad baud rate...).
                    throw new DeviceException(DeviceException.Kind.CONFIG, "bus " + bus.id() + " (" + bus.origin()
                            + "): " + badUri.getMessage());
                }
                lineFor(d.config);
                return driver.open(d.config, open);
            });
            if (d.state != State.FAILING) {
                d.state = State.RUNNING;
                d.lastError = "";
            }
            long now = ticker.getAsLong();
            d.due = d.due - now < 0 ? now : d.due;
            LOG.log(INFO, "device {0}: opened with driver ''{1}'' on bus {2}", d.config.id(), driver.info().id(), bus.id());
        } catch (DeviceException e) {
            configError(d, e.getMessage());
        } catch (IOException e) {
            busDown(d, e);
        } catch (CallFailed e) {
            if (e.hung()) {
                d.hungCall = e.abandoned;
                d.openedWith = null;
                d.failed(ticker.getAsLong(), "driver '" + driver.info().id() + "' hung opening the device: "
                        + e.getMessage());
                LOG.log(ERROR, "device {0} on bus {1}: {2}", d.config.id(), bus.id(), d.lastError);
                restartLine("device " + d.config.id() + ": " + e.getMessage());
            } else {
                configError(d, "driver '" + driver.info().id() + "' failed to open the device: " + e.getCause());
            }
        } catch (InterruptedException e) {
            d.openedWith = null;
            Thread.currentThread().interrupt();
        }
    }

    private void busDown(DeviceRuntime d, IOException e) {
        d.state = State.BUS_DOWN;
        d.lastError = "bus " + bus.id() + " (" + bus.uri() + "): " + e.getMessage();
        d.openedWith = null;
        // At start-up the transport service may bind a moment after the site loaded: only a
        // problem that outlives the first retry is an error worth a 3 a.m. look.
        boolean startingUp = startingUp();
        if (startingUp && !e.getMessage().equals(linkNotice)) {
            linkNotice = e.getMessage();
            LOG.log(INFO, "bus {0} ({1}): no link yet, retrying: {2}", bus.id(), bus.uri(), e.getMessage());
        } else if (!startingUp && !e.getMessage().equals(linkProblem)) {
            linkProblem = e.getMessage();
            LOG.log(ERROR, "bus {0} ({1}, {2}): cannot open link: {3}", bus.id(), bus.uri(), bus.origin(),
                    e.getMessage());
        }
    }

    /** The first seconds after start, when drivers and transports may still be binding. */
    private boolean startingUp() {
        return ticker.getAsLong() - startedAt < LINK_RETRY;
    }

    /** Retries devices whose bus link could not be opened (a transport may have been installed). */
    public void linksChanged() {
        tasks.add(this::reopen);
    }

    /** Opens again what is closed for a passing reason: the bus was down, or a hung call has returned. */
    private void reopen() {
        for (DeviceRuntime d : devices) {
            boolean closedAfterFailure = d.session == null && d.state == State.FAILING && !d.callStillHung();
            if (d.state == State.BUS_DOWN || closedAfterFailure) {
                drivers.driver(d.config.driver()).ifPresent(driver -> open(d, driver));
            }
        }
        releaseHeldCommands();
    }

    private void configError(DeviceRuntime d, String message) {
        closeSession(d);
        d.state = State.CONFIG_ERROR;
        d.lastError = message;
        LOG.log(ERROR, "device {0} ({1}): configuration refused by driver ''{2}'': {3}", d.config.id(),
                d.config.origin(), d.config.driver(), message);
    }

    private void closeSession(DeviceRuntime d) {
        DeviceSession session = d.session;
        d.session = null;
        if (session == null) {
            return;
        }
        try {
            calls.run("closing device " + d.config.id(), STOP_GRACE, () -> {
                session.close();
                return null;
            });
        } catch (CallFailed e) {
            if (e.hung()) {
                d.hungCall = e.abandoned;
            }
            LOG.log(WARNING, "device " + d.config.id() + ": error closing session: " + e.getMessage(), e.getCause());
        } catch (DeviceException | IOException e) {
            LOG.log(WARNING, "device " + d.config.id() + ": error closing session", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll() {
        devices.forEach(this::closeSession);
        CountingLink open = link;
        link = null;
        if (open != null) {
            open.close();
        }
    }

    /** Stops the worker, closing sessions and the link; waits for the current call to end (or be abandoned). */
    @Override
    public void close() {
        running = false;
        tasks.add(WAKE_UP);
        try {
            thread.join(STOP_GRACE.plusSeconds(25).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            stopped = true;
            refusePendingWork(); // also when the worker never started
        }
    }

    /** The watchdog finds the worker stuck: its devices show {@code why} until it moves again. */
    public void markStuck(String why) {
        stuck = why;
    }

    /** True while the watchdog finds the worker stuck. */
    public boolean markedStuck() {
        return stuck != null;
    }

    /** The worker moves again. */
    public void clearStuck() {
        stuck = null;
    }

    /**
     * Gives a stuck worker up without waiting for it (the watchdog starts a new one): its devices
     * show {@code why}, what was queued fails, the command it was executing ends FAILED, its
     * thread is interrupted and its link retired.
     */
    public void abandon(String why) {
        stuck = why;
        running = false;
        stopped = true;
        thread.interrupt();
        refusePendingWork();
        CommandTask executing = current;
        if (executing != null) {
            executing.result.complete(CommandResult.failed(executing.command.requestId(), "bus " + bus.id()
                    + " restarted by the watchdog while the command ran (whether the device applied it is unknown)"));
        }
        CountingLink open = link;
        if (open != null) {
            open.retire(why);
        }
    }

    /** Describes how long a worker has been silent, for the watchdog's reason. */
    String silence() {
        return "worker silent for " + TimeSpans.describe(Duration.ofNanos(silentNanos())) + " while " + doing;
    }
}
