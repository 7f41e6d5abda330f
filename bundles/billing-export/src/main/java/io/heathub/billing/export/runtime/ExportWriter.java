package io.heathub.billing.export.runtime;

import io.heathub.api.Reading;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.input.ReadingsCsv;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Appends readings to the export's day files (UTC day of the reading's time), one CSV row each,
 * flushed per batch and forced to the disk at most every {@code syncInterval} (and when a day file
 * is closed): a power cut loses at most that much of the export, which the journal still holds. A
 * file that exists is appended to; a last line cut short by a crash is removed first (it cannot be
 * completed and would spoil the next row). Only the newest {@code keepDays} day files are kept:
 * counted in files, not against a calendar, so neither a wall clock that jumps nor a reading dated
 * years ahead deletes more than one old day. Thread-safe.
 */
final class ExportWriter implements Closeable {
    private static final System.Logger LOG = System.getLogger(ExportWriter.class.getName());
    /** Around midnight readings of two days arrive; older days are reopened when late data comes. */
    private static final int OPEN_FILES = 2;

    private final ExportStore store;
    private final long syncIntervalNanos;
    private final int keepDays;
    private final Map<LocalDate, DayFile> open = new LinkedHashMap<>();
    private long lastSyncNanos = System.nanoTime();

    private record DayFile(FileChannel channel, Writer writer) implements Closeable {
        void sync() throws IOException {
            writer.flush();
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            try (channel; writer) {
                sync();
            }
        }
    }

    /** Flushed per batch, never forced, kept for ever: for tests and tools. */
    ExportWriter(ExportStore store) {
        this(store, null, 0);
    }

    /**
     * @param syncInterval how often the open day files are forced to the disk; null = never, zero = every batch
     * @param keepDays     day files kept (the newest); 0 = all
     */
    ExportWriter(ExportStore store, Duration syncInterval, int keepDays) {
        if (keepDays < 0) {
            throw new IllegalArgumentException("keepDays must be 0 (keep all) or positive, was " + keepDays);
        }
        this.store = store;
        this.syncIntervalNanos = syncInterval == null ? Long.MAX_VALUE : syncInterval.toNanos();
        this.keepDays = keepDays;
    }

    /** Appends the readings of the points exported; returns how many rows were written. */
    synchronized int append(List<Reading> readings, Predicate<String> points) throws IOException {
        Map<LocalDate, StringBuilder> rows = new TreeMap<>();
        int count = 0;
        for (Reading r : readings) {
            if (points.test(r.point())) {
                rows.computeIfAbsent(ExportStore.dayOf(r.time()), d -> new StringBuilder())
                        .append(ReadingsCsv.row(r)).append('\n');
                count++;
            }
        }
        for (Map.Entry<LocalDate, StringBuilder> day : rows.entrySet()) {
            Writer out = dayFile(day.getKey()).writer();
            out.write(day.getValue().toString());
            out.flush();
        }
        long now = System.nanoTime();
        if (syncIntervalNanos != Long.MAX_VALUE && now - lastSyncNanos >= syncIntervalNanos) {
            for (DayFile f : open.values()) {
                f.sync();
            }
            lastSyncNanos = now;
        }
        return count;
    }

    private DayFile dayFile(LocalDate day) throws IOException {
        DayFile existing = open.get(day);
        if (existing != null) {
            return existing;
        }
        while (open.size() >= OPEN_FILES) {
            LocalDate oldest = open.keySet().iterator().next();
            open.remove(oldest).close();
        }
        Path file = store.fileOf(day);
        Files.createDirectories(file.getParent());
        boolean created = !Files.exists(file);
        boolean needsHeader = dropPartialLastLine(file) == 0;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
        if (needsHeader) {
            out.write(ReadingsCsv.header() + "\n");
        }
        DayFile opened = new DayFile(channel, out);
        open.put(day, opened);
        if (created && keepDays > 0) {
            deleteOldestBeyondKeepDays();
        }
        return opened;
    }

    /** Retention: with more than keepDays day files, the oldest go (never one being written). */
    private void deleteOldestBeyondKeepDays() throws IOException {
        List<LocalDate> days = store.days();
        int excess = days.size() - keepDays;
        for (int i = 0; i < days.size() && excess > 0; i++) {
            LocalDate day = days.get(i);
            if (!open.containsKey(day)) {
                Files.deleteIfExists(store.fileOf(day));
                excess--;
                LOG.log(Level.INFO, "Export keeps the newest " + keepDays + " day files: deleted " + store.fileOf(day));
            }
        }
    }

    /** Truncates the file after its last newline; returns the resulting size (0 for a new file). */
    static long dropPartialLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                LOG.log(Level.WARNING, "Export file " + file + " ended in an incomplete line (" + (size - keep)
                        + " bytes, an interrupted write); removed it before appending");
                channel.truncate(keep);
            }
            return keep;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (DayFile f : open.values()) {
            try {
                f.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
