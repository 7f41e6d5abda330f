package io.heathub.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands a backend behind a NAT hands the demo hub by polling: a real HTTP server lists its
 * pending commands until their results arrive, the hub (the assembled distribution, its simulated
 * panels) runs them through core's command path and posts the results. A hub restart between
 * request and result: the result still arrives, and the audit shows the command ran once.
 */
class PolledCommandsEndToEndIT {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final List<String> results = new CopyOnWriteArrayList<>();
    private final AtomicInteger resultsStatus = new AtomicInteger(200);

    @Test
    void polledCommandsReachThePanelsAndTheirResultsComeBackOnceAcrossARestart(@TempDir Path work) throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/commands", exchange -> {
            byte[] reply = new byte[0];
            int status = 200;
            if (exchange.getRequestMethod().equals("GET")) {
                // the first command listed twice: a backend's own repeat
                reply = ("[" + String.join(",", pending.values())
                        + (pending.containsKey("e2e-done") ? "," + pending.get("e2e-done") : "") + "]").getBytes(UTF_8);
            } else {
                String result = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
                status = resultsStatus.get();
                if (status == 200) {
                    results.add(result);
                    Matcher id = REQUEST_ID.matcher(result);
                    if (id.find()) {
                        pending.remove(id.group(1));
                    }
                }
            }
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        backend.start();
        try (HubProcess hub = new HubProcess(work)) {
            hub.demoOnFreePorts("");
            hub.write("etc/io.heathub.forward.http.cfg", "commandsUrl=http://127.0.0.1:" + backend.getAddress().getPort()
                    + "/commands\ncommandsPollInterval=1\n");
            offer("e2e-done", "panel-005", "setpoint.room", "20");
            offer("e2e-refused", "panel-005", "setpoint.room", "30"); // the demo's bounds are 16..24
            hub.start(Map.of());

            Waits.until(Duration.ofSeconds(90), "both results\n" + hub.console(),
                    () -> resultOf("e2e-done") != null && resultOf("e2e-refused") != null);
            assertThat(resultOf("e2e-done")).contains("\"device\":\"panel-005\"", "\"status\":\"DONE\"", "\"readBack\":20");
            assertThat(resultOf("e2e-refused")).contains("\"status\":\"REFUSED\"", "16");
            assertThat(results).filteredOn(r -> r.contains("\"e2e-done\"")).hasSize(1);

            // the backend does not take results for a while; the hub stops once the command ran
            resultsStatus.set(503);
            offer("e2e-restart", "panel-006", "setpoint.room", "19");
            Waits.until(Duration.ofSeconds(60), "e2e-restart done in the hub",
                    () -> String.valueOf(hub.get("/api/commands/e2e-restart")).contains("\"status\":\"DONE\""));
            hub.close();
            assertThat(resultOf("e2e-restart")).isNull();

            resultsStatus.set(200);
            hub.start(Map.of());
            Waits.until(Duration.ofSeconds(90), "the result after the restart\n" + hub.console(),
                    () -> resultOf("e2e-restart") != null);
            assertThat(resultOf("e2e-restart")).contains("\"device\":\"panel-006\"", "\"status\":\"DONE\"", "\"readBack\":19");

            // core's audit: each command ran once (one ACCEPTED line, written before a command runs)
            String audit = Files.readString(hub.home().resolve("data/audit/commands.jsonl"));
            for (String id : List.of("e2e-done", "e2e-restart")) {
                assertThat(audit.lines().filter(l -> l.contains("\"requestId\":\"" + id + "\"")
                        && l.contains("\"status\":\"ACCEPTED\""))).as(id + " accepted once").hasSize(1);
            }
            assertThat(audit).contains("\"requestedBy\":\"http:127.0.0.1\"");
            assertThat(hub.errorLines()).as("ERROR or SEVERE lines of the hub").isEmpty();
        } finally {
            backend.stop(0);
        }
    }

    private void offer(String requestId, String device, String point, String value) {
        pending.put(requestId, "{\"requestId\":\"" + requestId + "\",\"device\":\"" + device + "\",\"point\":\"" + point
                + "\",\"value\":" + value + "}");
    }

    private String resultOf(String requestId) {
        return results.stream().filter(r -> r.contains("\"requestId\":\"" + requestId + "\"")).findFirst().orElse(null);
    }
}
