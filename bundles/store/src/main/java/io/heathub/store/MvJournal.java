package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The journal on one H2 MVStore file: map {@code entries} position → encoded reading, map
 * {@code cursors} cursor name → committed position, map {@code meta} (head, stored bytes, dropped
 * count), map {@code appended} position → epoch millis of the first append in each minute (for
 * retention by age).
 *
 * <p>Writers put under {@code writeLock} (positions strictly increasing and gap-free, a batch
 * contiguous). Persisting is separate, under {@code persistLock}: one thread at a time takes a
 * snapshot and runs {@code MVStore.commit()} (under {@code writeLock}, so a commit never holds
 * half a batch), then {@code sync()} outside it; every writer whose changes that commit covered
 * returns without another write (group commit). Readers only see entries already persisted. Lock
 * order is always persistLock before writeLock.
 *
 * <p>A failed write (disk full, I/O error) fails every append that it would have covered; the
 * next call reopens the file at its last good commit, so the journal works again once there is
 * space.
 */
public final class MvJournal implements Journal, AutoCloseable {
    private static final Logger LOG = System.getLogger(MvJournal.class.getName());
    private static final String HEAD = "head";
    private static final String BYTES = "bytes";
    private static final String DROPPED = "dropped";
    private static final String DEAD_LETTERED = "deadLettered";
    /** A cursor's last use is written at most this often (it rides on the next commit). */
    private static final long USE_MARK_INTERVAL_MILLIS = 60_000;
    /** Stored-byte cost of one entry besides its encoded reading: the position key. */
    static final int ENTRY_OVERHEAD_BYTES = 8;
    private static final long MARK_INTERVAL_MILLIS = 60_000;
    /** lastMarkMillis of a journal with no append mark. */
    private static final long NO_MARK = Long.MIN_VALUE;
    /** An append mark written while the wall clock was not plausible: dated by the next plausible time. */
    static final long UNDATED = Long.MIN_VALUE + 1;
    private static final int COMPACT_EVERY_COMMITS = 200;
    /** Waiting readings that start a commit before the window has passed (about 160 KB of chunk). */
    private static final int COMMIT_WINDOW_MAX_READINGS = 4096;
    private static final int COMPACT_TARGET_FILL_PERCENT = 70;
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    private static final long LOUD_LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final Duration DATA_LOSS_ALARM_KEPT = Duration.ofHours(24);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** How appends with {@code sync} reach the disk. */
    public enum SyncMode {
        /** Every append runs its own commit and fsync: the slow baseline. */
        EACH,
        /** Concurrent appends share one commit and fsync; each still returns only after the fsync covering it. */
        GROUP
    }

