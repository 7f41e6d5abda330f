package io.heathub.forward.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.heathub.testkit.LogCapture;
import io.heathub.testkit.StandInCommandService;
import io.heathub.testkit.Waits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polled commands against a real HTTP server playing the backend: it lists its pending commands
 * on {@code GET /commands} until their result arrives on {@code POST /commands/results}. The
 * command service is the testkit's stand-in for core's (this module does not depend on core),
 * which keeps core's contract: bounds refused, a known request id answered with its outcome and
 * never run twice, also for a new {@link HttpCommands} after a restart.
 */
class HttpCommandsTest {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

    private final StandInCommandService hub = new StandInCommandService().takes("setpoint.flow", 1_500);
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final List<String> results = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger resultsStatus = new AtomicInteger(200);
    private volatile String listOverride;
    private HttpServer backend;
    private HttpCommands commands;
    private LogCapture log;

    @BeforeEach
    void startBackend() throws IOException {
        log = LogCapture.of(HttpCommands.class);
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/commands", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] reply;
            int status;
            if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/commands")) {
                status = 200;
                reply = (listOverride != null ? listOverride : "[" + String.join(",", pending.values()) + "]")
                        .getBytes(UTF_8);
            } else {
                String result = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
                status = resultsStatus.get();
                if (status == 200) {
                    results.add(result.replaceAll(",\"time\":\"[^\"]+\"", ""));
                    Matcher id = REQUEST_ID.matcher(result);
                    if (id.find()) {
                        pending.remove(id.group(1));
                    }
                }
                reply = new byte[0];
            }
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stop() {
        if (commands != null) {
            commands.close();
        }
        backend.stop(0);
        log.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + backend.getAddress().getPort() + path;
    }

    private void start() {
        commands = new HttpCommands(hub, new HttpCommandSettings(url("/commands"), "", Duration.ofMillis(200),
                Map.of("Authorization", "Bearer hub-7"), Duration.ofSeconds(5)));
    }

    private void offer(String requestId, String point, String value) {
        pending.put(requestId, "{\"requestId\":\"" + requestId + "\",\"device\":\"panel-003\",\"point\":\"" + point
                + "\",\"value\":" + value + "}");
    }

    private List<String> resultsOf(String requestId) {
        return results.stream().filter(r -> r.contains("\"requestId\":\"" + requestId + "\"")).toList();
    }

    private String awaitResult(String requestId) {
        Waits.until(Duration.ofSeconds(20), "a result for " + requestId, () -> "results: " + results,
                () -> !resultsOf(requestId).isEmpty());
        return resultsOf(requestId).get(0);
    }

    @Test
    void aPolledSetpointRunsThroughTheCommandPathAndItsResultIsPosted() {
        offer("h-1", "setpoint.room", "21");
        start();
        assertThat(awaitResult("h-1")).isEqualTo("{\"requestId\":\"h-1\",\"device\":\"panel-003\","
                + "\"point\":\"setpoint.room\",\"status\":\"DONE\",\"message\":\"\",\"readBack\":21}");
        assertThat(hub.submitted).singleElement()
                .satisfies(c -> assertThat(c.requestedBy()).isEqualTo("http:127.0.0.1"));
        assertThat(hub.values).containsKey("panel-003/setpoint.room");
        assertThat(authorizations).isNotEmpty().allMatch("Bearer hub-7"::equals);
    }

    @Test
    void refusedUnreadableAndOverlongListsAreAnsweredOrLoggedAndPollingGoesOn() {
        listOverride = "{\"not\":\"a list\"}";
        start();
        Waits.until(Duration.ofSeconds(10), "the bad list logged", () -> log.lines().stream()
                .anyMatch(l -> l.startsWith("WARNING HTTP commands: GET " + url("/commands") + ": a list of commands is a JSON array")));
        listOverride = "[" + "{},".repeat(HttpCommands.MAX_COMMANDS) + "{}]";
        Waits.until(Duration.ofSeconds(10), "the long list logged", () -> log.lines().stream()
                .anyMatch(l -> l.contains("more than 100 commands in one list")));
        listOverride = "[\"not a command\",{\"requestId\":\"h-novalue\",\"device\":\"panel-003\",\"point\":\"setpoint.room\"},"
                + "{\"requestId\":\"h-out\",\"device\":\"panel-003\",\"point\":\"setpoint.room\",\"value\":40},"
                + "{\"requestId\":\"h-ok\",\"device\":\"panel-003\",\"point\":\"setpoint.room\",\"value\":22}]";
        assertThat(awaitResult("h-ok")).contains("\"status\":\"DONE\"");
        assertThat(awaitResult("h-out")).isEqualTo("{\"requestId\":\"h-out\",\"device\":\"panel-003\","
                + "\"point\":\"setpoint.room\",\"status\":\"REFUSED\",\"message\":\"setpoint.room 40 is outside the "
                + "site's bounds 5..35\"}");
        assertThat(awaitResult("h-novalue")).isEqualTo("{\"requestId\":\"h-novalue\",\"device\":\"\",\"point\":\"\","
                + "\"status\":\"REFUSED\",\"message\":\"command h-novalue needs a value (1/0 for open/close)\"}");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARNING HTTP commands: skipped command 1 of the list")
                && l.contains("no readable requestId"));
        assertThat(log.lines()).anyMatch(l -> l.contains("more than 100 commands in one list"));
        assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO HTTP commands: " + url("/commands") + " answers again"));
        assertThat(hub.executed).hasValue(1);
    }

    @Test
    void aCommandOfferedAgainRunsOnceAndIsAnsweredWithItsOutcome() throws InterruptedException {
        // a backend that keeps listing the command after its result arrived (or lists it twice)
        listOverride = "[{\"requestId\":\"h-dup\",\"device\":\"panel-003\",\"point\":\"setpoint.room\",\"value\":23},"
                + "{\"requestId\":\"h-dup\",\"device\":\"panel-003\",\"point\":\"setpoint.room\",\"value\":23}]";
        start();
        Waits.until(Duration.ofSeconds(20), "three results", () -> resultsOf("h-dup").size() >= 3);
        assertThat(resultsOf("h-dup")).allMatch(r -> r.contains("\"status\":\"DONE\""));
        assertThat(hub.submitted.size()).isGreaterThanOrEqualTo(3);
        assertThat(hub.executed).hasValue(1);
    }

    @Test
    void aRestartBetweenRequestAndResultStillAnswersAndDoesNotRunTheCommandTwice() throws InterruptedException {
        resultsStatus.set(503); // the backend does not take results for now
        offer("h-slow", "setpoint.flow", "65"); // runs for 1.5 s
        start();
        Waits.until(Duration.ofSeconds(10), "the command submitted", () -> hub.submitted.size() == 1);
        Waits.until(Duration.ofSeconds(10), "its result refused by the backend", () -> log.lines().stream()
                .anyMatch(l -> l.contains("answered 503 to the result of h-slow")));
        commands.close(); // the hub stops with the result owed
        assertThat(results).isEmpty();

        resultsStatus.set(200);
        start(); // the core's command book outlives the uplink (and the hub: it is on disk)
        assertThat(awaitResult("h-slow")).contains("\"status\":\"DONE\"", "\"readBack\":65");
        assertThat(hub.submitted).as("polled again after the restart").hasSize(2);
        assertThat(hub.executed).hasValue(1);
        assertThat(pending).isEmpty();
    }
}
