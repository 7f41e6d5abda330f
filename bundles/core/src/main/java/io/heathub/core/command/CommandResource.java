package io.heathub.core.command;

import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.wire.CommandJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /api/commands/{requestId}}: what became of a command, e.g. one whose
 * {@code POST /api/commands} answered 202. The answer is the result JSON of MQTT and of the POST,
 * {@code time} being when the outcome was recorded: status {@code ACCEPTED} while the command is
 * queued or running, then {@code DONE}, {@code REFUSED} or {@code FAILED}; 404 for an id the hub
 * does not know (never sent, or older than the command book keeps).
 */
public final class CommandResource {
    /** The path web serves it at ({@code /api} + this). */
    public static final String PATH = "/commands/*";
    public static final String USAGE = "GET /api/commands/{requestId}";

    private final CommandJson json = new CommandJson();

    /** Answers one request with what {@code book} knows (null: no book, commands refused). */
    public RestResponse handle(RestRequest request, CommandBook book) {
        if (!request.isRead()) {
            return RestResponse.error(405, "read a command's outcome with " + USAGE + "; send commands with POST /api/commands");
        }
        String id = request.subPath().startsWith("/") ? request.subPath().substring(1) : request.subPath();
        if (id.isEmpty() || !CommandJson.REQUEST_ID.matcher(id).matches()) {
            return RestResponse.error(400, "expected " + USAGE + " with a request id (1-128 of letters, digits and"
                    + " . _ : @ + = ~ -)");
        }
        if (book == null) {
            return RestResponse.error(503, "the command audit log cannot be opened; no command runs (see the hub log)");
        }
        Optional<CommandBook.Outcome> outcome = book.outcome(id);
        if (outcome.isEmpty()) {
            return RestResponse.error(404, "no command with requestId " + id + " is known (outcomes are kept for a while"
                    + " after they end: io.heathub.core commandResultsMaxAge)");
        }
        CommandBook.Outcome o = outcome.get();
        return RestResponse.json(200, new JsonText(new String(json.write(o.command(), o.result(), o.time()),
                StandardCharsets.UTF_8)));
    }
}
