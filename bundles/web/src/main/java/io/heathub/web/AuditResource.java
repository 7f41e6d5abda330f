package io.heathub.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/audit[?from=&to=&limit=]} (admin): the newest {@code limit} entries (default
 * 100, at most 1000) with {@code from <= time < to} of both audit logs in one list, oldest first —
 * core's {@code commands.jsonl} (every command: who, what, outcome) and web's {@code access.jsonl}
 * (sign-ins, user and token changes, state-changing requests). {@code from}/{@code to}: ISO
 * instants or dates (UTC). Each entry is {@code {"log":"commands"|"access","entry":{…the line…}}}.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=/audit",
        RestResource.USAGE + "=/api/audit?from=&to=&limit= (admin)"})
public final class AuditResource implements RestResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int MAX_LINE = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /** One audit line and the log it came from. */
    public record Entry(String log, JsonText entry) {
    }

    private record Timed(Instant time, Entry entry) {
    }

    private final Path commands;
    private final Path access;

    @Activate
    public AuditResource(@Reference WebSecurity security) {
        this(security.auditFile().resolveSibling("commands.jsonl"), security.auditFile());
    }

    AuditResource(Path commands, Path access) {
        this.commands = commands;
        this.access = access;
    }

    @Override
    public Role role(RestRequest request) {
        return Role.ADMIN;
    }

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "GET /api/audit?from=&to=&limit= reads the audit logs");
        }
        Instant from;
        Instant to;
        int limit;
        try {
            from = instant(request.param("from"), Instant.MIN);
            to = instant(request.param("to"), Instant.MAX);
            String l = request.param("limit");
            limit = l == null ? DEFAULT_LIMIT : Integer.parseInt(l.trim());
        } catch (DateTimeParseException | NumberFormatException e) {
            return RestResponse.error(400, "from and to are ISO instants or dates (2025-11-20T08:00:00Z, 2025-11-20),"
                    + " limit a number: " + e.getMessage());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return RestResponse.error(400, "limit " + limit + ": 1.." + MAX_LIMIT);
        }
        try {
            List<Timed> all = new ArrayList<>(newest(commands, "commands", from, to, limit));
            all.addAll(newest(access, "access", from, to, limit));
            all.sort(Comparator.comparing(Timed::time));
            List<Entry> out = all.subList(Math.max(0, all.size() - limit), all.size()).stream().map(Timed::entry).toList();
            return RestResponse.ok(out);
        } catch (IOException e) {
            return RestResponse.error(503, "audit log unreadable: " + e.getMessage());
        }
    }

    private static Instant instant(String text, Instant absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        String t = text.trim();
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    }

    /** The newest {@code limit} lines of {@code file} in the window; unreadable lines are skipped. */
    private static Deque<Timed> newest(Path file, String log, Instant from, Instant to, int limit) throws IOException {
        Deque<Timed> kept = new ArrayDeque<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.length() > MAX_LINE) {
                    continue;
                }
                Instant time = time(line);
                if (time == null || time.isBefore(from) || !time.isBefore(to)) {
                    continue;
                }
                kept.addLast(new Timed(time, new Entry(log, new JsonText(line))));
                if (kept.size() > limit) {
                    kept.removeFirst();
                }
            }
        } catch (NoSuchFileException e) {
            return kept;
        }
        return kept;
    }

    /** The {@code time} of one line, or null when the line is not a JSON object with one. */
    private static Instant time(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Instant time = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("time") && value == JsonToken.VALUE_STRING) {
                    time = Instant.parse(p.getText());
                }
                p.skipChildren();
            }
            // a line cut short (a crash mid-write) is skipped: it would break the answer's JSON
            return t == JsonToken.END_OBJECT && p.nextToken() == null ? time : null;
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }
}
