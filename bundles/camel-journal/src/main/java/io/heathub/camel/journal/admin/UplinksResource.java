package io.heathub.camel.journal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.JournalHealth;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/uplinks}: the uplinks' cursors and dead letters, for operators.
 * <ul>
 * <li>{@code GET /uplinks}: every cursor with its backlog, dead-letter count and whether it is stale;</li>
 * <li>{@code GET /uplinks/{cursor}/dead-letters[?after=POSITION&limit=N]}: its dead letters, lowest
 * position first (at most 500 per page; a value or time JSON cannot carry as a number is given as
 * text);</li>
 * <li>{@code POST /uplinks/{cursor}/dead-letters/{position}/resend}: the uplink sends it again on
 * its next round and removes it once delivered (admin);</li>
 * <li>{@code POST /uplinks/{cursor}/dead-letters/{position}/remove}: removes it (admin);</li>
 * <li>{@code POST /uplinks/{cursor}/remove}: forgets the cursor of a retired uplink with its dead
 * letters; only a stale cursor unless {@code ?force=true} (a running uplink would start over at
 * the oldest retained entry) (admin).</li>
 * </ul>
 * Changes are POSTs: the hub's web layer serves GET, HEAD and POST.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=/uplinks",
        RestResource.PATH + "=/uplinks/*", RestResource.USAGE + "=/api/uplinks[/{cursor}/dead-letters]"})
public final class UplinksResource implements RestResource {
    static final int MAX_PAGE = 500;
    private static final int MAX_TEXT = 200;
    private static final System.Logger LOG = System.getLogger(UplinksResource.class.getName());

    private final Journal journal;
    private final ReadingJson json = new ReadingJson();

    @Activate
    public UplinksResource(@Reference Journal journal) {
        this.journal = journal;
    }

    @Override
    public Role role(RestRequest request) {
        return request.isRead() ? Role.VIEWER : Role.ADMIN;
    }

    @Override
    public RestResponse handle(RestRequest request) {
        String sub = request.subPath() == null ? "" : request.subPath();
        String[] parts = sub.isEmpty() ? new String[0] : sub.replaceAll("^/+|/+$", "").split("/");
        try {
            if (parts.length == 0 || parts[0].isEmpty()) {
                return request.isRead() ? overview() : RestResponse.error(405, "GET /api/uplinks only");
            }
            String cursor = parts[0];
            if (!cursor.matches("[A-Za-z0-9._-]{1,64}")) {
                return RestResponse.error(400, "not a cursor name: " + abbreviate(cursor));
            }
            if (parts.length == 2 && "remove".equals(parts[1]) && "POST".equals(request.method())) {
                return removeCursor(cursor, "true".equals(request.param("force")));
            }
            if (parts.length == 1) {
                return RestResponse.error(405, "POST /api/uplinks/" + cursor + "/remove removes a retired uplink's "
                        + "cursor; GET /api/uplinks/" + cursor + "/dead-letters lists its dead letters");
            }
            if (!"dead-letters".equals(parts[1])) {
                return RestResponse.error(404, "no such path; see /api/uplinks/" + cursor + "/dead-letters");
            }
            if (parts.length == 2) {
                return request.isRead() ? deadLetters(cursor, request)
                        : RestResponse.error(405, "GET lists the dead letters of " + cursor);
            }
            long position = Long.parseLong(parts[2]);
            if (parts.length == 4 && "remove".equals(parts[3]) && "POST".equals(request.method())) {
                return journal.removeDeadLetter(cursor, position) ? RestResponse.ok(new Done(cursor, position, "removed"))
                        : RestResponse.error(404, cursor + " has no dead letter at position " + position);
            }
            if (parts.length == 4 && "resend".equals(parts[3]) && "POST".equals(request.method())) {
                return journal.requestResend(cursor, position)
                        ? RestResponse.json(202, new Done(cursor, position, "resend requested"))
                        : RestResponse.error(404, cursor + " has no dead letter at position " + position);
            }
            return RestResponse.error(405, "POST /api/uplinks/" + cursor + "/dead-letters/" + position + "/resend or …/"
                    + position + "/remove");
        } catch (NumberFormatException e) {
            return RestResponse.error(400, "a position or limit must be a whole number: " + e.getMessage());
        } catch (JournalException e) {
            LOG.log(Level.WARNING, "/api/uplinks" + sub + ": " + e.getMessage());
            return RestResponse.error(503, "journal: " + e.getMessage());
        }
    }

