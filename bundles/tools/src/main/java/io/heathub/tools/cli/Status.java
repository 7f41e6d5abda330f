package io.heathub.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code heathub status [--format table|json]}: the running hub's health, site, journal with each
 * uplink's backlog, and devices, from its REST API ({@code GET /api/health}, {@code /api/status},
 * {@code /api/devices}; viewer role). Exit 0 when the hub is UP, 3 when it answers DEGRADED, 1
 * when it cannot be asked or refuses the credentials.
 */
@Command(name = "status", description = {"The running hub's health, site, uplink backlogs and devices (REST API, viewer role).",
    "Exit 0 UP, 3 DEGRADED, 1 no answer or refused."})
final class Status extends HubCommand {
    /** Exit status of a hub that answers DEGRADED. */
    static final int DEGRADED = 3;

    Status(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        checkFormat();
        try {
            JsonNode health = answer("/api/health");
            JsonNode status = answer("/api/status");
            JsonNode devices = answer("/api/devices");
            if (format == Rows.Format.JSON) {
                ObjectNode all = json.createObjectNode();
                all.put("url", hub.base(spec).toString());
                all.set("health", health);
                all.set("status", status);
                all.set("devices", devices);
                out.println(json.writeValueAsString(all));
            } else {
                printTable(health, status, devices);
            }
            return "UP".equals(status.path("status").asText()) ? 0 : DEGRADED;
        } catch (HubConnection.Unreachable e) {
            err.println("heathub status: " + e.getMessage());
            return Heathub.FAILED;
        } catch (IOException e) {
            err.println("heathub status: " + e.getMessage());
            return Heathub.FAILED;
        }
    }

    private JsonNode answer(String path) throws HubConnection.Unreachable {
        HubConnection.Answer answer = hub.get(spec, path);
        if (answer.status() == 401) {
            throw new HubConnection.Unreachable(path + ": 401: the hub asks who you are: --user NAME, --token-file FILE or"
                    + " HEATHUB_TOKEN" + (hub.hasCredentials() ? " (the ones given were refused)" : ""));
        }
        if (!answer.ok() && answer.status() != 503) {
            throw new HubConnection.Unreachable(path + ": " + answer.status() + ": " + firstLine(answer.body()));
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new HubConnection.Unreachable(path + ": not JSON: " + firstLine(answer.body()));
        }
    }

    private void printTable(JsonNode health, JsonNode status, JsonNode devices) {
        out.println("hub      " + hub.base(spec) + "  " + status.path("status").asText("?") + ", up "
                + duration(health.path("uptimeSeconds").asLong()));
        JsonNode site = status.path("site");
        if (site.isObject()) {
            out.println("site     " + site.path("id").asText("?") + " version " + site.path("version").asText("none")
                    + (site.hasNonNull("appliedAt") ? ", applied " + site.path("appliedAt").asText() : "")
                    + (site.path("problems").size() > 0 ? ", " + site.path("problems").size() + " problem(s) in site.yaml" : ""));
        }
        status.path("configErrors").forEach(e -> out.println("error    " + e.asText()));
        JsonNode journal = status.path("journal");
        if (journal.isObject()) {
            out.println("journal  head " + journal.path("head").asText() + (journal.has("writable")
                    ? (journal.path("writable").asBoolean() ? ", writable" : ", NOT WRITABLE") : "")
                    + (journal.has("writeFailures") ? ", " + journal.path("writeFailures").asText() + " write failures" : ""));
            for (Iterator<Map.Entry<String, JsonNode>> it = journal.path("backlogs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> uplink = it.next();
                out.println("uplink   " + uplink.getKey() + ": backlog " + uplink.getValue().asText());
            }
            journal.path("alarms").forEach(a -> out.println("alarm    " + a.asText()));
        } else {
            out.println("journal  none: readings cannot be accepted");
        }
        StringBuilder states = new StringBuilder();
        status.path("devices").fields().forEachRemaining(s -> {
            if (s.getValue().asLong() > 0) {
                states.append(states.length() == 0 ? "" : ", ").append(s.getKey()).append(' ').append(s.getValue().asText());
            }
        });
        out.println("devices  " + devices.size() + (states.length() == 0 ? "" : ": " + states));
        Rows rows = new Rows("device", "driver", "bus", "state", "last poll", "polls", "failures", "last error");
        devices.forEach(d -> rows.add(d.path("id").asText(), d.path("driver").asText(), d.path("bus").asText(),
                d.path("state").asText(), d.path("lastPoll").asText(""), d.path("polls").asText(),
                d.path("failures").asText(), d.path("lastError").asText()));
        if (!rows.isEmpty()) {
            out.println();
            rows.print(out, Rows.Format.TABLE);
        }
    }

    static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("(empty)");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String duration(long seconds) {
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 86_400 > 0 ? seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
