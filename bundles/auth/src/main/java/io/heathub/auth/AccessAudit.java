package io.heathub.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

/**
 * The access audit log {@code <data>/audit/access.jsonl}, next to core's {@code commands.jsonl}
 * and in its form: one JSON object a line with {@code time} and {@code requestedBy} (who), then
 * what happened. Written by the hub (sign-ins and their failures with the address, sign-outs,
 * lockouts, every state-changing request with its answer) and by {@code bin/heathub user|token}
 * (user and token changes, {@code requestedBy} {@code cli:<OS user>}).
 *
 * <pre>{"time":"…","requestedBy":"rest:alice","event":"login","address":"10.0.0.7","status":"OK"}
 * {"time":"…","requestedBy":"rest:alice","event":"POST /api/alarms/ack","address":"10.0.0.7","status":"200","subject":"stuckCounter:heat-101"}
 * {"time":"…","requestedBy":"cli:root","event":"user.add","subject":"bob","status":"OK","message":"role operator"}</pre>
 *
 * Each line is one append of a whole line (several processes may write). Failing to write is
 * logged, never thrown: the request it records has already been answered.
 */
public final class AccessAudit {
    private static final System.Logger LOG = System.getLogger(AccessAudit.class.getName());
    private final JsonFactory json = new JsonFactory();
    private final Path file;

    /** One audited event; null fields are left out. */
    public record Event(Instant time, String requestedBy, String event, String address, String status,
                        String subject, String message) {
    }

    public AccessAudit(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** {@code <data>/audit/access.jsonl}. */
    public static AccessAudit in(Path dataDir) {
        return new AccessAudit(dataDir.resolve("audit").resolve("access.jsonl"));
    }

    public Path file() {
        return file;
    }

    public void record(Event e) {
        byte[] line = line(e);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), Credentials.ownerOnly(file))) {
                out.write(ByteBuffer.wrap(line));
            }
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.ERROR, "access audit log " + file + " not written for " + e.event() + " by "
                    + e.requestedBy(), ex);
        }
    }

    private byte[] line(Event e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator gen = json.createGenerator(bytes)) {
            gen.writeStartObject();
            gen.writeStringField("time", e.time().toString());
            field(gen, "requestedBy", e.requestedBy());
            field(gen, "event", e.event());
            field(gen, "address", e.address());
            field(gen, "status", e.status());
            field(gen, "subject", e.subject());
            field(gen, "message", e.message());
            gen.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void field(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }
}
