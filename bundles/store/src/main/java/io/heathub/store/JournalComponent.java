package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import io.heathub.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the MVStore journal as the hub's {@link Journal}. Configuration PID
 * {@code io.heathub.store}; without a configuration the defaults apply. A configuration change
 * closes and reopens the journal (DS reactivation).
 */
@Component(service = Journal.class, configurationPid = JournalComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JournalComponent.Config.class)
public final class JournalComponent implements Journal {
    /** Configuration PID. */
    public static final String PID = "io.heathub.store";
    static final String FILE_NAME = "journal.mv.db";
    private static final Logger LOG = System.getLogger(JournalComponent.class.getName());

    /** Configuration of the journal. */
    @ObjectClassDefinition(name = "heathub journal",
            description = "Durable journal of accepted readings (H2 MVStore)")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the journal file; empty means ${heathub.data}/journal")
        String directory() default "";

        @AttributeDefinition(description = "Most entries kept; beyond it the oldest go (forwarded ones first, else a loud data loss)")
        long maxEntries() default MvJournal.Options.DEFAULT_MAX_ENTRIES;

        @AttributeDefinition(description = "Most encoded bytes of retained readings (the file is larger by MVStore's overhead)")
        long maxBytes() default MvJournal.Options.DEFAULT_MAX_BYTES;

        @AttributeDefinition(description = "Readings appended longer ago than this are removed: 400d, 12h, PT10M…")
        String maxAge() default "400d";

        @AttributeDefinition(description = "Force every commit to the device before append returns (survives power loss)")
        boolean sync() default true;

        @AttributeDefinition(description = "group: concurrent appends share one fsync; each: one fsync per append")
        String syncMode() default "group";

        @AttributeDefinition(description = "group only: how long a commit waits for more appends to share its fsync (0 = none)")
        long maxSyncDelayMillis() default 0;

        @AttributeDefinition(description = "Bus workers' appends: the shortest time between two commits of the journal "
                + "writer, so many polls share one commit and fsync (0 = none, at most 1000)")
        long commitWindowMillis() default MvJournal.Options.DEFAULT_COMMIT_WINDOW_MILLIS;

        @AttributeDefinition(description = "MVStore's page cache of the journal file in MB (1..256): the heap grows by up "
                + "to this much as the journal grows, then stays")
        int cacheSizeMB() default MvJournal.Options.DEFAULT_CACHE_SIZE_MB;

        @AttributeDefinition(description = "Most dead letters kept per uplink; beyond it the lowest positions go (ERROR)")
        int maxDeadLetters() default MvJournal.Options.DEFAULT_MAX_DEAD_LETTERS;

