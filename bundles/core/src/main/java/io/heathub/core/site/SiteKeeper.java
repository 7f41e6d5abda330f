package io.heathub.core.site;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteListener;
import io.heathub.config.site.SiteSection;
import io.heathub.config.site.SiteService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one owner of {@code site.yaml} in the running hub: reads it once per change (its
 * last-modified time and size are polled, and those of the files its sections name, e.g. an
 * imported {@code households.csv}, or that had problems) and once more whenever a section reader comes or goes,
 * with {@link SiteReader} over every installed reader; applies a new {@link Site} version to every
 * subscriber only when the whole file is valid. A file that is missing, empty, still being written
 * or has any problem never replaces the running site: its problems are logged once and kept for
 * health. Every check runs on one thread ({@code site-owner}), so versions are applied in order.
 */
public final class SiteKeeper implements SiteService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SiteKeeper.class.getName());
    /** A file whose bytes change between two reads this far apart is still being written: read it at the next poll. */
    static final Duration SETTLE = Duration.ofMillis(100);
    /** Bundles start after core: a section nobody reads is logged only when still unread this long after. */
    static final Duration UNCLAIMED_GRACE = Duration.ofSeconds(30);

    private final Function<String, Optional<DeviceDriver>> drivers;
    private final Clock clock;
    private final List<SiteSection<?>> sections = new CopyOnWriteArrayList<>();
    private final List<SiteListener> listeners = new CopyOnWriteArrayList<>();
    /** Held while a version is handed out, so a new subscriber gets every version exactly once, in order. */
    private final Object delivery = new Object();
    private final ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "site-owner");
        t.setDaemon(true);
        return t;
    });
    /** Bumped whenever the installed readers change: the same file then reads into another site. */
    private final AtomicLong readersGeneration = new AtomicLong();
    private final AtomicBoolean recheckQueued = new AtomicBoolean();

    private volatile Path folder;
    private volatile Site current;
    private volatile SiteReader.Result lastRead = new SiteReader.Result(Optional.empty(), List.of(), List.of());
    private volatile List<ConfigException> problems = List.of();

    // owned by the site-owner thread
    /** The stamps of the site file and of the other files the last read depended on. */
    private Map<Path, Stamp> seen = Map.of();
    private Set<Path> watched = Set.of();
    private Map<Path, Stamp> checkedOthers = Map.of();
    private byte[] checkedBytes;
    private long checkedGeneration = -1;
    private List<String> loggedProblems = List.of();
    private Set<String> loggedWarnings = Set.of();

    /** The file's last-modified time and size: what the poll compares. */
    private record Stamp(FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
            } catch (IOException e) {
                return new Stamp(null, -1);
            }
        }
    }

    /**
     * @param drivers the installed drivers by id, each checking its devices before a site applies
     * @param clock   when versions are applied
     */
    public SiteKeeper(Function<String, Optional<DeviceDriver>> drivers, Clock clock) {
        this.drivers = drivers;
        this.clock = clock;
    }

    /**
     * Reads {@code folder/site.yaml} now (a valid file is version 1 before this returns), then
     * checks it for changes every {@code reloadCheck} (zero: never).
     */
    public void start(Path folder, Duration reloadCheck) {
        this.folder = folder;
        checkNow();
        if (!reloadCheck.isZero()) {
            owner.scheduleWithFixedDelay(this::poll, reloadCheck.toMillis(), reloadCheck.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A section reader came: the same file is checked again with it (a new version when valid). */
    public void addSection(SiteSection<?> section) {
        sections.add(section);
        readersChanged();
    }

    /** A section reader left: the file is checked again without it. */
    public void removeSection(SiteSection<?> section) {
        if (sections.remove(section)) {
            readersChanged();
        }
    }

    /** Checks the file now, on the owner's thread, and returns when done (start-up, {@code site reload}, tests). */
    @Override
    public void checkNow() {
        try {
            owner.submit(this::check).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("site check failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Site> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public AutoCloseable subscribe(SiteListener listener) {
        synchronized (delivery) {
            listeners.add(listener);
            Site site = current;
            if (site != null) {
                deliver(listener, site);
            }
        }
        return () -> listeners.remove(listener);
    }

    @Override
    public List<ConfigException> problems() {
        return problems;
    }

    /** The problems of {@link #problems()} in those sections (as their readers found them) or of the whole file. */
    @Override
    public List<ConfigException> problems(Collection<String> sections) {
        List<ConfigException> now = problems;
        SiteReader.Result read = lastRead;
        // a problem of the file itself (missing, unreadable) was never attributed: it concerns everyone
        return read.problems().equals(now) ? read.problemsIn(sections) : now;
    }

    @Override
    public void close() {
        owner.shutdownNow();
        listeners.clear();
    }

    private void readersChanged() {
        readersGeneration.incrementAndGet();
        // several readers registering at once are read in one check; none before start or after close
        if (folder != null && !owner.isShutdown() && recheckQueued.compareAndSet(false, true)) {
            try {
                owner.execute(() -> {
                    recheckQueued.set(false);
                    check();
                });
            } catch (RejectedExecutionException closing) {
                recheckQueued.set(false); // closed meanwhile (readers are unbound after deactivation)
            }
        }
    }

    private void poll() {
        if (!stamps(file(), watched).equals(seen)) {
            check();
        }
    }

    private static Map<Path, Stamp> stamps(Path siteFile, Set<Path> others) {
        Map<Path, Stamp> stamps = new LinkedHashMap<>();
        stamps.put(siteFile, Stamp.of(siteFile));
        others.forEach(f -> stamps.put(f, Stamp.of(f)));
        return stamps;
    }

    private Path file() {
        return folder.resolve("site.yaml");
    }

    private void check() {
        try {
            readAndApply();
        } catch (RuntimeException e) {
            // a bug must not end the owner's thread: the running site stays, the next change is read
            LOG.log(ERROR, "site check failed; the running site stays", e);
        }
    }

    private void readAndApply() {
        Path file = file();
        Map<Path, Stamp> stamps = stamps(file, watched);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            Thread.sleep(SETTLE.toMillis());
            if (!Arrays.equals(bytes, Files.readAllBytes(file))) {
                return; // still being written: the next poll sees it changed again
            }
        } catch (NoSuchFileException e) {
            seen = stamps;
            checkedBytes = null;
            refuse(List.of(new ConfigException(file.toString(), 0, 0, "", "site file not found")));
            return;
        } catch (IOException e) {
            seen = stamps;
            checkedBytes = null;
            refuse(List.of(new ConfigException(file.toString(), 0, 0, "", "cannot read: " + e)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        seen = stamps;
        Map<Path, Stamp> others = new LinkedHashMap<>(stamps);
        others.remove(file);
        long generation = readersGeneration.get();
        if (Arrays.equals(bytes, checkedBytes) && generation == checkedGeneration && others.equals(checkedOthers)) {
            return; // touched, not changed
        }
        checkedBytes = bytes;
        checkedGeneration = generation;
        Site running = current;
        SiteReader reader = new SiteReader(folder, sections, drivers, SiteReader.Mode.RUNNING_HUB);
        SiteReader.Result result = reader.read(bytes, running == null ? 1 : running.version() + 1, clock.instant());
        lastRead = result;
        if (!result.files().equals(watched)) {
            // the files this read depended on are watched from now on (a change between the read and
            // this stamp is seen at their next change)
            watched = result.files();
            seen = stamps(file, watched);
            seen.put(file, stamps.get(file));
        }
        checkedOthers = new LinkedHashMap<>(seen);
        checkedOthers.remove(file);
        if (!result.ok()) {
            refuse(result.problems());
            return;
        }
        problems = List.of();
        loggedProblems = List.of();
        apply(result.site().orElseThrow());
    }

    private void refuse(List<ConfigException> found) {
        problems = List.copyOf(found);
        if (!lastRead.problems().equals(problems)) {
            lastRead = new SiteReader.Result(Optional.empty(), problems, List.of());
        }
        List<String> lines = found.stream().map(ConfigException::getMessage).toList();
        if (lines.equals(loggedProblems)) {
            return; // the same problems again (a reader came): already said
        }
        loggedProblems = lines;
        lines.forEach(p -> LOG.log(ERROR, "config error: {0}", p));
        Site running = current;
        LOG.log(ERROR, running == null ? "no site running: fix {0}"
                : "keeping the last good site (version " + running.version() + "); fix {0}", file());
    }

    private void apply(Site site) {
        LOG.log(INFO, "site ''{0}'' version {1} applied from {2}: {3} buses, {4} devices, sections read by bundles: {5}",
                site.id(), site.version(), site.file(), site.buses().size(), site.devices().size(),
                site.sections().keySet());
        site.warnings().forEach(w -> LOG.log(INFO, "site version {0}: {1}", site.version(), w.getMessage()));
        synchronized (delivery) {
            current = site;
            for (SiteListener listener : listeners) {
                deliver(listener, site);
            }
        }
        if (!site.warnings().isEmpty()) {
            owner.schedule(this::logUnreadSections, UNCLAIMED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A section still unread well after start-up is worth a warning: its bundle is missing or broken. */
    private void logUnreadSections() {
        Site site = current;
        if (site == null) {
            return;
        }
        Set<String> now = new HashSet<>();
        for (ConfigException w : site.warnings()) {
            now.add(w.getMessage());
            if (!loggedWarnings.contains(w.getMessage())) {
                LOG.log(WARNING, "{0}", w.getMessage());
            }
        }
        loggedWarnings = now;
    }

    private static void deliver(SiteListener listener, Site site) {
        try {
            listener.siteApplied(site);
        } catch (RuntimeException e) {
            LOG.log(ERROR, "site listener " + listener.getClass().getName() + " failed on site version "
                    + site.version() + "; the others have it", e);
        }
    }
}
