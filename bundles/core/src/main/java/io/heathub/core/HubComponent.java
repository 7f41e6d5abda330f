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
import io.heathub.api.journal.JournalException;
import io.heathub.api.hub.ReadingListener;
import io.heathub.api.journal.Journal;
import io.heathub.config.ConfigException;
import io.heathub.config.site.BusConfig;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import io.heathub.core.bus.BusLookup;
import io.heathub.core.bus.BusWorker;
import io.heathub.core.command.CommandAudit;
import io.heathub.core.command.CommandGate;
import io.heathub.core.bus.DriverDirectory;
import io.heathub.core.pipeline.ReadingPipeline;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * section) keeps the buses polling.
 */
@Component(service = {HubStatus.class, CommandService.class, ReadingSink.class, ReadingFeed.class, BusAccess.class},
        immediate = true)
public final class HubComponent implements HubStatus, CommandService, ReadingSink, ReadingFeed, BusAccess,
        DriverDirectory {
    private static final System.Logger LOG = System.getLogger(HubComponent.class.getName());

    private final Map<String, DeviceDriver> drivers = new ConcurrentHashMap<>();
    private final Map<String, LinkFactory> transports = new ConcurrentHashMap<>();
    private final List<BusWorker> workers = new CopyOnWriteArrayList<>();
    private final ReadingPipeline pipeline;
    private final SiteService sites;
    private final AutoCloseable siteSubscription;
    /** The site the buses run; replaced on the site owner's thread, under this component's lock. */
    private Site running;
    private boolean closed;
    private volatile CommandPolicy commandPolicy = CommandPolicy.DEFAULT;
    private final CommandGate commandGate = new CommandGate();
    private final CommandAudit audit;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public HubComponent(@Reference Journal journal, @Reference SiteService sites, BundleContext context) {
        this(journal, sites, Path.of(Optional.ofNullable(context.getProperty("heathub.data")).orElse("data")));
    }

    /** Without OSGi (tests): the audit log goes to {@code dataDir/audit}. */
    HubComponent(Journal journal, SiteService sites, Path dataDir) {
        this.pipeline = new ReadingPipeline(journal);
        this.audit = openAudit(dataDir.resolve("audit").resolve("commands.jsonl"));
        this.sites = sites;
        this.siteSubscription = sites.subscribe(this::run);
    }

    private static CommandAudit openAudit(Path file) {
        try {
            return new CommandAudit(file);
        } catch (IOException e) {
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
        synchronized (this) {
            closed = true;
            stopWorkers();
        }
        if (audit != null) {
            audit.close();
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
    synchronized long runningVersion() {
        return running == null ? 0 : running.version();
    }

    @Override
    public List<BusStatus> buses() {
        return workers.stream().map(BusWorker::busStatus).sorted(Comparator.comparing(BusStatus::id)).toList();
    }

    // --- ReadingSink ---------------------------------------------------------------------------

    /** Readings fed from outside the buses (forecasts, alarms): same validation and journal. */
    @Override
    public List<Reading> accept(List<Reading> readings) throws JournalException {
        return pipeline.accept(readings);
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
     * Checks a command against the site's bounds and rate limit, queues it on its device's bus
     * ahead of the polls, and audits both steps.
     */
    @Override
    public CompletionStage<CommandResult> submit(Command command) {
        if (audit == null) {
            return CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                    "the command audit log cannot be written; see the hub log"));
        }
        Optional<BusWorker> worker = workers.stream().filter(w -> w.hosts(command.device())).findFirst();
        Optional<String> refusal = worker.isEmpty()
                ? Optional.of("unknown device '" + command.device() + "'")
                : commandGate.check(command, commandPolicy, clock.instant());
        if (refusal.isPresent()) {
            CommandResult refused = CommandResult.refused(command.requestId(), refusal.get());
            audit.record(command, refused, clock.instant());
            LOG.log(INFO, "command {0} from {1} for {2} {3}={4} refused: {5}", command.requestId(),
                    command.requestedBy(), command.device(), command.point(), command.value(), refusal.get());
            return CompletableFuture.completedFuture(refused);
        }
        audit.record(command, new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED, "",
                Optional.empty()), clock.instant());
        return worker.get().submit(command).thenApply(result -> {
            audit.record(command, result, clock.instant());
            LOG.log(INFO, "command {0} from {1} for {2} {3}={4}: {5} {6}", command.requestId(), command.requestedBy(),
                    command.device(), command.point(), command.value(), result.status(), result.message());
            return result;
        });
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
            BusWorker worker = new BusWorker(bus, site.devicesOn(bus.id()), this, this::openLink, pipeline,
                    Clock.systemUTC());
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
        old.forEach(BusWorker::close);
    }
}