        @AttributeDefinition(description = "A cursor no uplink read or committed for this long raises no retention "
                + "alarm and does not hold back retention: 1d, 12h, P7D…")
        String staleCursorAfter() default "1d";
    }

    private final MvJournal journal;

    @Activate
    public JournalComponent(Config config, BundleContext context) throws JournalException {
        Path directory = directory(config.directory(), context.getProperty("heathub.data"));
        MvJournal.Options options = options(config.maxEntries(), config.maxBytes(), config.maxAge(), config.sync(),
                config.syncMode(), config.maxSyncDelayMillis())
                .withDeadLetters(config.maxDeadLetters() >= 1 ? config.maxDeadLetters()
                                : rejected("maxDeadLetters", config.maxDeadLetters(),
                                MvJournal.Options.DEFAULT_MAX_DEAD_LETTERS),
                        positive("staleCursorAfter", config.staleCursorAfter(),
                                MvJournal.Options.DEFAULT_STALE_CURSOR_AFTER))
                .withCommitWindow(config.commitWindowMillis() >= 0
                        && config.commitWindowMillis() <= MvJournal.Options.MAX_COMMIT_WINDOW_MILLIS
                        ? config.commitWindowMillis() : rejected("commitWindowMillis", config.commitWindowMillis(),
                        MvJournal.Options.DEFAULT_COMMIT_WINDOW_MILLIS))
                .withCacheSize(config.cacheSizeMB() >= 1 && config.cacheSizeMB() <= MvJournal.Options.MAX_CACHE_SIZE_MB
                        ? config.cacheSizeMB() : rejected("cacheSizeMB", config.cacheSizeMB(),
                        MvJournal.Options.DEFAULT_CACHE_SIZE_MB));
        journal = MvJournal.open(directory.resolve(FILE_NAME), options);
        LOG.log(Level.INFO, "Journal open at " + journal.file().toAbsolutePath() + ": head " + journal.head()
                + ", " + journal.size() + " entries, cursors " + journal.cursors() + ", " + options);
    }

    /**
     * The journal options from configuration values. A value that does not parse or is out of
     * range falls back to its default with an ERROR: a typo in a .cfg must not stop the journal
     * (and with it every reading) from being accepted.
     */
    static MvJournal.Options options(long maxEntries, long maxBytes, String maxAge, boolean sync, String syncMode,
            long maxSyncDelayMillis) {
        MvJournal.Options defaults = new MvJournal.Options(MvJournal.Options.DEFAULT_MAX_ENTRIES, sync);
        long entries = maxEntries >= 1 ? maxEntries : rejected("maxEntries", maxEntries, defaults.maxEntries());
        long bytes = maxBytes >= MvJournal.Options.MIN_MAX_BYTES ? maxBytes
                : rejected("maxBytes", maxBytes, defaults.maxBytes());
        Duration age = positive("maxAge", maxAge, defaults.maxAge());
        MvJournal.SyncMode mode = switch (syncMode == null ? "" : syncMode.trim().toLowerCase(Locale.ROOT)) {
            case "group" -> MvJournal.SyncMode.GROUP;
            case "each" -> MvJournal.SyncMode.EACH;
            default -> rejected("syncMode", syncMode, MvJournal.SyncMode.GROUP);
        };
        long delay = maxSyncDelayMillis >= 0 ? maxSyncDelayMillis : rejected("maxSyncDelayMillis", maxSyncDelayMillis, 0L);
        return new MvJournal.Options(entries, bytes, age, sync, mode, delay);
    }

    private static Duration positive(String key, String value, Duration fallback) {
        return Durations.parse(value == null ? "" : value).filter(d -> !d.isZero() && !d.isNegative())
                .orElseGet(() -> rejected(key, value, fallback));
    }

    private static <T> T rejected(String key, Object value, T fallback) {
        LOG.log(Level.ERROR, "Configuration " + PID + ": " + key + " = '" + value + "' is not valid; using " + fallback);
        return fallback;
    }

    /** Sizes, limits, alarms and failure counters (see {@link JournalStatus}). */
    public JournalStatus status() {
        return journal.status();
    }

    @Override
    public java.util.Optional<io.heathub.api.journal.JournalHealth> health() {
        return journal.health();
    }

    /** Resolves the configured folder; {@code ${heathub.data}} in it is replaced by the framework property. */
    static Path directory(String configured, String dataProperty) {
        String data = dataProperty == null || dataProperty.isBlank() ? "data" : dataProperty;
        String dir = configured == null || configured.isBlank() ? "${heathub.data}/journal" : configured;
        return Path.of(dir.replace("${heathub.data}", data));
    }

    @Deactivate
    void deactivate() {
        journal.close();
    }

    @Override
    public void append(List<Reading> readings) throws JournalException {
        journal.append(readings);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> appendAsync(List<Reading> readings) {
        return journal.appendAsync(readings);
    }

    @Override
    public List<JournalEntry> read(String cursor, int max) throws JournalException {
        return journal.read(cursor, max);
    }

    @Override
    public void commit(String cursor, long position) throws JournalException {
        journal.commit(cursor, position);
    }

    @Override
    public List<JournalEntry> readFrom(long position, int max) throws JournalException {
        return journal.readFrom(position, max);
    }

    @Override
    public long positionAppendedAt(java.time.Instant time) {
        return journal.positionAppendedAt(time);
    }

    @Override
    public long head() {
        return journal.head();
    }

    @Override
    public long backlog(String cursor) {
        return journal.backlog(cursor);
    }

    @Override
    public void setAside(String uplink, JournalEntry entry, String reason) throws JournalException {
        journal.setAside(uplink, entry, reason);
    }

    @Override
    public List<DeadLetter> deadLetters(String uplink, long after, int max) throws JournalException {
        return journal.deadLetters(uplink, after, max);
    }

    @Override
    public List<DeadLetter> resendRequested(String uplink, int max) throws JournalException {
        return journal.resendRequested(uplink, max);
    }

    @Override
    public boolean requestResend(String uplink, long position) throws JournalException {
        return journal.requestResend(uplink, position);
    }

    @Override
    public boolean removeDeadLetter(String uplink, long position) throws JournalException {
        return journal.removeDeadLetter(uplink, position);
    }

    @Override
    public boolean removeCursor(String cursor) throws JournalException {
        return journal.removeCursor(cursor);
    }

    @Override
    public void reportUplinkProblem(String cursor, String problem) {
        journal.reportUplinkProblem(cursor, problem);
    }
}
