package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@code cursors} cursor name → committed position, map {@code meta} holding the head (so
 * positions keep increasing even when retention emptied the journal).
 *
 * <p>Writers put under one lock (positions stay strictly increasing and gap-free, a batch stays
 * contiguous), then persist outside it: one thread at a time runs {@code MVStore.commit()} (and
 * {@code sync()} when enabled) and every writer whose changes that commit covered returns without
 * another write (group commit). Readers only ever see entries that are already persisted.
 */
public final class MvJournal implements Journal, AutoCloseable {
    private static final Logger LOG = System.getLogger(MvJournal.class.getName());
    private static final String HEAD = "head";
    private static final int COMPACT_EVERY_COMMITS = 200;
    private static final int COMPACT_TARGET_FILL_PERCENT = 70;
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param maxEntries retention bound: entries kept at most
     * @param sync       force the file to the device after every commit (survives power loss)
     */
    public record Options(long maxEntries, boolean sync) {
        public Options {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
            }
        }
    }

    /** What the writers have put in memory, as one consistent snapshot. */
    private record Written(long changes, long head) {
    }

    private final Path file;
    private final Options options;
    private final MVStore store;
    private final MVMap<Long, byte[]> entries;
    private final MVMap<String, Long> cursors;
    private final MVMap<String, Long> meta;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock persistLock = new ReentrantLock();
    /** Guarded by writeLock; published for the persister. */
    private volatile Written written;
    /** Updated under persistLock after a successful commit. */
    private volatile long durableChanges;
    private volatile long durableHead;
    /** Guarded by persistLock. */
    private int commitsSinceCompaction;
    /** Cursors currently warned about (guarded by writeLock), so the warning is not repeated per append. */
    private final Set<String> warnedCursors = new HashSet<>();
    private long droppedUnlogged;
    private long lastDropLog;

    private MvJournal(Path file, Options options, MVStore store) {
        this.file = file;
        this.options = options;
        this.store = store;
        this.entries = store.openMap("entries", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.cursors = store.openMap("cursors", new MVMap.Builder<String, Long>()
                .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        this.meta = store.openMap("meta", new MVMap.Builder<String, Long>()
                .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        Long last = entries.lastKey();
        long head = Math.max(meta.getOrDefault(HEAD, 0L), last == null ? 0 : last);
        if (last != null) {
            ReadingCodec.decode(entries.get(last)); // fails fast on a file we cannot read
        }
        this.written = new Written(0, head);
        this.durableHead = head;
    }

    /**
     * Opens (or creates) the journal file. A file that is corrupt or in an unknown format is moved
     * aside to {@code <name>.corrupt-<UTC timestamp>} and a fresh journal is started, so the hub
     * keeps accepting readings; a file locked by another process is an error.
     */
    public static MvJournal open(Path file, Options options) throws JournalException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new JournalException("cannot create the journal directory for " + file + ": " + e.getMessage(), e);
        }
        try {
            return openStore(file, options);
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
                return openStore(file, options);
            } catch (RuntimeException again) {
                throw new JournalException("cannot create a fresh journal " + file + ": " + again.getMessage(), again);
            }
        }
    }

    private static MvJournal openStore(Path file, Options options) {
        // No background thread: nothing is written except by our own commits.
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        try {
            return new MvJournal(file, options, store);
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
        byte[][] encoded = new byte[readings.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = ReadingCodec.encode(Objects.requireNonNull(readings.get(i), "reading"));
        }
        long changes;
        writeLock.lock();
        try {
            long position = written.head();
            for (byte[] bytes : encoded) {
                entries.put(++position, bytes);
            }
            meta.put(HEAD, position);
            changes = written.changes() + 1;
            written = new Written(changes, position);
            enforceRetention(position);
        } catch (MVStoreException e) {
            throw new JournalException("journal " + file + " refused the append: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        persist(changes);
    }

    @Override
    public List<JournalEntry> read(String cursor, int max) throws JournalException {
        if (max <= 0) {
            return List.of();
        }
        long upTo = durableHead;
        long from = committedOrRegister(cursor) + 1;
        List<JournalEntry> out = new ArrayList<>(Math.min(max, 1024));
        try {
            Cursor<Long, byte[]> it = entries.cursor(from);
            while (out.size() < max && it.hasNext()) {
                long position = it.next();
                if (position > upTo) {
                    break;
                }
                out.add(new JournalEntry(position, decode(position, it.getValue())));
            }
        } catch (MVStoreException e) {
            throw new JournalException("cannot read journal " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Reading decode(long position, byte[] bytes) throws JournalException {
        try {
            return ReadingCodec.decode(bytes);
        } catch (RuntimeException e) {
            throw new JournalException("journal entry " + position + " in " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The cursor's committed position; a cursor seen for the first time starts before the oldest retained entry. */
    private long committedOrRegister(String cursor) {
        Long committed = cursors.get(cursor);
        if (committed != null) {
            return committed;
        }
        writeLock.lock();
        try {
            committed = cursors.get(cursor);
            if (committed == null) {
                committed = oldestRetained() - 1;
                // persisted with the next commit; until then it is re-created the same way
                cursors.put(cursor, committed);
            }
            return committed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Position of the oldest retained entry, or head + 1 when there is none. */
    private long oldestRetained() {
        Long first = entries.firstKey();
        return first != null ? first : written.head() + 1;
    }

    @Override
    public void commit(String cursor, long position) throws JournalException {
        if (position > durableHead) {
            throw new IllegalArgumentException("cannot commit cursor " + cursor + " to " + position
                    + ": beyond the head " + durableHead);
        }
        long changes;
        writeLock.lock();
        try {
            Long committed = cursors.get(cursor);
            if (committed != null && committed >= position) {
                return; // never moves backwards
            }
            cursors.put(cursor, position);
            changes = written.changes() + 1;
            written = new Written(changes, written.head());
        } catch (MVStoreException e) {
            throw new JournalException("journal " + file + " refused the commit: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        persist(changes);
    }

    /** Returns once everything up to change number {@code changes} is on disk. */
    private void persist(long changes) throws JournalException {
        persistLock.lock();
        try {
            if (durableChanges >= changes) {
                return; // a commit by another thread covered it
            }
            Written covered = written; // every put counted here completed before this commit starts
            store.commit();
            if (++commitsSinceCompaction >= COMPACT_EVERY_COMMITS) {
                // Without MVStore's background thread nobody else rewrites sparse chunks.
                commitsSinceCompaction = 0;
                if (store.compact(COMPACT_TARGET_FILL_PERCENT, COMPACT_WRITE_BYTES)) {
                    store.commit();
                }
            }
            if (options.sync()) {
                store.sync();
            }
            durableChanges = covered.changes();
            durableHead = covered.head();
        } catch (RuntimeException e) {
            throw new JournalException("journal " + file + " could not be written: " + e.getMessage(), e);
        } finally {
            persistLock.unlock();
        }
    }

    @Override
    public long head() {
        return durableHead;
    }

    @Override
    public long backlog(String cursor) {
        long head = durableHead;
        Long committed = cursors.get(cursor);
        long effective = Math.max(committed == null ? 0 : committed, oldestRetained() - 1);
        return Math.max(0, head - effective);
    }

    /** Committed positions of the known cursors, by name. */
    public Map<String, Long> cursors() {
        return new TreeMap<>(cursors);
    }

    /** Entries retained now. */
    public long size() {
        return entries.sizeAsLong();
    }

    /** Called under writeLock after an append that ended at {@code head}. */
    private void enforceRetention(long head) {
        long max = options.maxEntries();
        warnAboutBacklogs(head, max);
        long excess = entries.sizeAsLong() - max;
        if (excess <= 0) {
            return;
        }
        // With no known cursor nobody waits for old entries: all count as committed.
        long committedByAll = cursors.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        long removed = 0;
        Long first;
        while (removed < excess && (first = entries.firstKey()) != null && first <= committedByAll) {
            entries.remove(first);
            removed++;
        }
        long dropped = 0;
        long lastDropped = 0;
        while (removed + dropped < excess && (first = entries.firstKey()) != null) {
            entries.remove(first);
            lastDropped = first;
            dropped++;
        }
        if (dropped > 0) {
            logDrop(dropped, lastDropped);
        }
    }

    private void warnAboutBacklogs(long head, long max) {
        long oldest = oldestRetained();
        for (Map.Entry<String, Long> c : cursors.entrySet()) {
            String name = c.getKey();
            long backlog = head - Math.max(c.getValue(), oldest - 1);
            if (backlog >= max * 8 / 10) {
                if (warnedCursors.add(name)) {
                    LOG.log(Level.WARNING, "Journal cursor '" + name + "' has a backlog of " + backlog
                            + " readings, " + (backlog * 100 / max) + " % of maxEntries " + max
                            + ": once the journal is full its oldest unforwarded readings will be dropped");
                }
            } else if (backlog < max * 7 / 10) {
                warnedCursors.remove(name); // re-arm once it recovered clearly
            }
        }
    }

    private void logDrop(long dropped, long lastDropped) {
        droppedUnlogged += dropped;
        long now = System.nanoTime();
        // At most one ERROR per minute under a steady overflow, with the count since the last one.
        if (lastDropLog == 0 || now - lastDropLog >= 60_000_000_000L) {
            List<String> behind = cursors.entrySet().stream()
                    .filter(c -> c.getValue() < lastDropped).map(Map.Entry::getKey).sorted().toList();
            LOG.log(Level.ERROR, "Journal full (maxEntries " + options.maxEntries() + "): dropped "
                    + droppedUnlogged + " oldest readings not yet forwarded by cursor(s) " + behind
                    + ", up to position " + lastDropped);
            droppedUnlogged = 0;
            lastDropLog = now;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        persistLock.lock();
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            persistLock.unlock();
            writeLock.unlock();
        }
    }
}
