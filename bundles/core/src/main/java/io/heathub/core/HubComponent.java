package io.heathub.core;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.hub.BusAccess;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalException;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.config.ConfigException;
import io.heathub.config.site.BusConfig;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import io.heathub.core.bus.BusLookup;
import io.heathub.core.bus.BusWatchdog;
import io.heathub.core.bus.BusWorker;
import io.heathub.core.bus.DriverDirectory;
import io.heathub.core.command.CommandBook;
import io.heathub.core.command.CommandResource;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.core.pipeline.Validator;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The running hub: runs one {@link BusWorker} per bus of the site core's {@link SiteService} has
 * applied (and of every version after), tracks drivers and transports as they come and go, and
 * serves {@link HubStatus}. A version whose buses and devices are unchanged (an edit of another
 * section) keeps the buses polling. A {@link BusWatchdog} restarts a bus whose worker is stuck.
 * Commands go through the {@link CommandBook} (one outcome per request id, durable in the audit
 * log), whose outcomes it also serves at {@code GET /api/commands/{requestId}}.
 */
@Component(service = {HubStatus.class, CommandService.class, ReadingSink.class, ReadingFeed.class, BusAccess.class,
        RestResource.class}, immediate = true, configurationPid = "io.heathub.core",
        property = {RestResource.PATH + "=" + CommandResource.PATH, RestResource.USAGE + "=" + CommandResource.USAGE})
