package io.heathub.billing.export;

import io.heathub.api.Reading;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The export folder: one file per UTC day, {@code readings-YYYY-MM-DD.csv}, each starting with
 * the header {@code device,point,time,value,unit,quality}. Lists days, streams a range as one CSV
 * and reads the billing points (or any counters) back with billing's own CSV reader. Safe to use while
 * the export appends: only complete lines are read.
 */
public final class ExportStore {
    static final String PREFIX = "readings-";
    static final String SUFFIX = ".csv";
    private static final byte NEWLINE = '\n';

    private final Path directory;

    public ExportStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The day file of {@code day} (it may not exist). */
    public Path fileOf(LocalDate day) {
        return directory.resolve(PREFIX + day + SUFFIX);
    }

    /** The UTC day a reading is exported under. */
    public static LocalDate dayOf(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    /** Days with a file, ascending. */
    public List<LocalDate> days() throws IOException {
        List<LocalDate> days = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return days;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    days.add(LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
                } catch (DateTimeParseException e) {
                    // not one of ours (e.g. readings-old.csv): left alone
                }
            }
        }
        days.sort(null);
        return days;
    }

    /** The existing day files from {@code from} to {@code to} inclusive, in day order. */
    public List<Path> files(LocalDate from, LocalDate to) throws IOException {
        return days().stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).map(this::fileOf).toList();
    }

    /** Header once, then the data rows of each day file of the range (complete lines only). */
    public void writeCsv(LocalDate from, LocalDate to, OutputStream out) throws IOException {
        out.write((ReadingsCsv.header() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path file : files(from, to)) {
            copyRows(file, out);
        }
        out.flush();
    }

    /**
     * The {@code heat.energy} and {@code temp.room} readings of the wanted devices in the range,
     * read by {@link ReadingsCsv} exactly as {@code heathub settle} reads its file; bad rows go to
     * {@code problems} named by their day file.
     */
    public List<Reading> readBilling(LocalDate from, LocalDate to, Predicate<String> devices, Problems problems)
            throws IOException {
        List<Reading> out = new ArrayList<>();
        for (Path file : files(from, to)) {
            out.addAll(ReadingsCsv.read(file, file.toString(), problems, devices));
        }
        return out;
    }

    /**
     * One pass over the day files of the range handing each reading to {@code sink} as it is read
     * ({@link ReadingsCsv#stream}: nothing kept, so a season of any size reads in constant memory): the
     * {@code heat.energy} and {@code temp.room} readings of the wanted devices, checked as
     * {@link #readBilling} checks them, and the readings of the other (device, point) pairs {@code others}
     * accepts, their problems to {@code otherProblems}. Bad rows are named by their day file.
     *
     * @since 1.2
     */
    public void streamBilling(LocalDate from, LocalDate to, Predicate<String> devices, Problems problems,
                              BiPredicate<String, String> others, Problems otherProblems, Consumer<Reading> sink)
            throws IOException {
        for (Path file : files(from, to)) {
            ReadingsCsv.stream(file, file.toString(), problems, devices, others, otherProblems, sink);
        }
    }

    /**
     * The readings of the (device, point) pairs {@code wanted} accepts in the range, any unit
     * ({@link ReadingsCsv#readCounters}: the counters of energy figures); bad rows of those pairs
     * go to {@code problems} named by their day file.
     */
    public List<Reading> readCounters(LocalDate from, LocalDate to, BiPredicate<String, String> wanted,
                                      Problems problems) throws IOException {
        List<Reading> out = new ArrayList<>();
        for (Path file : files(from, to)) {
            out.addAll(ReadingsCsv.readCounters(file, file.toString(), problems, wanted));
        }
        return out;
    }

    /** Copies everything after the header line up to the last complete line as the file stood when opened. */
    private static void copyRows(Path file, OutputStream out) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        byte[] pending = new byte[0]; // bytes after the last newline seen so far
        boolean inHeader = true;
        long left = size;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
                int start = 0;
                if (inHeader) {
                    int nl = indexOf(buffer, 0, n, NEWLINE);
                    if (nl < 0) {
                        continue;
                    }
                    inHeader = false;
                    start = nl + 1;
                }
                int lastNl = lastIndexOf(buffer, start, n, NEWLINE);
                if (lastNl < 0) {
                    pending = concat(pending, buffer, start, n);
                    continue;
                }
                out.write(pending);
                out.write(buffer, start, lastNl + 1 - start);
                pending = concat(new byte[0], buffer, lastNl + 1, n);
            }
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte value) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] head, byte[] b, int from, int to) {
        byte[] out = new byte[head.length + to - from];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(b, from, out, head.length, to - from);
        return out;
    }
}
