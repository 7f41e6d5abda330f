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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Appends readings to the export's day files (UTC day of the reading's time), one CSV row each,
 * flushed per batch. A file that exists is appended to; a last line cut short by a crash is
 * removed first (it cannot be completed and would spoil the next row). Thread-safe.
 */
final class ExportWriter implements Closeable {
    private static final System.Logger LOG = System.getLogger(ExportWriter.class.getName());
    /** Around midnight readings of two days arrive; older days are reopened when late data comes. */
    private static final int OPEN_FILES = 2;

    private final ExportStore store;
    private final Map<LocalDate, Writer> open = new LinkedHashMap<>();

    ExportWriter(ExportStore store) {
        this.store = store;
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
            Writer out = writer(day.getKey());
            out.write(day.getValue().toString());
            out.flush();
        }
        return count;
    }

    private Writer writer(LocalDate day) throws IOException {
        Writer existing = open.get(day);
        if (existing != null) {
            return existing;
        }
        while (open.size() >= OPEN_FILES) {
            LocalDate oldest = open.keySet().iterator().next();
            open.remove(oldest).close();
        }
        Path file = store.fileOf(day);
        Files.createDirectories(file.getParent());
        boolean needsHeader = dropPartialLastLine(file) == 0;
        Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
        if (needsHeader) {
            out.write(ReadingsCsv.header() + "\n");
        }
        open.put(day, out);
        return out;
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
        for (Writer w : open.values()) {
            try {
                w.close();
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