public final class HubComponent implements HubStatus, CommandService, ReadingSink, ReadingFeed, BusAccess,
        DriverDirectory, RestResource {
    private static final System.Logger LOG = System.getLogger(HubComponent.class.getName());
    /** Readings from features may carry long evidence; beyond this their reason is cut. */
    private static final int MAX_REASON = 4096;

    private final Map<String, DeviceDriver> drivers = new ConcurrentHashMap<>();
    private final Map<String, LinkFactory> transports = new ConcurrentHashMap<>();
    private final List<BusWorker> workers = new CopyOnWriteArrayList<>();
    /** Per bus, the last worker the watchdog gave up: while its thread lives, the bus is not restarted again. */
    private final Map<String, BusWorker> givenUp = new HashMap<>();
    private final ReadingPipeline pipeline;
    private final ReadingInput door;
    private final SiteService sites;
    private final AutoCloseable siteSubscription;
    /** The site the buses run; replaced on the site owner's thread, under this component's lock. */
    private Site running;
    /** Its version, readable without the lock (the command book asks under its own lock). */
    private volatile long runningVersion;
    private boolean closed;
    private volatile CommandPolicy commandPolicy = CommandPolicy.DEFAULT;
    private final CommandBook book;
    private final CommandResource commandResource = new CommandResource();
    private final Clock clock;
    private final BusWorker.Timing timing;
    private final BusWatchdog watchdog;

    @Activate
    public HubComponent(@Reference Journal journal, @Reference SiteService sites, BundleContext context,
                        CoreConfiguration config) {
        this(journal, sites, Path.of(Optional.ofNullable(context.getProperty("heathub.data")).orElse("data")),
                HubSettings.from(config), Clock.systemUTC(), System::nanoTime);
    }

    /** Without OSGi (tests): the audit log goes to {@code dataDir/audit}; default settings. */
    HubComponent(Journal journal, SiteService sites, Path dataDir) {
        this(journal, sites, dataDir, HubSettings.DEFAULT, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * @param clock  the hub's wall clock (reading times, the time window, the audit)
     * @param ticker monotonic nanoseconds (poll schedules, rate limits, heartbeats)
     */
    HubComponent(Journal journal, SiteService sites, Path dataDir, HubSettings settings, Clock clock,
                 LongSupplier ticker) {
        this.clock = clock;
        this.timing = new BusWorker.Timing(settings.callDeadline(), ticker);
        this.door = new ReadingInput(new ReadingInput.Limits(1 << 20, 100_000, MAX_REASON), settings.window(), clock);
        this.pipeline = new ReadingPipeline(journal, new Validator(door, settings.clockTolerance(), clock), clock);
        this.book = openBook(dataDir.resolve("audit").resolve("commands.jsonl"), settings, clock, ticker);
        this.sites = sites;
        this.siteSubscription = sites.subscribe(this::run);
        this.watchdog = new BusWatchdog(() -> workers, this::restart,
                Duration.ofMillis(Math.max(100, Math.min(5_000, settings.callDeadline().toMillis() / 4))));
    }

    private static CommandBook openBook(Path file, HubSettings settings, Clock clock, LongSupplier ticker) {
        try {
            return CommandBook.open(file, settings.audit(), settings.results(), clock, ticker);
        } catch (IOException | RuntimeException e) {
            // Without an audit log no command may run: every submit is refused with this reason.
            LOG.log(ERROR, "command audit log " + file + " cannot be opened; commands will be refused", e);
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        try {
            siteSubscription.close();
        } catch (Exception e) {
            LOG.log(ERROR, "leaving the site service failed", e);
        }
        watchdog.close();
        synchronized (this) {
            closed = true;
            stopWorkers();
        }
        if (book != null) {
            book.close("hub stopping or reloading (journal or core configuration changed, or shutdown) before the"
                    + " command ended");
        }
    }

    // --- whiteboards -------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(DeviceDriver driver) {
        String id = driver.info().id();
        DeviceDriver previous = drivers.put(id, driver);
        LOG.log(INFO, "driver ''{0}'' available ({1}){2}", id, driver.info().name(),
                previous == null ? "" : ", replacing an earlier one");
        workers.forEach(BusWorker::driversChanged);
    }

    void removeDriver(DeviceDriver driver) {
        String id = driver.info().id();
        if (drivers.remove(id, driver)) {
            LOG.log(INFO, "driver ''{0}'' removed; its devices wait for it", id);
            workers.forEach(BusWorker::driversChanged);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransport(LinkFactory factory) {
        factory.schemes().forEach(s -> transports.put(s, factory));
        workers.forEach(BusWorker::linksChanged);
    }

    void removeTransport(LinkFactory factory) {
        factory.schemes().forEach(s -> transports.remove(s, factory));
    }

    // --- DriverDirectory ----------------------------------------------------------------------

    @Override
    public Optional<DeviceDriver> driver(String id) {
        return Optional.ofNullable(drivers.get(id));
    }

    @Override
    public Set<String> ids() {
        return new TreeSet<>(drivers.keySet());
    }

    // --- HubStatus ----------------------------------------------------------------------------

    @Override
    public List<DeviceStatus> devices() {
        List<DeviceStatus> all = new ArrayList<>();
        workers.forEach(w -> all.addAll(w.status()));
        all.sort(Comparator.comparing(DeviceStatus::id));
        return all;
    }

    @Override
    public List<Reading> latest() {
        return pipeline.latest();
    }

    @Override
    public List<String> configErrors() {
        return sites.problems().stream().map(ConfigException::getMessage).toList();
    }

    /** The version of the site the buses run; 0 before the first. */
    long runningVersion() {
        return runningVersion;
    }

    @Override
    public List<BusStatus> buses() {
        return workers.stream().map(BusWorker::busStatus).sorted(Comparator.comparing(BusStatus::id)).toList();
    }

    // --- ReadingSink ---------------------------------------------------------------------------

    /**
     * Readings fed from outside the buses (forecasts, alarms, routes, REST): refused at the door
     * when a reading fails its checks, else the same validation and journal as a poll.
     */
    @Override
    public List<Reading> accept(List<Reading> readings) throws JournalException {
        List<Reading> bounded = readings.stream().map(HubComponent::boundReason).toList();
        try {
            door.check(bounded);
        } catch (WireFormatException e) {
            throw new IllegalArgumentException("readings refused, none accepted: " + e.getMessage(), e);
        }
        return pipeline.accept(bounded);
    }

    private static Reading boundReason(Reading r) {
        if (r.reason().length() <= MAX_REASON) {
            return r;
        }
        String note = "… (" + r.reason().length() + " characters, cut)";
        String cut = r.reason().substring(0, MAX_REASON - note.length()) + note;
        return new Reading(r.device(), r.point(), r.value(), r.unit(), r.time(), r.quality(), cut);
    }

    // --- ReadingFeed ---------------------------------------------------------------------------

    /** Features subscribe here instead of being bound by core: every service edge points to core. */
    @Override
    public AutoCloseable subscribe(ReadingListener listener) {
        return pipeline.subscribe(listener);
    }

    // --- BusAccess (one owner per line: work runs on the bus's worker between polls) ----------

    @Override
    public <T> CompletionStage<T> run(String busId, LinkWork<T> work) {
        return BusLookup.run(workers, busId, work);
    }

    @Override
    public Optional<String> deviceAt(String busId, String address) {
        return BusLookup.deviceAt(workers, busId, address);
    }

    // --- CommandService -----------------------------------------------------------------------

    /**
     * Answers a known request id from the command book; else checks the command against the
     * site's bounds and rate limit and queues it on its device's bus ahead of the polls, audited.
     */
    @Override
    public CompletionStage<CommandResult> submit(Command command) {
        if (book == null) {
            return CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                    "the command audit log cannot be written; see the hub log"));
        }
        try {
            return book.submit(command, commandPolicy, field);
        } catch (RuntimeException e) { // the contract: never completes exceptionally
            LOG.log(ERROR, "command " + command.requestId() + " could not be handled", e);
            return CompletableFuture.completedFuture(CommandResult.failed(command.requestId(), "hub error: " + e));
        }
    }

    /** Where the command book's accepted commands go: the bus of their device. */
    private final CommandBook.Field field = new CommandBook.Field() {
        @Override
        public Optional<String> unavailable() {
            return runningVersion() == 0 ? Optional.of("the hub has no site running yet") : Optional.empty();
        }

        @Override
        public Optional<String> refusal(Command c) {
            return workerOf(c.device()).isEmpty() ? Optional.of("unknown device '" + c.device() + "'") : Optional.empty();
        }

        @Override
        public CompletionStage<CommandResult> run(Command c) {
            return workerOf(c.device()).<CompletionStage<CommandResult>>map(w -> w.submit(c))
                    .orElseGet(() -> CompletableFuture.completedFuture(CommandResult.failed(c.requestId(),
                            "the bus of " + c.device() + " stopped (site reload or shutdown) before the command ran")));
        }
    };

    private Optional<BusWorker> workerOf(String device) {
        return workers.stream().filter(w -> w.hosts(device)).findFirst();
    }

    @Override
    public Optional<CommandResult> result(String requestId) {
        return book == null ? Optional.empty() : book.outcome(requestId).map(CommandBook.Outcome::result);
    }

    // --- RestResource: GET /api/commands/{requestId} -------------------------------------------

    @Override
    public RestResponse handle(RestRequest request) {
        return commandResource.handle(request, book);
    }

    // --- site versions ------------------------------------------------------------------------

    /** A new site version: the buses restart only when buses or devices changed. */
    private synchronized void run(Site site) {
        if (closed) {
            return;
        }
        commandPolicy = site.commands();
        Site before = running;
        running = site;
        runningVersion = site.version();
        if (before != null && before.buses().equals(site.buses()) && before.devices().equals(site.devices())) {
            LOG.log(INFO, "site ''{0}'' version {1}: buses and devices unchanged, polling goes on", site.id(),
                    site.version());
            return;
        }
        stopWorkers();
        Set<String> kept = new TreeSet<>();
        site.devices().forEach(d -> kept.add(d.id()));
        site.buses().forEach(b -> kept.add("bus:" + b.id()));
        pipeline.latest().stream().map(Reading::device).filter(d -> !kept.contains(d)).distinct()
                .forEach(pipeline::forget);
        for (BusConfig bus : site.buses()) {
            BusWorker worker = new BusWorker(bus, site.devicesOn(bus.id()), this, this::openLink, pipeline, clock,
                    timing, "");
            workers.add(worker);
            worker.start();
        }
        LOG.log(INFO, "site ''{0}'' version {1} running: {2} buses, {3} devices, drivers installed: {4}",
                site.id(), site.version(), site.buses().size(), site.devices().size(), ids());
    }

    private LinkFactory.ManagedLink openLink(URI uri) throws IOException {
        LinkFactory factory = transports.get(uri.getScheme());
        if (factory == null) {
            throw new IOException("no transport installed for scheme '" + uri.getScheme() + "' (installed: "
                    + new TreeSet<>(transports.keySet()) + ")");
        }
        return factory.open(uri);
    }

    private void stopWorkers() {
        List<BusWorker> old = new ArrayList<>(workers);
        workers.clear();
        givenUp.clear();
        old.forEach(BusWorker::close);
    }

    /**
     * The watchdog found {@code stuck}'s worker stuck or dead: a new worker for the same bus and
     * devices takes over, the old one is given up. Not again while the worker given up last time
     * for this bus is still stuck itself: one stuck thread per bus at most.
     */
    private synchronized void restart(BusWorker stuck, String why) {
        int index = workers.indexOf(stuck);
        if (closed || index < 0) {
            return;
        }
        BusWorker previous = givenUp.get(stuck.bus().id());
        if (previous != null && previous.alive()) {
            stuck.markStuck(why + "; not restarted again while the worker given up before is still stuck");
            return;
        }
        BusWorker fresh = new BusWorker(stuck.bus(), stuck.deviceConfigs(), this, this::openLink, pipeline, clock,
                timing, "bus restarted by the watchdog: " + why);
        workers.set(index, fresh);
        stuck.abandon(why);
        givenUp.put(stuck.bus().id(), stuck);
        fresh.start();
    }
}