    /**
     * @param maxEntries         retention: entries kept at most
     * @param maxBytes           retention: encoded bytes of retained entries at most (file overhead comes on top)
     * @param maxAge             retention: entries older than this (by append time) are removed
     * @param sync               force the file to the device before an append returns (survives power loss)
     * @param syncMode           {@link SyncMode#GROUP} shares fsyncs between concurrent appends
     * @param maxSyncDelayMillis with GROUP: how long a commit waits for more writers to join (0 = none)
     * @param commitWindowMillis {@link MvJournal#appendAsync}: the shortest time between two commits of the
     *                           journal writer, so that many appends share one commit and fsync (0 = none)
     * @param cacheSizeMB        MVStore's page cache in MB: read pages are kept until it is full, so the heap
     *                           grows by up to this much while the journal grows, and then stays
     */
    public record Options(long maxEntries, long maxBytes, Duration maxAge, boolean sync, SyncMode syncMode,
            long maxSyncDelayMillis, int maxDeadLetters, Duration staleCursorAfter, long commitWindowMillis,
            int cacheSizeMB) {
        public static final long DEFAULT_MAX_ENTRIES = 10_000_000L;
        /** Dead letters kept per uplink; beyond it the lowest positions go, loudly. */
        public static final int DEFAULT_MAX_DEAD_LETTERS = 10_000;
        /** A cursor nobody read or committed for this long no longer raises retention alarms. */
        public static final Duration DEFAULT_STALE_CURSOR_AFTER = Duration.ofDays(1);
        public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(400);
        /** Below this a single batch could exceed the limit on its own. */
        public static final long MIN_MAX_BYTES = 4096;
        /** See {@link #commitWindowMillis}: ≤ 200 commits a second from bus workers, a few ms of latency. */
        public static final long DEFAULT_COMMIT_WINDOW_MILLIS = 5;
        /** A window beyond this would hold bus workers' readings back for no gain in size. */
        public static final long MAX_COMMIT_WINDOW_MILLIS = 1000;
        /** MVStore's own default page cache. */
        public static final int DEFAULT_CACHE_SIZE_MB = 16;
        /** A cache beyond this would take most of a gateway's heap. */
        public static final int MAX_CACHE_SIZE_MB = 256;

        public Options {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
            }
            if (maxBytes < MIN_MAX_BYTES) {
                throw new IllegalArgumentException("maxBytes must be at least " + MIN_MAX_BYTES + ", was " + maxBytes);
            }
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
            }
            Objects.requireNonNull(syncMode, "syncMode");
            if (maxSyncDelayMillis < 0) {
                throw new IllegalArgumentException("maxSyncDelayMillis must not be negative, was " + maxSyncDelayMillis);
            }
            if (maxDeadLetters < 1) {
                throw new IllegalArgumentException("maxDeadLetters must be at least 1, was " + maxDeadLetters);
            }
            Objects.requireNonNull(staleCursorAfter, "staleCursorAfter");
            if (staleCursorAfter.isNegative() || staleCursorAfter.isZero()) {
                throw new IllegalArgumentException("staleCursorAfter must be positive, was " + staleCursorAfter);
            }
            if (commitWindowMillis < 0 || commitWindowMillis > MAX_COMMIT_WINDOW_MILLIS) {
                throw new IllegalArgumentException("commitWindowMillis must be 0.." + MAX_COMMIT_WINDOW_MILLIS + ", was "
                        + commitWindowMillis);
            }
            if (cacheSizeMB < 1 || cacheSizeMB > MAX_CACHE_SIZE_MB) {
                throw new IllegalArgumentException("cacheSizeMB must be 1.." + MAX_CACHE_SIZE_MB + ", was " + cacheSizeMB);
            }
        }

        /** The default page cache. */
        public Options(long maxEntries, long maxBytes, Duration maxAge, boolean sync, SyncMode syncMode,
                       long maxSyncDelayMillis, int maxDeadLetters, Duration staleCursorAfter, long commitWindowMillis) {
            this(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, maxDeadLetters, staleCursorAfter,
                    commitWindowMillis, DEFAULT_CACHE_SIZE_MB);
        }

        /** The default commit window. */
        public Options(long maxEntries, long maxBytes, Duration maxAge, boolean sync, SyncMode syncMode,
                       long maxSyncDelayMillis, int maxDeadLetters, Duration staleCursorAfter) {
            this(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, maxDeadLetters, staleCursorAfter,
                    DEFAULT_COMMIT_WINDOW_MILLIS);
        }

        /** Default dead-letter bound and stale-cursor time. */
        public Options(long maxEntries, long maxBytes, Duration maxAge, boolean sync, SyncMode syncMode,
                       long maxSyncDelayMillis) {
            this(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, DEFAULT_MAX_DEAD_LETTERS,
                    DEFAULT_STALE_CURSOR_AFTER);
        }

        /** Default size and age limits, group commit without delay. */
        public Options(long maxEntries, boolean sync) {
            this(maxEntries, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE, sync, SyncMode.GROUP, 0);
        }

        public Options withMaxBytes(long bytes) {
            return new Options(maxEntries, bytes, maxAge, sync, syncMode, maxSyncDelayMillis, maxDeadLetters,
                    staleCursorAfter, commitWindowMillis, cacheSizeMB);
        }

        public Options withMaxAge(Duration age) {
            return new Options(maxEntries, maxBytes, age, sync, syncMode, maxSyncDelayMillis, maxDeadLetters,
                    staleCursorAfter, commitWindowMillis, cacheSizeMB);
        }

        public Options withSyncMode(SyncMode mode, long delayMillis) {
            return new Options(maxEntries, maxBytes, maxAge, sync, mode, delayMillis, maxDeadLetters, staleCursorAfter,
                    commitWindowMillis, cacheSizeMB);
        }

        public Options withDeadLetters(int max, Duration staleAfter) {
            return new Options(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, max, staleAfter,
                    commitWindowMillis, cacheSizeMB);
        }

        public Options withCommitWindow(long millis) {
            return new Options(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, maxDeadLetters,
                    staleCursorAfter, millis, cacheSizeMB);
        }

        /** MVStore's page cache of the journal file, in MB (bounded: it fills up to this and stays). */
        public Options withCacheSize(int megabytes) {
            return new Options(maxEntries, maxBytes, maxAge, sync, syncMode, maxSyncDelayMillis, maxDeadLetters,
                    staleCursorAfter, commitWindowMillis, megabytes);
        }
    }

    /** The open MVStore and its maps; replaced as a whole when the file is reopened after a write failure. */
    private record State(MVStore store, MVMap<Long, byte[]> entries, MVMap<String, Long> cursors,
            MVMap<String, Long> meta, MVMap<Long, Long> appended, MVMap<String, byte[]> deadLetters,
            MVMap<String, Long> cursorUse) {
    }

    /**
     * What the writers have put in memory, as one consistent snapshot: change number (one per
     * append or cursor commit), head, and the generation of the open store it went into.
     */
    private record Written(long changes, long head, long epoch) {
    }

    private final Path file;
    private final Options options;
    private final Clock clock;
    private final JournalTime time;
    /** Append marks from here on were dated in this run: a wall-clock jump moves them along. */
    private final long firstPositionOfThisRun;
    /** Wall-clock jumps not yet applied to this run's append marks (applied under writeLock). */
    private final AtomicLong markJumpMillis = new AtomicLong();
    private final long tornTailBytes;

    /** Commits asynchronous appends in groups (its thread starts with the first). */
    private final CommitWriter<Written> writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock persistLock = new ReentrantLock();
    /** Replaced under both locks. */
    private volatile State state;
    /** Guarded by writeLock; published for the persister. */
    private volatile Written written;
    /** Updated under persistLock. */
    private volatile long durableChanges;
    private volatile long durableHead;
    private volatile long epoch;
    /** Set when a write failed; the next call reopens the file (under both locks). */
    private volatile boolean broken;
    /** Set by close(): nothing reopens the file afterwards. */
    private volatile boolean closed;
    private volatile String brokenReason = "";
    /** The last write failed (cleared by the next successful one): what the status shows. */
    private volatile String lastWriteFailure;
    /** Last durable change number of every store generation that ended in a write failure. */
    private final Map<Long, Long> durableAtEpochEnd = new ConcurrentHashMap<>();
    /** Guarded by persistLock. */
    private int commitsSinceCompaction;
    private long lastFailureLogNanos;
    private boolean announceReopen;

    // Guarded by writeLock: retention accounting.
    private long storedBytes;
    private long droppedTotal;
    private long lastMarkMillis = NO_MARK;
    private final Map<String, String> cursorAlarms = new LinkedHashMap<>();
    private long droppedUnlogged;
    private long lastDropLogNanos;
    private String lastDataLoss;
    private Instant lastDataLossAt;
    private long deadLettered;
    /** Dead letters kept per uplink; guarded by writeLock. */
    private final Map<String, Long> deadLetterCounts = new TreeMap<>();
    private long deadLettersDropped;
    private long lastDeadLetterDropLogNanos;
    /** Cursor → epoch millis of its last read or commit (in memory; written to cursorUse once a minute). */
    private final Map<String, Long> lastUse = new ConcurrentHashMap<>();
    /** What uplinks reported keeps them from delivering (not persisted). */
    private final Map<String, String> uplinkProblems = new ConcurrentHashMap<>();

    private final AtomicLong undecodableSkipped = new AtomicLong();
    private final AtomicLong highestUndecodable = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

    private MvJournal(Path file, Options options, Clock clock, JournalTime time, State state, long tornTailBytes) {
        this.file = file;
        this.options = options;
        this.clock = clock;
        this.time = time;
        this.tornTailBytes = tornTailBytes;
        this.state = state;
        long head = adopt(state);
        this.firstPositionOfThisRun = head + 1;
        this.written = new Written(0, head, 0);
        this.durableHead = head;
        this.writer = new CommitWriter<>(file.toString(), this::persist, options.commitWindowMillis(),
                TimeUnit.MILLISECONDS, COMMIT_WINDOW_MAX_READINGS);
        if (tornTailBytes != TornTail.CLEAN) {
            String amount = tornTailBytes == TornTail.UNKNOWN ? "an unknown number of" : Long.toString(tornTailBytes);
            LOG.log(Level.WARNING, "Journal file " + file + " ended in " + amount + " bytes of an incomplete or"
                    + " overwritten write (torn write: power loss or crash during a write, or damage). They were"
                    + " ignored; the journal continues from its last complete commit, head " + head + ", "
                    + state.entries().sizeAsLong() + " entries. A commit torn while being written was never"
                    + " acknowledged (append returns after its commit completed); with sync=false, or if the"
                    + " bytes were damaged later, readings appended after position " + head + " are lost.");
        }
    }

    /** Reads head and accounting from a freshly opened store (under both locks, or in the constructor). */
    private long adopt(State s) {
        Long last = s.entries().lastKey();
        long head = Math.max(s.meta().getOrDefault(HEAD, 0L), last == null ? 0 : last);
        Long bytes = s.meta().get(BYTES);
        storedBytes = bytes != null ? bytes : countStoredBytes(s.entries());
        droppedTotal = s.meta().getOrDefault(DROPPED, 0L);
        Long lastMark = s.appended().lastKey();
        lastMarkMillis = lastMark == null ? NO_MARK : s.appended().get(lastMark);
        deadLettered = s.meta().getOrDefault(DEAD_LETTERED, 0L);
        deadLetterCounts.clear();
        for (String key : s.deadLetters().keySet()) {
            deadLetterCounts.merge(key.substring(0, key.lastIndexOf('/')), 1L, Long::sum);
        }
        // A cursor with no recorded use (older file), or one recorded before the clock was set, counts
        // as used now: nothing turns stale at an upgrade or at the first boot with the right time.
        long now = now();
        for (String cursor : s.cursors().keySet()) {
            long used = s.cursorUse().getOrDefault(cursor, now);
            lastUse.merge(cursor, JournalTime.plausible(used) ? used : now, Math::max);
        }
        return head;
    }

    /** Only for a file written before the byte count was kept. */
    private static long countStoredBytes(MVMap<Long, byte[]> entries) {
        long total = 0;
        Cursor<Long, byte[]> it = entries.cursor(null);
        while (it.hasNext()) {
            it.next();
            total += it.getValue().length + ENTRY_OVERHEAD_BYTES;
        }
        return total;
    }

    /**
     * {@link #open(Path, Options, Clock)} with the system clock, watched against the monotonic
     * clock so that a jump of the wall clock (NTP's first sync on a gateway that booted in 1970,
     * an operator correcting the date) does not age out unforwarded readings.
     */
    public static MvJournal open(Path file, Options options) throws JournalException {
        return open(file, options, new JournalTime(Clock.systemUTC(), System::nanoTime));
    }

    /**
     * Opens (or creates) the journal file. A torn tail (an incomplete last write) is ignored with a
     * warning. A file that is corrupt or in an unknown format is moved aside to
     * {@code <name>.corrupt-<UTC timestamp>} and a fresh journal is started, so the hub keeps
     * accepting readings; a file locked by another process is an error.
     *
     * @param clock append times for retention by age (taken as it is: no jump detection)
     */
    public static MvJournal open(Path file, Options options, Clock clock) throws JournalException {
        return open(file, options, new JournalTime(clock, null));
    }

    /** With a monotonic clock to tell the wall clock's jumps from elapsed time. */
    static MvJournal open(Path file, Options options, Clock clock, LongSupplier monotonicNanos) throws JournalException {
        return open(file, options, new JournalTime(clock, monotonicNanos));
    }

    private static MvJournal open(Path file, Options options, JournalTime time) throws JournalException {
        Clock clock = time.wall();
        long torn;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            torn = TornTail.bytesAfterLastCompleteChunk(file);
        } catch (IOException e) {
            throw new JournalException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
        try {
            return new MvJournal(file, options, clock, time, openState(file, options), torn);
        } catch (RuntimeException e) {
            if (!isUnreadableContent(e)) {
                throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
            }
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + ASIDE_STAMP.format(Instant.now()));
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                throw new JournalException("journal " + file + " is unreadable (" + e.getMessage()
                        + ") and could not be moved aside: " + moveFailed.getMessage(), moveFailed);
            }
            LOG.log(Level.ERROR, "Journal file " + file + " is unreadable (" + e.getMessage() + "); moved it to "
                    + aside + " and started a fresh journal. Readings in the old file were not forwarded.");
            try {
                return new MvJournal(file, options, clock, time, openState(file, options), TornTail.CLEAN);
            } catch (RuntimeException again) {
                throw new JournalException("cannot create a fresh journal " + file + ": " + again.getMessage(), again);
            }
        }
    }

    private static State openState(Path file, Options options) {
        // No background thread: nothing is written except by our own commits. An interrupt of a
        // thread reading or committing must not close the file under every other thread.
        MVStore store = new MVStore.Builder().fileName(InterruptSafeFilePath.path(file))
                .cacheSize(options.cacheSizeMB()).autoCommitDisabled().open();
        try {
            State s = new State(store,
                    store.openMap("entries", new MVMap.Builder<Long, byte[]>()
                            .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)),
                    store.openMap("cursors", new MVMap.Builder<String, Long>()
                            .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)),
                    store.openMap("meta", new MVMap.Builder<String, Long>()
                            .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)),
                    store.openMap("appended", new MVMap.Builder<Long, Long>()
                            .keyType(LongDataType.INSTANCE).valueType(LongDataType.INSTANCE)),
                    store.openMap("deadLetters", new MVMap.Builder<String, byte[]>()
                            .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)),
                    store.openMap("cursorUse", new MVMap.Builder<String, Long>()
                            .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)));
            Long last = s.entries().lastKey();
            if (last != null) {
                ReadingCodec.decode(s.entries().get(last)); // fails fast on a file we cannot read
            }
            return s;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** Content problems (move aside and start fresh) as opposed to a lock or I/O problem (refuse). */
    private static boolean isUnreadableContent(RuntimeException e) {
        if (e instanceof MVStoreException mv) {
            int code = mv.getErrorCode();
            return code != DataUtils.ERROR_FILE_LOCKED && code != DataUtils.ERROR_WRITING_FAILED
                    && code != DataUtils.ERROR_CLOSED;
        }
        // our codec on the newest entry, or MVStore's own parsing failing outside its exception type
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException;
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    @Override
    public void append(List<Reading> readings) throws JournalException {
        if (readings.isEmpty()) {
            return;
        }
        persist(put(encode(readings)));
    }

    /**
     * Puts the readings into the journal at once and returns a stage that completes when they are
     * durable: the journal writer commits them with others at most once per {@code commitWindowMillis}
     * (see {@link CommitWriter}), so a bus worker goes on polling meanwhile. Until the stage completed
     * normally nothing may be acknowledged; when it completes exceptionally (with a
     * {@link JournalException}) the readings are not stored, exactly as if {@link #append} had thrown.
     */
    @Override
    public CompletableFuture<Void> appendAsync(List<Reading> readings) {
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Written mine;
        try {
            mine = put(encode(readings));
        } catch (JournalException e) {
            return CompletableFuture.failedFuture(e);
        }
        // The writer refuses once it is closed, but the change is in the maps already: the writer's
        // last commit may have covered it, or close may still write it. Persisted here instead, it is
        // either stored (and acknowledged) or rolled back by close (and refused), never both.
        return writer.durable(mine, readings.size()).exceptionallyCompose(refused -> {
            try {
                persist(mine);
                return CompletableFuture.completedFuture(null);
            } catch (JournalException notStored) {
                return CompletableFuture.failedFuture(notStored);
            }
        });
    }

    private static byte[][] encode(List<Reading> readings) {
        byte[][] encoded = new byte[readings.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = ReadingCodec.encode(Objects.requireNonNull(readings.get(i), "reading"));
        }
        return encoded;
    }

    /** Puts one batch into the maps (contiguous positions), not yet durable: the change to persist. */
    private Written put(byte[][] encoded) throws JournalException {
        reopenIfBroken();
        writeLock.lock();
        try {
            State s = state;
            long now = now();
            long position = written.head();
            moveMarksOfThisRun(s);
            markAppendTime(s, position + 1, now);
            for (byte[] bytes : encoded) {
                s.entries().put(++position, bytes);
                storedBytes += bytes.length + ENTRY_OVERHEAD_BYTES;
            }
            s.meta().put(HEAD, position);
            Written mine = new Written(written.changes() + 1, position, epoch);
            written = mine;
            enforceRetention(s, position, now);
            s.meta().put(BYTES, storedBytes);
            return mine;
        } catch (RuntimeException e) {
            // The in-memory maps may now hold half a batch: discard them by reopening.
            markBroken(e);
            throw new JournalException("journal " + file + " refused the append: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Records when the entries from {@code firstPosition} on were appended, at most once a minute. */
    private void markAppendTime(State s, long firstPosition, long now) {
        if (!JournalTime.plausible(now)) {
            // A clock not yet set dates nothing; the first plausible time dates these entries.
            if (lastMarkMillis != UNDATED) {
                s.appended().put(firstPosition, UNDATED);
                lastMarkMillis = UNDATED;
            }
            return;
        }
        if (lastMarkMillis == UNDATED) {
            dateUndatedMarks(s, now);
        }
        if (lastMarkMillis == NO_MARK || lastMarkMillis == UNDATED || now - lastMarkMillis >= MARK_INTERVAL_MILLIS
                || now < lastMarkMillis) {
            s.appended().put(firstPosition, now);
            lastMarkMillis = now;
        }
    }

    /** Gives the undated marks at the end {@code now}: they were appended no later, so they age no sooner than they should. */
    private static void dateUndatedMarks(State s, long now) {
        Long mark = s.appended().lastKey();
        while (mark != null && s.appended().get(mark) == UNDATED) {
            s.appended().put(mark, now);
            mark = s.appended().lowerKey(mark);
        }
    }

    /**
     * The journal's now (wall clock). After a jump of the wall clock the times dated in this run
     * move with it, so ages and idle times keep measuring elapsed time: cursor use at once, append
     * marks at the next append (under the write lock).
     */
    private long now() {
        long now = time.millis();
        long jump = time.takeJumpMillis();
        if (jump != 0) {
            LOG.log(Level.WARNING, "The wall clock jumped by " + Duration.ofMillis(jump) + " (now "
                    + Instant.ofEpochMilli(now) + ") while the monotonic clock did not; journal " + file
                    + " moves the append times of this run and the cursors' last use along, so nothing is aged out"
                    + " or taken for an idle uplink because of the jump");
            lastUse.replaceAll((cursor, used) -> used + jump);
            markJumpMillis.addAndGet(jump);
        }
        return now;
    }

    /** Called under writeLock: applies wall-clock jumps to the dated append marks of this run. */
    private void moveMarksOfThisRun(State s) {
        long jump = markJumpMillis.getAndSet(0);
        if (jump == 0) {
            return;
        }
        Cursor<Long, Long> marks = s.appended().cursor(firstPositionOfThisRun);
        List<Long> positions = new ArrayList<>();
        while (marks.hasNext()) {
            positions.add(marks.next());
        }
        for (long position : positions) {
            long dated = s.appended().get(position);
            if (dated != UNDATED) {
                s.appended().put(position, dated + jump);
            }
        }
        if (lastMarkMillis != NO_MARK && lastMarkMillis != UNDATED && !positions.isEmpty()) {
            lastMarkMillis += jump;
        }
    }

    @Override
    public List<JournalEntry> read(String cursor, int max) throws JournalException {
        if (max <= 0) {
            return List.of();
        }
        reopenIfBroken();
        State s = state;
        long upTo = durableHead;
        long from = committedOrRegister(s, cursor) + 1;
        markUse(s, cursor);
        return decode(s, from, upTo, max, cursor);
    }

    /** Reads history back; no cursor is registered or moved. Undecodable entries are skipped and reported. */
    @Override
    public List<JournalEntry> readFrom(long position, int max) throws JournalException {
        if (max <= 0) {
            return List.of();
        }
        reopenIfBroken();
        return decode(state, Math.max(1, position), durableHead, max, "history");
    }

    /** The mark at or before the last one older than {@code time}: every entry appended from {@code time} on is at or after it. */
    @Override
    public long positionAppendedAt(Instant time) {
        State s = state;
        long millis = time.toEpochMilli() - MARK_INTERVAL_MILLIS;
        long start = 1;
        try {
            Cursor<Long, Long> marks = s.appended().cursor(null);
            while (marks.hasNext()) {
                long position = marks.next();
                if (marks.getValue() > millis) {
                    break;
                }
                start = position;
            }
        } catch (MVStoreException e) {
            return 1; // the start of what is retained is always correct
        }
        return start;
    }

    /** Persisted entries from {@code from} up to {@code upTo}, at most {@code max}, for {@code cursor} (named in problems). */
    private List<JournalEntry> decode(State s, long from, long upTo, int max, String cursor) throws JournalException {
        List<JournalEntry> out = new ArrayList<>(Math.min(max, 1024));
        List<Long> undecodable = new ArrayList<>();
        RuntimeException firstProblem = null;
        try {
            Cursor<Long, byte[]> it = s.entries().cursor(from);
            while (out.size() < max && it.hasNext()) {
                long position = it.next();
                if (position > upTo) {
                    break;
                }
                try {
                    out.add(new JournalEntry(position, ReadingCodec.decode(it.getValue())));
                } catch (RuntimeException e) {
                    // One bad record must not stop every uplink: skip it, count it, say so.
                    undecodable.add(position);
                    firstProblem = firstProblem == null ? e : firstProblem;
                }
            }
        } catch (MVStoreException e) {
            throw new JournalException("cannot read journal " + file + ": " + e.getMessage(), e);
        }
        if (!undecodable.isEmpty()) {
            reportUndecodable(cursor, undecodable, firstProblem);
        }
        return out;
    }

    /** Counts and logs each undecodable position once, whichever cursor met it first. */
    private void reportUndecodable(String cursor, List<Long> positions, RuntimeException problem) {
        long before = highestUndecodable.getAndAccumulate(positions.get(positions.size() - 1), Math::max);
        long fresh = positions.stream().filter(p -> p > before).count();
        if (fresh == 0) {
            return;
        }
        undecodableSkipped.addAndGet(fresh);
        List<Long> shown = positions.stream().filter(p -> p > before).limit(20).toList();
        LOG.log(Level.ERROR, "Journal " + file + ": skipped " + fresh + " undecodable entr" + (fresh == 1 ? "y" : "ies")
                + " at position(s) " + shown + (fresh > shown.size() ? "…" : "") + " (first met by cursor '" + cursor
                + "'): " + problem.getMessage() + ". They are not forwarded; " + undecodableSkipped.get()
                + " skipped since open.");
    }

    /** The cursor's committed position; a cursor seen for the first time starts before the oldest retained entry. */
    private long committedOrRegister(State s, String cursor) {
        Long committed = s.cursors().get(cursor);
        if (committed != null) {
            return committed;
        }
        writeLock.lock();
        try {
            committed = s.cursors().get(cursor);
            if (committed == null) {
                committed = oldestRetained(s) - 1;
                // persisted with the next commit; until then it is re-created the same way
                s.cursors().put(cursor, committed);
            }
            return committed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Records that an uplink used the cursor; written to the file at most once a minute per cursor. */
    private void markUse(State s, String cursor) {
        long now = now();
        Long previous = lastUse.put(cursor, now);
        if (previous == null || now - previous >= USE_MARK_INTERVAL_MILLIS || now < previous) {
            Long stored = s.cursorUse().get(cursor);
            if (stored == null || now - stored >= USE_MARK_INTERVAL_MILLIS || now < stored) {
                s.cursorUse().put(cursor, now); // persisted with the next commit
            }
        }
    }

    /** Cursors nobody read or committed for {@code staleCursorAfter}: no retention alarms for them. */
    private Set<String> staleCursors(State s) {
        long cutoff = now() - options.staleCursorAfter().toMillis();
        Set<String> stale = new TreeSet<>();
        for (String cursor : s.cursors().keySet()) {
            if (lastUse.getOrDefault(cursor, Long.MAX_VALUE) < cutoff) {
                stale.add(cursor);
            }
        }
        return stale;
    }

    /**
     * Applies one change to the maps under the write lock and returns once it is durable, like an
     * append: for dead letters and cursor removal.
     */
    private <T> T change(String what, java.util.function.Function<State, T> work) throws JournalException {
        reopenIfBroken();
        Written mine;
        T result;
        writeLock.lock();
        try {
            result = work.apply(state);
            mine = new Written(written.changes() + 1, written.head(), epoch);
            written = mine;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e; // a bad argument changed nothing
            }
            markBroken(e);
            throw new JournalException("journal " + file + " refused " + what + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        persist(mine);
        return result;
    }

    @Override
    public void setAside(String uplink, JournalEntry entry, String reason) throws JournalException {
        checkUplinkName(uplink);
        byte[] record = DeadLetterRecord.encode(entry.reading(), reason, clock.instant(), false);
        change("the dead letter of " + uplink + " at " + entry.position(), s -> {
            String key = DeadLetterRecord.key(uplink, entry.position());
            if (s.deadLetters().put(key, record) == null) {
                deadLettered++;
                s.meta().put(DEAD_LETTERED, deadLettered);
                long count = deadLetterCounts.merge(uplink, 1L, Long::sum);
                if (count > options.maxDeadLetters()) {
                    dropOldestDeadLetter(s, uplink);
                }
            }
            return null;
        });
    }

    /** Over the bound: the lowest position of the uplink goes, with an ERROR at most once a minute. */
    private void dropOldestDeadLetter(State s, String uplink) {
        String oldest = s.deadLetters().ceilingKey(DeadLetterRecord.prefix(uplink));
        s.deadLetters().remove(oldest);
        deadLetterCounts.merge(uplink, -1L, Long::sum);
        deadLettersDropped++;
        long nanos = System.nanoTime();
        if (lastDeadLetterDropLogNanos == 0 || nanos - lastDeadLetterDropLogNanos >= LOUD_LOG_INTERVAL_NANOS) {
            lastDeadLetterDropLogNanos = nanos;
            LOG.log(Level.ERROR, "Dead letters of uplink '" + uplink + "' reached maxDeadLetters "
                    + options.maxDeadLetters() + ": dropped the one at position " + DeadLetterRecord.position(oldest)
                    + " (" + deadLettersDropped + " dropped since open). Deal with them (GET /api/uplinks/" + uplink
                    + "/dead-letters) or raise the limit.");
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String uplink, long after, int max) throws JournalException {
        return scanDeadLetters(uplink, after, max, false);
    }

    @Override
    public List<DeadLetter> resendRequested(String uplink, int max) throws JournalException {
        return scanDeadLetters(uplink, 0, max, true);
    }

    private List<DeadLetter> scanDeadLetters(String uplink, long after, int max, boolean onlyResend)
            throws JournalException {
        checkUplinkName(uplink);
        State s = readableState();
        String prefix = DeadLetterRecord.prefix(uplink);
        List<DeadLetter> out = new ArrayList<>();
        try {
            Cursor<String, byte[]> it = s.deadLetters().cursor(DeadLetterRecord.key(uplink, Math.max(0, after) + 1));
            while (out.size() < max && it.hasNext()) {
                String key = it.next();
                if (!key.startsWith(prefix)) {
                    break;
                }
                DeadLetter letter = DeadLetterRecord.decode(key, it.getValue());
                if (!onlyResend || letter.resendRequested()) {
                    out.add(letter);
                }
            }
        } catch (MVStoreException e) {
            throw new JournalException("cannot read the dead letters of " + uplink + " in " + file + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public boolean requestResend(String uplink, long position) throws JournalException {
        checkUplinkName(uplink);
        String key = DeadLetterRecord.key(uplink, position);
        return change("a re-send of " + key, s -> {
            byte[] value = s.deadLetters().get(key);
            if (value == null) {
                return false;
            }
            s.deadLetters().put(key, DeadLetterRecord.withResend(key, value));
            return true;
        });
    }

    @Override
    public boolean removeDeadLetter(String uplink, long position) throws JournalException {
        checkUplinkName(uplink);
        String key = DeadLetterRecord.key(uplink, position);
        return change("the removal of dead letter " + key, s -> {
            if (s.deadLetters().remove(key) == null) {
                return false;
            }
            deadLetterCounts.merge(uplink, -1L, Long::sum);
            deadLetterCounts.remove(uplink, 0L);
            return true;
        });
    }

    @Override
    public boolean removeCursor(String cursor) throws JournalException {
        checkUplinkName(cursor);
        boolean removed = change("the removal of cursor " + cursor, s -> {
            boolean known = s.cursors().remove(cursor) != null;
            s.cursorUse().remove(cursor);
            String prefix = DeadLetterRecord.prefix(cursor);
            List<String> letters = new ArrayList<>();
            for (Cursor<String, byte[]> it = s.deadLetters().cursor(prefix); it.hasNext(); ) {
                String key = it.next();
                if (!key.startsWith(prefix)) {
                    break;
                }
                letters.add(key);
            }
            letters.forEach(s.deadLetters()::remove);
            deadLetterCounts.remove(cursor);
            cursorAlarms.remove(cursor);
            return known || !letters.isEmpty();
        });
        lastUse.remove(cursor);
        uplinkProblems.remove(cursor);
        if (removed) {
            LOG.log(Level.INFO, "Journal cursor '" + cursor + "' removed with its dead letters");
        }
        return removed;
    }

    @Override
    public void reportUplinkProblem(String cursor, String problem) {
        if (problem == null) {
            uplinkProblems.remove(cursor);
        } else {
            uplinkProblems.put(cursor, problem);
        }
    }

    /** Cursor and uplink names must not contain '/' (the dead-letter key separator). */
    private static void checkUplinkName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an uplink's cursor name must be non-empty and without '/', got \""
                    + name + "\"");
        }
    }

    /** Position of the oldest retained entry, or head + 1 when there is none. */
    private long oldestRetained(State s) {
        Long first = s.entries().firstKey();
        return first != null ? first : written.head() + 1;
    }

    @Override
    public void commit(String cursor, long position) throws JournalException {
        if (position > durableHead) {
            throw new IllegalArgumentException("cannot commit cursor " + cursor + " to " + position
                    + ": beyond the head " + durableHead);
        }
        reopenIfBroken();
        Written mine;
        writeLock.lock();
        try {
            State s = state;
            Long committed = s.cursors().get(cursor);
            if (committed != null && committed >= position) {
                return; // never moves backwards
            }
            s.cursors().put(cursor, position);
            markUse(s, cursor);
            mine = new Written(written.changes() + 1, written.head(), epoch);
            written = mine;
        } catch (RuntimeException e) {
            markBroken(e);
            throw new JournalException("journal " + file + " refused the commit: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        persist(mine);
    }

    /** Returns once the change {@code mine} is on disk; throws when it never will be. */
    private void persist(Written mine) throws JournalException {
        persistLock.lock();
        try {
            if (mine.epoch() != epoch) {
                // The store was reopened after a write failure since this change was put.
                Long survived = durableAtEpochEnd.get(mine.epoch());
                if (survived != null && mine.changes() <= survived) {
                    return;
                }
                throw new JournalException("journal " + file + " could not be written (" + brokenReasonOr("write failed")
                        + "); this change was discarded and is not stored");
            }
            boolean covered = durableChanges >= mine.changes();
            if (covered && (options.syncMode() == SyncMode.GROUP || !options.sync())) {
                return; // a commit by another thread covered it
            }
            if (broken) {
                if (covered) {
                    return;
                }
                throw new JournalException("journal " + file + " could not be written (" + brokenReasonOr("write failed")
                        + "); this change is not stored");
            }
            if (state.store().isClosed()) {
                if (covered) {
                    return;
                }
                throw new JournalException("journal " + file + " closed before this change was stored");
            }
            if (options.sync() && options.syncMode() == SyncMode.GROUP && options.maxSyncDelayMillis() > 0) {
                waitForMoreWriters();
            }
            State s = state;
            Written snapshot;
            writeLock.lock();
            try {
                snapshot = written; // nothing can be put while we commit: the chunk holds whole batches
                s.store().commit();
                if (++commitsSinceCompaction >= COMPACT_EVERY_COMMITS) {
                    // Without MVStore's background thread nobody else rewrites sparse chunks.
                    commitsSinceCompaction = 0;
                    if (uninterrupted(() -> s.store().compact(COMPACT_TARGET_FILL_PERCENT, COMPACT_WRITE_BYTES))) {
                        s.store().commit();
                    }
                }
            } finally {
                writeLock.unlock();
            }
            if (options.sync()) {
                s.store().sync();
                syncs.incrementAndGet();
            }
            durableChanges = snapshot.changes();
            durableHead = snapshot.head();
            lastWriteFailure = null;
        } catch (RuntimeException e) {
            long failures = writeFailures.incrementAndGet();
            lastWriteFailure = rootMessage(e);
            markBroken(e);
            long nanos = System.nanoTime();
            // A full disk fails every append until someone frees space: one ERROR a minute, with the count.
            if (lastFailureLogNanos == 0 || nanos - lastFailureLogNanos >= LOUD_LOG_INTERVAL_NANOS) {
                LOG.log(Level.ERROR, "Journal " + file + " could not be written: " + lastWriteFailure
                        + ". The appends of this write are not acknowledged; the journal reopens at its last good"
                        + " commit on the next call and works again once there is space (" + failures
                        + " write failures since open).");
                lastFailureLogNanos = nanos;
                announceReopen = true;
            }
            throw new JournalException("journal " + file + " could not be written: " + e.getMessage(), e);
        } finally {
            persistLock.unlock();
        }
    }

    /**
     * Runs {@code work} with the calling thread's interrupt cleared and sets it again afterwards:
     * MVStore's compaction and close wait for its store lock interruptibly, so a caller being stopped
     * (an uplink's route, a bus worker) would fail them and with them the journal.
     */
    private static <T> T uninterrupted(java.util.function.Supplier<T> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Group commit window: other writers put their batches meanwhile and ride on this commit. */
    private void waitForMoreWriters() {
        try {
            Thread.sleep(options.maxSyncDelayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // commit now; the caller sees the interrupt flag
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** The state to read from: after a write failure, reopened if possible (reads need no space). */
    private State readableState() {
        if (broken && !closed) {
            try {
                reopenIfBroken();
            } catch (JournalException e) {
                // stays broken; callers get what the closed store can give
            }
        }
        return state;
    }

    private String brokenReasonOr(String fallback) {
        String reason = brokenReason;
        return reason.isEmpty() ? fallback : reason;
    }

    private void markBroken(RuntimeException cause) {
        brokenReason = String.valueOf(cause.getMessage());
        broken = true;
    }

    /** After a write failure: drop the in-memory state and reopen the file at its last good commit. */
    private void reopenIfBroken() throws JournalException {
        if (closed) {
            throw new JournalException("journal " + file + " is closed");
        }
        if (!broken) {
            return;
        }
        persistLock.lock();
        writeLock.lock();
        try {
            if (!broken || closed) {
                return;
            }
            State old = state;
            if (!old.store().isClosed()) {
                old.store().closeImmediately();
            }
            State fresh;
            try {
                fresh = openState(file, options);
            } catch (RuntimeException e) {
                throw new JournalException("journal " + file + " cannot be reopened after a write failure ("
                        + brokenReason + "): " + e.getMessage(), e);
            }
            durableAtEpochEnd.put(epoch, durableChanges);
            epoch++;
            long head = adopt(fresh);
            written = new Written(written.changes() + 1, head, epoch);
            durableChanges = written.changes();
            durableHead = head;
            state = fresh;
            broken = false;
            if (announceReopen) {
                announceReopen = false;
                LOG.log(Level.WARNING, "Journal " + file + " reopened at its last good commit after a write failure:"
                        + " head " + head + ", " + fresh.entries().sizeAsLong() + " entries");
            }
            brokenReason = "";
        } finally {
            writeLock.unlock();
            persistLock.unlock();
        }
    }

    @Override
    public long head() {
        return durableHead;
    }

    @Override
    public long backlog(String cursor) {
        State s = readableState();
        long head = durableHead;
        Long committed = s.cursors().get(cursor);
        long effective = Math.max(committed == null ? 0 : committed, oldestRetained(s) - 1);
        return Math.max(0, head - effective);
    }

    /** Committed positions of the known cursors, by name. */
    public Map<String, Long> cursors() {
        return new TreeMap<>(readableState().cursors());
    }

    /** Entries retained now. */
    public long size() {
        return readableState().entries().sizeAsLong();
    }

    /** A snapshot of sizes, limits, alarms and failure counters for the hub's status. */
    public JournalStatus status() {
        State s = readableState();
        writeLock.lock();
        try {
            List<String> alarms = new ArrayList<>();
            String failure = lastWriteFailure;
            if (failure != null) {
                alarms.add("journal cannot write (" + failure + "): appends fail until it can; free disk space");
            }
            alarms.addAll(cursorAlarms.values());
            if (lastDataLoss != null && lastDataLossAt.plus(DATA_LOSS_ALARM_KEPT).isAfter(clock.instant())) {
                alarms.add(lastDataLoss);
            }
            if (undecodableSkipped.get() > 0) {
                alarms.add(undecodableSkipped.get() + " undecodable journal entries skipped (not forwarded)");
            }
            if (tornTailBytes != TornTail.CLEAN) {
                alarms.add("torn tail of " + (tornTailBytes < 0 ? "unknown size" : tornTailBytes + " bytes")
                        + " ignored when the journal was opened");
            }
            new TreeMap<>(uplinkProblems).forEach((cursor, problem) -> alarms.add("uplink '" + cursor + "': " + problem));
            deadLetterCounts.forEach((uplink, count) -> {
                if (count > 0) {
                    alarms.add("uplink '" + uplink + "' set aside " + count + " reading" + (count == 1 ? "" : "s")
                            + " it cannot deliver (dead letters: GET /api/uplinks/" + uplink + "/dead-letters)");
                }
            });
            long fileBytes;
            try {
                fileBytes = Files.size(file);
            } catch (IOException e) {
                fileBytes = -1;
            }
            Map<String, Long> backlogs = new TreeMap<>();
            long entries = -1;
            Instant oldest = null;
            try {
                long head = durableHead;
                long oldestRetained = oldestRetained(s);
                s.cursors().forEach((c, committed) -> backlogs.put(c, Math.max(0, head - Math.max(committed, oldestRetained - 1))));
                entries = s.entries().sizeAsLong();
                Long firstMark = s.appended().firstKey();
                long firstDated = firstMark == null ? UNDATED : s.appended().get(firstMark);
                oldest = entries == 0 || firstDated == UNDATED ? null : Instant.ofEpochMilli(firstDated);
            } catch (MVStoreException e) {
                alarms.add("journal store unavailable: " + e.getMessage());
            }
            Map<String, Long> letters = new TreeMap<>(deadLetterCounts);
            letters.values().removeIf(c -> c <= 0);
            return new JournalStatus(durableHead, entries, storedBytes, fileBytes, oldest, backlogs,
                    List.copyOf(alarms), droppedTotal, undecodableSkipped.get(), tornTailBytes,
                    writeFailures.get(), syncs.get(), failure == null, letters, deadLettered, staleCursors(s));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public java.util.Optional<io.heathub.api.journal.JournalHealth> health() {
        JournalStatus s = status();
        return java.util.Optional.of(new io.heathub.api.journal.JournalHealth(s.head(), s.entries(), s.fileBytes(),
                s.backlogs(), s.alarms(), s.droppedUnforwarded(), s.undecodableSkipped(), s.writeFailures(),
                s.writable(), s.deadLetters(), s.deadLettered(), s.staleCursors()));
    }

    /**
     * Called under writeLock after an append that ended at {@code head}. Over any limit the oldest
     * entries go; those every known cursor committed are gone silently (they are the oldest, so they
     * go first), any other is a data loss, logged as an ERROR and counted.
     */
    private void enforceRetention(State s, long head, long now) {
        long expiredBefore = expiredBefore(s, now - options.maxAge().toMillis(), head);
        // With no known cursor nobody waits for old entries: all count as committed. A stale cursor
        // (no uplink used it for staleCursorAfter) does not count: its uplink is retired or disabled.
        Set<String> stale = staleCursors(s);
        long committedByAll = s.cursors().entrySet().stream().filter(c -> !stale.contains(c.getKey()))
                .mapToLong(Map.Entry::getValue).min().orElse(Long.MAX_VALUE);
        long dropped = 0;
        long lastDropped = 0;
        String limit = null;
        Long first;
        while ((first = s.entries().firstKey()) != null) {
            String over = overLimit(s, first, expiredBefore);
            if (over == null) {
                break;
            }
            byte[] removed = s.entries().remove(first);
            storedBytes -= removed.length + ENTRY_OVERHEAD_BYTES;
            if (first > committedByAll) {
                dropped++;
                lastDropped = first;
                limit = over;
            }
        }
        pruneAppendMarks(s, head);
        if (dropped > 0) {
            droppedTotal += dropped;
            s.meta().put(DROPPED, droppedTotal);
            logDrop(s, stale, dropped, lastDropped, limit, now);
        }
        raiseOrClearAlarms(s, stale, head, now);
    }

    /** The limit the journal is over with {@code first} as its oldest entry, or null. */
    private String overLimit(State s, long first, long expiredBefore) {
        if (s.entries().sizeAsLong() > options.maxEntries()) {
            return "maxEntries " + options.maxEntries();
        }
        if (storedBytes > options.maxBytes()) {
            return "maxBytes " + options.maxBytes();
        }
        if (first < expiredBefore) {
            return "maxAge " + options.maxAge();
        }
        return null;
    }

    /**
     * Positions below the result were appended before {@code cutoffMillis}. A mark is written at
     * most once a minute, so the entries from one mark up to the next were all appended within a
     * minute after its time.
     */
    private static long expiredBefore(State s, long cutoffMillis, long head) {
        long before = 0;
        boolean previousExpired = false;
        Cursor<Long, Long> marks = s.appended().cursor(null);
        while (marks.hasNext()) {
            long position = marks.next();
            if (previousExpired) {
                before = position;
            }
            long dated = marks.getValue();
            previousExpired = dated != UNDATED && dated + MARK_INTERVAL_MILLIS <= cutoffMillis;
            if (!previousExpired) {
                return before;
            }
        }
        return previousExpired ? head + 1 : before;
    }

    /** Keeps only the marks still needed to date the retained entries. */
    private static void pruneAppendMarks(State s, long head) {
        Long firstEntry = s.entries().firstKey();
        long oldest = firstEntry != null ? firstEntry : head + 1;
        Long mark;
        Long next;
        while ((mark = s.appended().firstKey()) != null && (next = s.appended().higherKey(mark)) != null && next <= oldest) {
            s.appended().remove(mark);
        }
    }

    /**
     * A cursor whose backlog reaches 80 % of any limit raises an alarm (WARNING once; kept in
     * the status), long before retention would drop what it has not forwarded; cleared below 70 %.
     */
    private void raiseOrClearAlarms(State s, Set<String> stale, long head, long now) {
        long oldest = oldestRetained(s);
        long retained = s.entries().sizeAsLong();
        for (Map.Entry<String, Long> c : s.cursors().entrySet()) {
            String name = c.getKey();
            if (stale.contains(name)) {
                cursorAlarms.remove(name);
                continue;
            }
            long firstUnforwarded = Math.max(c.getValue(), oldest - 1) + 1;
            long backlog = head - firstUnforwarded + 1;
            if (backlog <= 0) {
                cursorAlarms.remove(name);
                continue;
            }
            long backlogBytes = retained == 0 ? 0 : (long) ((double) storedBytes * backlog / retained);
            Long mark = s.appended().floorKey(firstUnforwarded);
            long dated = mark == null ? UNDATED : s.appended().get(mark);
            long ageMillis = dated == UNDATED ? 0 : Math.max(0, now - dated);
            long entriesPct = backlog * 100 / options.maxEntries();
            long bytesPct = backlogBytes * 100 / options.maxBytes();
            long agePct = ageMillis * 100 / options.maxAge().toMillis();
            long worst = Math.max(entriesPct, Math.max(bytesPct, agePct));
            if (worst >= 80) {
                if (!cursorAlarms.containsKey(name)) {
                    List<String> near = new ArrayList<>();
                    if (entriesPct >= 80) {
                        near.add("a backlog of " + backlog + " readings, " + entriesPct + " % of maxEntries " + options.maxEntries());
                    }
                    if (bytesPct >= 80) {
                        near.add("about " + backlogBytes + " bytes unforwarded, " + bytesPct + " % of maxBytes " + options.maxBytes());
                    }
                    if (agePct >= 80) {
                        near.add("its oldest unforwarded reading appended " + Duration.ofMillis(ageMillis) + " ago, "
                                + agePct + " % of maxAge " + options.maxAge());
                    }
                    String message = "Journal cursor '" + name + "' has " + String.join("; ", near)
                            + ": once the limit is reached its oldest unforwarded readings will be dropped";
                    cursorAlarms.put(name, message);
                    LOG.log(Level.WARNING, message);
                }
            } else if (worst < 70) {
                cursorAlarms.remove(name); // re-arm once it recovered clearly
            }
        }
        cursorAlarms.keySet().retainAll(s.cursors().keySet());
    }

    private void logDrop(State s, Set<String> stale, long dropped, long lastDropped, String limit, long now) {
        List<String> behind = s.cursors().entrySet().stream().filter(c -> !stale.contains(c.getKey()))
                .filter(c -> c.getValue() < lastDropped).map(Map.Entry::getKey).sorted().toList();
        lastDataLoss = "DATA LOSS: journal limit " + limit + " reached; dropped " + droppedTotal
                + " unforwarded readings in all, the last up to position " + lastDropped + " (cursors " + behind + ")";
        lastDataLossAt = Instant.ofEpochMilli(now);
        droppedUnlogged += dropped;
        long nanos = System.nanoTime();
        // At most one ERROR per minute under a steady overflow, with the count since the last one.
        if (lastDropLogNanos == 0 || nanos - lastDropLogNanos >= LOUD_LOG_INTERVAL_NANOS) {
            LOG.log(Level.ERROR, "DATA LOSS: journal limit reached (" + limit + "): dropped " + droppedUnlogged
                    + " oldest readings not yet forwarded by cursor(s) " + behind + ", up to position " + lastDropped
                    + " (" + droppedTotal + " dropped unforwarded in all)");
            droppedUnlogged = 0;
            lastDropLogNanos = nanos;
        }
    }

    @Override
    public void close() {
        closed = true; // no more appends from here on
        writer.close(); // what bus workers handed over is committed (or refused) before the store closes
        persistLock.lock();
        writeLock.lock();
        try {
            closed = true;
            MVStore store = state.store();
            if (!store.isClosed()) {
                if (!broken && written.changes() > durableChanges) {
                    // Put but never acknowledged (an append that lost the race with close was told it is
                    // refused, or waits for the persist lock and will be): not written, so that a caller
                    // retrying it later makes no duplicate. What else waits for the next commit (a new
                    // cursor's start, a cursor's last use) is re-created the same way.
                    store.rollback();
                }
                try {
                    uninterrupted(() -> {
                        store.close();
                        return null;
                    });
                } catch (RuntimeException e) {
                    // e.g. disk full on the final write: what was acknowledged is already in the file
                    store.closeImmediately();
                    LOG.log(Level.WARNING, "Journal " + file + " closed without its final write: " + e.getMessage());
                }
            }
        } finally {
            writeLock.unlock();
            persistLock.unlock();
        }
    }
}
