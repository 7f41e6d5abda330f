package io.heathub.core.command;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.ReadingJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Append-only audit log of commands, one JSON object per line: every command once when it is
 * accepted or refused, and once more with its outcome. Who asked is always recorded.
 *
 * <pre>{"time":"…","requestId":"r-1","requestedBy":"mqtt:billing","device":"room-101",
 *  "point":"setpoint.room","value":21,"status":"ACCEPTED","message":""}</pre>
 *
 * <p>Durable where it matters: an {@code ACCEPTED} line is on disk (fsync) before the command
 * runs, so a hub that crashes can never forget that it may have run a command; every outcome is
 * too. A {@code REFUSED} line (nothing ran) is synced with the next line or within a second, so a
 * backend hammering the hub with refused commands cannot turn the disk into the bottleneck.
 *
 * <p>Bounded: the file {@code commands.jsonl} is rotated to {@code commands.<n>.jsonl} (n counting
 * up) at a sixteenth of {@link Retention#maxBytes}; rotated files older than
 * {@link Retention#maxAge} (by their last write) or beyond {@code maxBytes} in all are deleted,
 * oldest first. {@link #history} reads them back for the command book.
 */
public final class CommandAudit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommandAudit.class.getName());
    private static final long REFUSED_SYNC_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern ROTATED = Pattern.compile("commands\\.(\\d{6,})\\.jsonl");

    /**
     * How much audit is kept.
     *
     * @param maxBytes all files together, the current one included
     * @param maxAge   a rotated file whose last line is older is deleted
     */
    public record Retention(long maxBytes, Duration maxAge) {
        /** 256 MiB, 400 days. */
        public static final Retention DEFAULT = new Retention(256L << 20, Duration.ofDays(400));

        /** Size at which the current file is rotated: a sixteenth of the total, at least 64 KiB. */
        long fileBytes() {
            return Math.max(64 << 10, maxBytes / 16);
        }
    }

    /**
     * One line read back: when, the command, and the step of its life (ACCEPTED or an outcome).
     *
     * @param kept false for a refusal that was an answer only, not the command's outcome (a
     *             malformed command, a request id reused for another command, no site yet): a
     *             retry may still run
     */
    public record Entry(Instant time, Command command, CommandResult result, boolean kept) {
    }

    private final ReadingJson json = new ReadingJson();
    private final Path file;
    private final Retention retention;
    private final Clock clock;
    private FileChannel out;
    private long size;
    private long lastSync = System.nanoTime();
    private boolean unsynced;

    /** With the default retention and the system clock. */
    public CommandAudit(Path file) throws IOException {
        this(file, Retention.DEFAULT, Clock.systemUTC());
    }

    public CommandAudit(Path file, Retention retention, Clock clock) throws IOException {
        this.file = file;
        this.retention = retention;
        this.clock = clock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
        enforceRetention();
    }

    private void open() throws IOException {
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = out.size();
    }

    public Path file() {
        return file;
    }

    /**
     * Records one step of a command's life. Failing to write is logged, never thrown.
     *
     * @return true when the line was written (and synced, for an ACCEPTED line or an outcome)
     */
    public synchronized boolean record(Command command, CommandResult result, Instant time) {
        return record(command, result, time, true);
    }

    /**
     * Records one step; {@code kept} false marks a refusal that answered the asker but is not the
     * command's outcome (written {@code "kept":false}).
     */
    public synchronized boolean record(Command command, CommandResult result, Instant time, boolean kept) {
        byte[] line = line(command, result, time, kept);
        try {
            if (size > 0 && size + line.length > retention.fileBytes()) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            size += line.length;
            unsynced = true;
            long now = System.nanoTime();
            if (result.status() != CommandResult.Status.REFUSED || now - lastSync >= REFUSED_SYNC_NANOS) {
                out.force(false);
                lastSync = now;
                unsynced = false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(ERROR, "command audit log " + file + " not written for " + bounded(command.requestId()), e);
            return false;
        }
    }

    /** What a refused command sent may be anything: the line keeps at most 200 characters of each field. */
    private static String bounded(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private byte[] line(Command command, CommandResult result, Instant time, boolean kept) {
        byte[] object = json.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("time", time.toString());
            gen.writeStringField("requestId", bounded(command.requestId()));
            gen.writeStringField("requestedBy", bounded(command.requestedBy()));
            gen.writeStringField("device", bounded(command.device()));
            gen.writeStringField("point", bounded(command.point()));
            gen.writeFieldName("value");
            if (ReadingInput.sourceValueProblem(command.value()).isEmpty()) {
                gen.writeNumber(command.value());
            } else {
                gen.writeString(bounded(command.value().toString())); // 1e10000 has no plain form worth writing
            }
            gen.writeStringField("status", result.status().name());
            gen.writeStringField("message", result.message());
            if (result.readBack().isPresent()) {
                gen.writeFieldName("readBack");
                gen.writeNumber(result.readBack().get());
            }
            if (!kept) {
                gen.writeBooleanField("kept", false);
            }
            gen.writeEndObject();
        });
        byte[] line = new byte[object.length + 1];
        System.arraycopy(object, 0, line, 0, object.length);
        line[object.length] = '\n';
        return line;
    }

    private void rotate() throws IOException {
        out.force(false);
        out.close();
        Path rotated = file.resolveSibling(String.format("commands.%06d.jsonl", lastRotated(file) + 1));
        Files.move(file, rotated);
        LOG.log(INFO, "command audit log rotated to {0}", rotated.getFileName());
        open();
        enforceRetention();
    }

    /**
     * Deletes rotated files past the age, then the oldest while all files, with room for the
     * current one to grow to its rotation size, exceed the size.
     */
    private void enforceRetention() throws IOException {
        List<Path> rotated = rotatedFiles(file);
        Instant oldest = clock.instant().minus(retention.maxAge());
        long total = Math.max(size, retention.fileBytes());
        for (Path p : rotated) {
            total += Files.size(p);
        }
        for (Path p : rotated) {
            boolean tooOld = Files.getLastModifiedTime(p).toInstant().isBefore(oldest);
            if (tooOld || total > retention.maxBytes()) {
                total -= Files.size(p);
                Files.delete(p);
                LOG.log(INFO, "command audit log {0} deleted ({1})", p.getFileName(),
                        tooOld ? "older than " + retention.maxAge().toDays() + " days" : "audit over " + retention.maxBytes()
                                + " bytes");
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (unsynced) {
                out.force(false);
            }
            out.close();
        } catch (IOException e) {
            LOG.log(ERROR, "closing command audit log " + file, e);
        }
    }

    /**
     * The lines of the audit log whose file was written since {@code since} (rotated files
     * oldest first, then the current one), in the order written. A line that does not parse (the
     * torn last line of a hub that crashed mid-write) is reported to {@code problems} as
     * {@code file:line: problem} and skipped.
     */
    public static List<Entry> history(Path file, Instant since, Consumer<String> problems) throws IOException {
        List<Path> files = new ArrayList<>(rotatedFiles(file));
        if (Files.exists(file)) {
            files.add(file);
        }
        List<Entry> entries = new ArrayList<>();
        JsonFactory factory = new JsonFactory();
        for (Path p : files) {
            if (!p.equals(file) && Files.getLastModifiedTime(p).toInstant().isBefore(since)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String text;
                int number = 0;
                while ((text = reader.readLine()) != null) {
                    number++;
                    if (text.isBlank()) {
                        continue;
                    }
                    try {
                        entries.add(entry(factory, text));
                    } catch (IOException | RuntimeException e) {
                        problems.accept(p + ":" + number + ": " + e.getMessage());
                    }
                }
            }
        }
        return entries;
    }

    private static Entry entry(JsonFactory factory, String text) throws IOException {
        Map<String, String> fields = new HashMap<>();
        BigDecimal value = null;
        BigDecimal readBack = null;
        boolean kept = true;
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("value") && t.isNumeric()) {
                    value = p.getDecimalValue();
                } else if (name.equals("value") && t == JsonToken.VALUE_STRING) {
                    value = new BigDecimal(p.getText());
                } else if (name.equals("readBack") && t.isNumeric()) {
                    readBack = p.getDecimalValue();
                } else if (name.equals("kept") && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
                    kept = t == JsonToken.VALUE_TRUE;
                } else if (t == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else {
                    throw new IOException(name + ": unexpected " + t);
                }
            }
        }
        String requestId = required(fields, "requestId");
        if (value == null) {
            throw new IOException("value: missing");
        }
        Command command = new Command(requestId, required(fields, "device"), required(fields, "point"), value,
                required(fields, "requestedBy"));
        CommandResult result = new CommandResult(requestId, CommandResult.Status.valueOf(required(fields, "status")),
                fields.getOrDefault("message", ""), Optional.ofNullable(readBack));
        return new Entry(Instant.parse(required(fields, "time")), command, result, kept);
    }

    private static String required(Map<String, String> fields, String name) throws IOException {
        String value = fields.get(name);
        if (value == null) {
            throw new IOException(name + ": missing");
        }
        return value;
    }

    /** Rotated files beside {@code file}, oldest (lowest number) first. */
    private static List<Path> rotatedFiles(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> ROTATED.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CommandAudit::number)).toList();
        }
    }

    private static long lastRotated(Path file) throws IOException {
        List<Path> rotated = rotatedFiles(file);
        return rotated.isEmpty() ? 0 : number(rotated.get(rotated.size() - 1));
    }

    private static long number(Path rotated) {
        Matcher m = ROTATED.matcher(rotated.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }
}