    /** What a change did. */
    public record Done(String cursor, long position, String done) {
    }

    /** A removed cursor. */
    public record Removed(String cursor, String done) {
    }

    private RestResponse overview() {
        Optional<JournalHealth> health = journal.health();
        if (health.isEmpty()) {
            return RestResponse.error(503, "the journal keeps no health figures");
        }
        JournalHealth h = health.get();
        TreeSet<String> cursors = new TreeSet<>(h.backlogs().keySet());
        cursors.addAll(h.deadLetters().keySet());
        return json(200, gen -> {
            gen.writeStartObject();
            gen.writeObjectFieldStart("cursors");
            for (String c : cursors) {
                gen.writeObjectFieldStart(c);
                gen.writeNumberField("backlog", h.backlogs().getOrDefault(c, 0L));
                gen.writeNumberField("deadLetters", h.deadLetters().getOrDefault(c, 0L));
                gen.writeBooleanField("stale", h.staleCursors().contains(c));
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeNumberField("deadLettered", h.deadLettered());
            gen.writeEndObject();
        });
    }

    private RestResponse deadLetters(String cursor, RestRequest request) throws JournalException {
        long after = request.param("after") == null ? 0 : Long.parseLong(request.param("after"));
        int limit = request.param("limit") == null ? 100 : Integer.parseInt(request.param("limit"));
        if (limit < 1 || limit > MAX_PAGE || after < 0) {
            return RestResponse.error(400, "limit must be 1.." + MAX_PAGE + " and after not negative");
        }
        List<DeadLetter> letters = journal.deadLetters(cursor, after, limit);
        return json(200, gen -> {
            gen.writeStartObject();
            gen.writeStringField("cursor", cursor);
            gen.writeArrayFieldStart("deadLetters");
            for (DeadLetter d : letters) {
                gen.writeStartObject();
                gen.writeNumberField("position", d.position());
                gen.writeStringField("reason", d.reason());
                gen.writeStringField("setAsideAt", d.setAsideAt().toString());
                gen.writeBooleanField("resendRequested", d.resendRequested());
                writeReading(gen, d);
                gen.writeEndObject();
            }
            gen.writeEndArray();
            if (letters.size() == limit) {
                gen.writeStringField("next", "/api/uplinks/" + cursor + "/dead-letters?after="
                        + letters.get(letters.size() - 1).position() + "&limit=" + limit);
            }
            gen.writeEndObject();
        });
    }

    /** The reading as journaled; value and time as text, since some dead letters are exactly what JSON cannot carry. */
    private static void writeReading(JsonGenerator gen, DeadLetter d) throws IOException {
        gen.writeObjectFieldStart("reading");
        gen.writeStringField("device", d.reading().device());
        gen.writeStringField("point", d.reading().point());
        gen.writeStringField("value", abbreviate(d.reading().value().toString()));
        gen.writeStringField("unit", d.reading().unit().symbol());
        gen.writeStringField("time", d.reading().time().toString());
        gen.writeStringField("quality", d.reading().quality().name());
        gen.writeStringField("reason", abbreviate(d.reading().reason()));
        gen.writeEndObject();
    }

    private RestResponse removeCursor(String cursor, boolean force) throws JournalException {
        boolean stale = journal.health().map(h -> h.staleCursors().contains(cursor)).orElse(false);
        if (!stale && !force) {
            return RestResponse.error(409, "cursor " + cursor + " was used recently (an uplink runs on it); remove it "
                    + "once its uplink is retired and the cursor is stale, or add ?force=true");
        }
        if (!journal.removeCursor(cursor)) {
            return RestResponse.error(404, "no cursor " + cursor);
        }
        LOG.log(Level.INFO, "journal cursor {0} removed over REST{1}", cursor, stale ? "" : " (forced)");
        return RestResponse.ok(new Removed(cursor, "removed with its dead letters"));
    }

    private RestResponse json(int status, ReadingJson.GeneratorWork work) {
        return RestResponse.json(status, new JsonText(new String(json.render(work), StandardCharsets.UTF_8)));
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
