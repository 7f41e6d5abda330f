package io.heathub.billing.records;

import io.heathub.config.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A durable log of operations records (complaints, heat interruptions, refund exclusions): one JSON
 * object per line, UTF-8, appended and fsynced before {@link #append} returns, so a record a caller
 * was told about survives a crash or a power cut. A record is changed by appending it again with the
 * same id: the last line of an id wins. Bounded: at most {@code maxRecords} ids (beyond, the oldest
 * go when the file is compacted: written anew beside it, fsynced, moved over it atomically) and
 * {@link #MAX_LINE_BYTES} a line.
 *
 * <p>Opening reads every line: a last line without its newline (a write cut by a crash) is dropped
 * and cut off the file, with a note in {@link #problems()}; a line that is not a record (edited by
 * hand) is left out with its line number. Neither stops the log. Thread-safe.
 */
public final class RecordLog implements AutoCloseable {
    /** The longest line a record may take. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    private final Path file;
    private final int maxRecords;
    private final Function<String, String> idOf;
    private final Map<String, String> latest = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private FileChannel channel;
    private int lines;

    private RecordLog(Path file, int maxRecords, Function<String, String> idOf) {
        this.file = file;
        this.maxRecords = maxRecords;
        this.idOf = idOf;
    }

    /**
     * Opens (creating it and its folder when missing) the log at {@code file}.
     *
     * @param idOf the id of a line, or throws {@link IllegalArgumentException} saying why the line is not a record
     */
    public static RecordLog open(Path file, int maxRecords, Function<String, String> idOf) throws IOException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive, got " + maxRecords);
        }
        RecordLog log = new RecordLog(Objects.requireNonNull(file, "file"), maxRecords, Objects.requireNonNull(idOf, "idOf"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        long complete = log.load();
        log.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (log.channel.size() > complete) {
            // a line cut by a crash: appends start after the last complete one
            log.channel.truncate(complete);
            log.channel.force(true);
        }
        log.channel.position(complete);
        return log;
    }

    /**
     * The records of a log file as they stand, the last line of each id, in order of first appearance;
     * for offline readers (a missing file has none). Lines that are not records are added to {@code problems}.
     */
    public static List<String> read(Path file, Function<String, String> idOf, List<String> problems) throws IOException {
        RecordLog log = new RecordLog(file, Integer.MAX_VALUE, idOf);
        log.load();
        problems.addAll(log.problems);
        return List.copyOf(log.latest.values());
    }

    /** Reads the file; returns the length of its complete lines. */
    private long load() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int number = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                number++;
                accept(new String(bytes, start, i - start, StandardCharsets.UTF_8), number);
                start = i + 1;
            }
        }
        while (latest.size() > maxRecords) {
            latest.remove(latest.keySet().iterator().next());
        }
        if (start < bytes.length) {
            problems.add(file + ":" + (number + 1) + ": an unfinished last line (" + (bytes.length - start)
                    + " bytes, a write cut short) was dropped");
        }
        return start;
    }

    private void accept(String line, int number) {
        lines++;
        if (line.isBlank()) {
            return;
        }
        try {
            String id = idOf.apply(line);
            latest.remove(id);
            latest.put(id, line);
        } catch (IllegalArgumentException e) {
            problems.add(file + ":" + number + ": not a record, left out: " + e.getMessage());
        }
    }

    /**
     * Appends {@code line} (one JSON object, no newline) and forces it to disk; the record of its id is
     * this one from now on. Compacts the file once it holds twice the bound in lines.
     *
     * @throws IllegalArgumentException when the line is not a record, holds a newline or is too long
     * @throws IOException              when it could not be written durably (then nothing changed in memory)
     */
    public synchronized void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a record is one line");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("a record takes at most " + MAX_LINE_BYTES + " bytes, this one " + bytes.length);
        }
        String id = idOf.apply(line);
        ensureOpen();
        long before = channel.position();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            // leave no half line for the next append to follow
            try {
                channel.truncate(before);
                channel.position(before);
            } catch (IOException ignored) {
                // the next open drops an unfinished line
            }
            throw e;
        }
        latest.remove(id);
        latest.put(id, line);
        lines++;
        if (latest.size() > maxRecords) {
            latest.remove(latest.keySet().iterator().next());
        }
        if (lines >= 2L * maxRecords) {
            compact();
        }
    }

    /** The record of each id, oldest first (order of first appearance). */
    public synchronized List<String> records() {
        return List.copyOf(latest.values());
    }

    /** The record of {@code id}, or null. */
    public synchronized String record(String id) {
        return latest.get(id);
    }

    /** How many records it holds. */
    public synchronized int size() {
        return latest.size();
    }

    /** What opening found wrong (cut lines, lines that are not records). */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    /** Rewrites the file with the current records only (the newest {@code maxRecords}, one line each). */
    synchronized void compact() throws IOException {
        ensureOpen();
        AtomicFiles.replace(file, out -> {
            for (String line : latest.values()) {
                AtomicFiles.writeFully(out, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        });
        // the old channel stays usable until the new file is in place: a failed compaction loses no append
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
        lines = latest.size();
    }

    private void ensureOpen() throws IOException {
        if (channel == null || !channel.isOpen()) {
            throw new IOException("record log " + file + " is closed");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
