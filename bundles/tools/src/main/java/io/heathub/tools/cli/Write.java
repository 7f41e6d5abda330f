package io.heathub.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heathub write DEVICE POINT VALUE}: a command through the running hub ({@code POST
 * /api/commands}, operator role), so it is bounded, rate-limited, queued ahead of polls and
 * audited like any other; the request id ({@code --request-id}, default {@code cli-<random>})
 * makes a repeat safe: the hub answers it with the first one's outcome. Prints the outcome. Exit
 * 0 DONE, 3 still queued (the hub's wait ended; the outcome is at {@code GET
 * /api/commands/ID}), 4 REFUSED, 1 FAILED or no answer, 2 usage.
 */
@Command(name = "write", description = {"Write one point through the running hub (POST /api/commands, operator role): bounded, audited.",
    "Exit 0 DONE, 3 still queued, 4 REFUSED, 1 FAILED or no answer."})
final class Write extends HubCommand {
    static final int QUEUED = 3;
    static final int REFUSED = 4;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@+=~-]{1,128}");

    @Parameters(index = "0", paramLabel = "DEVICE", description = "the device id of site.yaml")
    String device;

    @Parameters(index = "1", paramLabel = "POINT", description = "the point, e.g. setpoint.supply")
    String point;

    @Parameters(index = "2", paramLabel = "VALUE", description = "the value in the point's canonical unit (true/false = 1/0)")
    String value;

    @Option(names = "--request-id", paramLabel = "ID", description = "the command's id (default cli-<random>); the same id is never run twice")
    String requestId;

    Write(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        checkFormat();
        String id = requestId != null ? requestId : "cli-" + UUID.randomUUID();
        if (!REQUEST_ID.matcher(id).matches()) {
            throw Heathub.usage(spec, "--request-id must be 1..128 of A-Z a-z 0-9 . _ : @ + = ~ -, got \"" + id + "\"");
        }
        ObjectNode request = json.createObjectNode();
        request.put("requestId", id);
        request.put("device", device);
        request.put("point", point);
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> request.put("value", BigDecimal.ONE);
            case "false" -> request.put("value", BigDecimal.ZERO);
            default -> {
                try {
                    request.put("value", new BigDecimal(value.trim()));
                } catch (NumberFormatException e) {
                    throw Heathub.usage(spec, "VALUE must be a number (or true/false), got \"" + value + "\"");
                }
            }
        }
        try {
            HubConnection.Answer answer = hub.post(spec, "/api/commands", json.writeValueAsString(request));
            if (answer.status() == 401 || answer.status() == 403) {
                err.println("heathub write: " + answer.status() + ": " + Status.firstLine(answer.body())
                        + (answer.status() == 401 ? " (give --user NAME, --token-file FILE or HEATHUB_TOKEN of an operator)" : ""));
                return Heathub.FAILED;
            }
            JsonNode body;
            try {
                body = json.readTree(answer.body());
            } catch (IOException e) {
                err.println("heathub write: " + answer.status() + ": " + Status.firstLine(answer.body()));
                return Heathub.FAILED;
            }
            String outcome = body.path("status").asText("?");
            String message = body.hasNonNull("error") ? body.get("error").asText() : body.path("message").asText("");
            if (format == Rows.Format.JSON) {
                out.println(json.writeValueAsString(body));
            } else {
                out.println(outcome + " " + device + " " + point + " = " + request.get("value").asText()
                        + (body.hasNonNull("readBack") ? ", read back " + body.get("readBack").asText() : "")
                        + " (request " + id + ")" + (message.isEmpty() ? "" : ": " + message));
            }
            return switch (answer.status()) {
                case 200 -> "DONE".equals(outcome) ? 0 : Heathub.FAILED;
                case 202 -> QUEUED;
                case 422 -> REFUSED;
                case 400 -> Heathub.USAGE;
                default -> Heathub.FAILED;
            };
        } catch (HubConnection.Unreachable | IOException e) {
            err.println("heathub write: " + e.getMessage());
            return Heathub.FAILED;
        }
    }
}
