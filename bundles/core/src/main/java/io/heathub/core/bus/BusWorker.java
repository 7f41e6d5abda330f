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
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.hub.BusAccess;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import io.heathub.api.journal.JournalException;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.config.site.BusConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single worker of one bus: request/response on a half-duplex line must never overlap, so
 * every driver call for the bus's devices happens on this thread, one at a time. Control tasks
 * (commands, driver changes) run before the next poll, then queued link work (a route reading
 * raw registers through {@link BusAccess}); polls are spread over each device's interval; failing
 * devices are backed off so they cannot stall the line.
 */
public final class BusWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BusWorker.class.getName());
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    private static final Duration LINK_RETRY = Duration.ofSeconds(10);
    private static final Duration QUIET_AFTER_GARBAGE = Duration.ofMillis(100);

    private final BusConfig bus;
    private final List<DeviceRuntime> devices;
    private final DriverDirectory drivers;
    private final LinkOpener links;
    private final ReadingPipeline pipeline;
    private final Clock clock;
    private static final Runnable WAKE_UP = () -> { };

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** Work on the link for others (routes, tools): after control tasks, before the next poll. */
    private final BlockingQueue<LinkTask<?>> linkWork = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Set once the worker takes no more link work; whatever is queued then is refused. */
    private volatile boolean stopped;
    private LinkFactory.ManagedLink link;
    private String linkProblem = "";
    private String linkNotice = "";
    private Instant lastLinkRetry = Instant.EPOCH;
    private final Instant startedAt;
    private boolean startUpReported;
    private final LineStatistics statistics;

    public BusWorker(BusConfig bus, List<DeviceConfig> devices, DriverDirectory drivers, LinkOpener links,
                     ReadingPipeline pipeline, Clock clock) {
        this.bus = bus;
        this.drivers = drivers;
        this.links = links;
        this.pipeline = pipeline;
        this.clock = clock;
        Instant start = clock.instant();
        this.startedAt = start;
        this.statistics = new LineStatistics(start);
        List<DeviceRuntime> runtimes = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig d = devices.get(i);
            // Spread first polls over the interval so a line of many meters is not hit at once.
            Duration offset = d.pollInterval().multipliedBy(i).dividedBy(Math.max(1, devices.size()));
            runtimes.add(new DeviceRuntime(d, start.plus(offset)));
        }
        this.devices = List.copyOf(runtimes);
        this.thread = new Thread(this::run, "bus-" + bus.id());
        this.thread.setDaemon(true);
    }

    public BusConfig bus() {
        return bus;
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
            refusePendingWork();
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
            result.complete(execute(command));
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

    public List<DeviceStatus> status() {
        return devices.stream().map(DeviceRuntime::status).toList();
    }

    private void run() {
        LOG.log(INFO, "bus {0} ({1}): worker started with {2} devices", bus.id(), bus.uri(), devices.size());
        while (running) {
            try {
                Runnable task = tasks.poll();
                if (task != null) {
                    task.run();
                    continue;
                }
                LinkTask<?> work = linkWork.poll();
                if (work != null) {
                    runLinkWork(work);
                    continue;
                }
                Instant now = clock.instant();
                if (statistics.due(now, bus.statistics())) {
                    publishStatistics(now);
                }
                if (Duration.between(lastLinkRetry, now).compareTo(LINK_RETRY) >= 0) {
                    lastLinkRetry = now;
                    retryBusDown();
                    if (!startUpReported && !startingUp()) {
                        startUpReported = true;
                        syncDrivers(); // reports devices still waiting for a driver
                    }
                }
                Optional<DeviceRuntime> next = devices.stream().filter(DeviceRuntime::pollable)
                        .min(Comparator.comparing(d -> d.due));
                Duration wait = next.map(d -> Duration.between(now, d.due)).orElse(IDLE_WAIT);
                if (!wait.isNegative() && !wait.isZero()) {
                    task = tasks.poll(Math.min(wait.toMillis(), IDLE_WAIT.toMillis()) + 1, TimeUnit.MILLISECONDS);
                    if (task != null) {
                        task.run();
                    }
                    continue;
                }
                poll(next.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // A driver bug must not kill the line for every other device.
                LOG.log(ERROR, "bus " + bus.id() + ": unexpected error in worker", e);
            }
        }
        stopped = true;
        refusePendingWork();
        closeAll();
        LOG.log(INFO, "bus {0}: worker stopped", bus.id());
    }

    private <T> void runLinkWork(LinkTask<T> task) {
        LinkFactory.ManagedLink open;
        try {
            open = link();
        } catch (IOException | IllegalArgumentException e) {
            task.result.completeExceptionally(new IllegalStateException("bus " + bus.id() + " (" + bus.uri()
                    + "): cannot open link: " + e.getMessage(), e));
            return;
        }
        long busyFrom = System.nanoTime();
        try {
            task.result.complete(task.work.run(open));
        } catch (DeviceException e) {
            statistics.failed(e.kind());
            if (e.kind() == DeviceException.Kind.CHECKSUM || e.kind() == DeviceException.Kind.MALFORMED) {
                letGarbagePass();
            }
            task.result.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
            task.result.completeExceptionally(e);
        } finally {
            statistics.busy(System.nanoTime() - busyFrom);
        }
    }

    /** Answers what was queued and will never run now: link work fails, commands are FAILED. */
    private void refusePendingWork() {
        String stoppedBefore = "bus " + bus.id() + " stopped (site reload or shutdown) before the ";
        for (LinkTask<?> task; (task = linkWork.poll()) != null; ) {
            task.result.completeExceptionally(new IllegalStateException(stoppedBefore + "work ran"));
        }
        for (Runnable task; (task = tasks.poll()) != null; ) {
            if (task instanceof CommandTask c) {
                c.result.complete(CommandResult.failed(c.command.requestId(), stoppedBefore + "command ran"));
            }
        }
    }

    /** The bus's link, opened on first use; shared by every device session and all link work. */
    private LinkFactory.ManagedLink link() throws IOException {
        if (link == null) {
            link = new CountingLink(links.open(bus.uri()), statistics);
            linkProblem = "";
            linkNotice = "";
        }
        return link;
    }

    /** Work queued through {@link #runOnLink} and the stage its asker waits on. */
    private record LinkTask<T>(BusAccess.LinkWork<T> work, CompletableFuture<T> result) {
        LinkTask(BusAccess.LinkWork<T> work) {
            this(work, new CompletableFuture<>());
        }
    }

    private void publishStatistics(Instant now) {
        try {
            pipeline.accept(statistics.closeInterval(bus.id(), now));
        } catch (JournalException e) {
            LOG.log(WARNING, "bus {0}: line statistics not journaled: {1}", bus.id(), e.getMessage());
        }
    }

    private void poll(DeviceRuntime d) {
        Instant started = clock.instant();
        long busyFrom = System.nanoTime();
        try {
            List<Reading> readings;
            try {
                readings = d.session.read(Set.of());
            } finally {
                statistics.busy(System.nanoTime() - busyFrom);
            }
            pipeline.accept(readings);
            boolean recovered = d.state == State.FAILING;
            d.succeeded(clock.instant());
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
            Duration retry = d.failed(started, e.kind() + ": " + e.getMessage());
            if (first || d.consecutiveFailures % 10 == 0) {
                LOG.log(WARNING, "device {0} on bus {1} ({2}): poll failed ({3} in a row), retry in {4} s: {5}",
                        d.config.id(), bus.id(), bus.uri(), d.consecutiveFailures, retry.toSeconds(), e.getMessage());
            }
        } catch (JournalException e) {
            d.failed(started, "journal refused readings: " + e.getMessage());
            LOG.log(ERROR, "device {0}: readings NOT accepted, journal refused them: {1}", d.config.id(), e.getMessage());
        } catch (RuntimeException e) {
            d.failed(started, "driver error: " + e);
            LOG.log(ERROR, "device " + d.config.id() + ": driver '" + d.config.driver() + "' threw", e);
        }
    }

    /**
     * A garbled reply (noise, two devices answering) may still be on the wire: the next device's
     * request must not run into its tail.
     */
    private void letGarbagePass() {
        try {
            if (link != null && !link.awaitSilence(QUIET_AFTER_GARBAGE, bus.timeout())) {
                LOG.log(WARNING, "bus {0} ({1}): line still busy {2} ms after a garbled reply (noise on the line?)",
                        bus.id(), bus.uri(), bus.timeout().toMillis());
            }
        } catch (IOException e) {
            LOG.log(WARNING, "bus {0}: {1}", bus.id(), e.getMessage());
        }
    }

    private CommandResult execute(Command command) {
        Optional<DeviceRuntime> target = devices.stream().filter(d -> d.config.id().equals(command.device())).findFirst();
        if (target.isEmpty()) {
            return CommandResult.refused(command.requestId(), "device '" + command.device() + "' is not on bus " + bus.id());
        }
        DeviceRuntime d = target.get();
        if (d.session == null) {
            return CommandResult.failed(command.requestId(), "device '" + d.config.id() + "' is " + d.state
                    + (d.lastError.isEmpty() ? "" : ": " + d.lastError));
        }
        long busyFrom = System.nanoTime();
        try {
            return d.session.execute(command);
        } catch (DeviceException e) {
            statistics.failed(e.kind());
            return CommandResult.failed(command.requestId(), e.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(ERROR, "device " + d.config.id() + ": driver threw on command " + command, e);
            return CommandResult.failed(command.requestId(), "driver error: " + e);
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
            if (d.session == null && (d.state != State.CONFIG_ERROR || d.openedWith != driver.get())) {
                open(d, driver.get());
            }
        }
    }

    private void open(DeviceRuntime d, DeviceDriver driver) {
        d.openedWith = driver;
        try {
            LinkFactory.ManagedLink open;
            try {
                open = link();
            } catch (IllegalArgumentException badUri) {
                // The transport refused the URI itself (unknown option, bad baud rate...).
                configError(d, "bus " + bus.id() + " (" + bus.origin() + "): " + badUri.getMessage());
                return;
            }
            d.session = driver.open(d.config, open);
            d.state = State.RUNNING;
            d.lastError = "";
            d.due = d.due.isBefore(clock.instant()) ? clock.instant() : d.due;
            LOG.log(INFO, "device {0}: opened with driver ''{1}'' on bus {2}", d.config.id(), driver.info().id(), bus.id());
        } catch (DeviceException e) {
            configError(d, e.getMessage());
        } catch (IOException e) {
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
        } catch (RuntimeException e) {
            configError(d, "driver '" + driver.info().id() + "' failed to open the device: " + e);
        }
    }

    /** The first seconds after start, when drivers and transports may still be binding. */
    private boolean startingUp() {
        return Duration.between(startedAt, clock.instant()).compareTo(LINK_RETRY) < 0;
    }

    /** Retries devices whose bus link could not be opened (a transport may have been installed). */
    public void linksChanged() {
        tasks.add(this::retryBusDown);
    }

    private void retryBusDown() {
        for (DeviceRuntime d : devices) {
            if (d.state == State.BUS_DOWN) {
                drivers.driver(d.config.driver()).ifPresent(driver -> open(d, driver));
            }
        }
    }

    private void configError(DeviceRuntime d, String message) {
        closeSession(d);
        d.state = State.CONFIG_ERROR;
        d.lastError = message;
        LOG.log(ERROR, "device {0} ({1}): configuration refused by driver ''{2}'': {3}", d.config.id(),
                d.config.origin(), d.config.driver(), message);
    }

    private void closeSession(DeviceRuntime d) {
        if (d.session != null) {
            try {
                d.session.close();
            } catch (RuntimeException e) {
                LOG.log(WARNING, "device " + d.config.id() + ": error closing session", e);
            }
            d.session = null;
        }
    }

    private void closeAll() {
        devices.forEach(this::closeSession);
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** Stops the worker, closing sessions and the link; waits for the current call to end. */
    @Override
    public void close() {
        running = false;
        tasks.add(WAKE_UP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            stopped = true;
            refusePendingWork(); // also when the worker never started
        }
    }
}
