package io.heathub.core.command;

import static java.lang.System.Logger.Level.ERROR;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Append-only audit log of commands, one JSON object per line: every command once when it is
 * accepted or refused, and once more with its outcome. Who asked is always recorded.
 *
 * <pre>{"time":"…","requestId":"r-1","requestedBy":"mqtt:billing","device":"room-101",
 *  "point":"setpoint.room","value":21,"status":"ACCEPTED","message":""}</pre>
 */
public final class CommandAudit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommandAudit.class.getName());
    private final ReadingJson json = new ReadingJson();
    private final Path file;
    private final OutputStream out;

    public CommandAudit(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    /** Records one step of a command's life. Failing to write is logged, never thrown. */
    public synchronized void record(Command command, CommandResult result, Instant time) {
        byte[] line = json.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("time", time.toString());
            gen.writeStringField("requestId", command.requestId());
            gen.writeStringField("requestedBy", command.requestedBy());
            gen.writeStringField("device", command.device());
            gen.writeStringField("point", command.point());
            gen.writeFieldName("value");
            gen.writeNumber(command.value());
            gen.writeStringField("status", result.status().name());
            gen.writeStringField("message", result.message());
            if (result.readBack().isPresent()) {
                gen.writeFieldName("readBack");
                gen.writeNumber(result.readBack().get());
            }
            gen.writeEndObject();
        });
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.log(ERROR, "command audit log " + file + " not written for " + command.requestId(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(ERROR, "closing command audit log " + file, e);
        }
    }
}
