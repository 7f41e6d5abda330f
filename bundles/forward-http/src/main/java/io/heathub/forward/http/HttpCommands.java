package io.heathub.forward.http;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.WireFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Commands polled from a backend that cannot reach the hub (behind a NAT): every
 * {@code commandsPollInterval} a GET of {@code commandsUrl} returns the backend's pending
 * commands as a JSON array (at most {@value #MAX_COMMANDS}, {@value #MAX_BODY_BYTES} bytes; each
 * the JSON of MQTT commands). Each goes to the hub's {@link CommandService} as
 * {@code http:<host>} and its outcome ({@code DONE}, {@code REFUSED}, {@code FAILED}; the result
 * JSON of MQTT) is POSTed to {@code resultsUrl}, again at every poll until the backend answers 2xx.
 *
 * <p>The backend keeps a command pending until it has its result. A command polled again (the
 * result not yet posted, or the hub restarted) is submitted again and core's command book answers
 * it with its outcome: it never runs twice. While its result waits here it is not submitted again.
 */
@Component(configurationPid = HttpUplink.PID, service = {}, immediate = true)
public class HttpCommands {
    static final int MAX_COMMANDS = 100;
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Results kept for posting while the backend does not take them; the backend asks again for older ones. */
    static final int MAX_WAITING_RESULTS = 1000;
    private static final System.Logger LOG = System.getLogger(HttpCommands.class.getName());

    private final CommandService commands;
    private final HttpCommandSettings settings;
    private final CommandJson json = new CommandJson();
    private final HttpClient client;
    private final ScheduledExecutorService poller;
    /** Commands submitted whose result the backend has not yet taken, by request id: null while running. */
    private final Map<String, byte[]> open = new LinkedHashMap<>();
    /** What went wrong in the last round, null when it went well (touched by the poller thread only). */
    private String problem;

    @Activate
    public HttpCommands(@Reference(name = "commands") CommandService commands, HttpUplinkConfig config) {
        this(commands, HttpCommandSettings.from(config, HttpUplinkSettings.from(config, System::getenv)));
    }

    HttpCommands(CommandService commands, HttpCommandSettings settings) {
        this.commands = commands;
        this.settings = settings;
        if (!settings.enabled()) {
            client = null;
            poller = null;
            return;
        }
        client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-commands");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::round, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "HTTP commands: polling {0} every {1}, results to {2}", settings.commandsUrl(), every(),
                settings.resultsUrl());
    }

    private String every() {
        long millis = settings.pollInterval().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Results still owed first, then the backend's pending commands. Never throws (the schedule would end). */
    private void round() {
        try {
            postResults();
            poll();
            if (problem != null) {
                problem = null;
                LOG.log(Level.INFO, "HTTP commands: {0} answers again", settings.commandsUrl());
            }
        } catch (IOException | BackendException e) {
            String now = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!now.equals(problem)) { // once per outage, and again when the problem changes
                problem = now;
                LOG.log(Level.WARNING, "HTTP commands: {0}; trying again every {1}", now, every());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "HTTP commands: round failed: " + e, e);
        }
    }

    private void poll() throws IOException, InterruptedException, BackendException {
        HttpResponse<InputStream> response = client.send(request(settings.commandsUrl()).header("Accept", "application/json")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (response.statusCode() / 100 != 2) {
            throw new BackendException("GET " + settings.commandsUrl() + " answered " + response.statusCode());
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new BackendException("GET " + settings.commandsUrl() + " answered more than " + MAX_BODY_BYTES
                    + " bytes of commands");
        }
        List<byte[]> list;
        try {
            list = json.commandsOf(body, MAX_COMMANDS);
        } catch (WireFormatException e) {
            throw new BackendException("GET " + settings.commandsUrl() + ": " + e.getMessage());
        }
        for (int i = 0; i < list.size(); i++) {
            take(list.get(i), i);
        }
    }

    /** One command of the list: submitted unless its result is still owed; refused or skipped when unreadable. */
    private void take(byte[] element, int index) {
        Command command;
        try {
            command = json.read(element, null, settings.asker());
        } catch (WireFormatException e) {
            var requestId = json.requestIdOf(element);
            if (requestId.isEmpty()) {
                LOG.log(Level.WARNING, "HTTP commands: skipped command {0} of the list from {1}: {2}; it has no "
                        + "readable requestId, so no result", index + 1, settings.commandsUrl(), e.getMessage());
                return;
            }
            LOG.log(Level.WARNING, "HTTP commands: refused command {0} of the list from {1}: {2}", index + 1,
                    settings.commandsUrl(), e.getMessage());
            owe(requestId.get(), json.write(new Command(requestId.get(), "", "", BigDecimal.ZERO, settings.asker()),
                    CommandResult.refused(requestId.get(), e.getMessage()), Instant.now()));
            return;
        }
        synchronized (open) {
            if (open.containsKey(command.requestId())) {
                return; // running, or its result not yet taken
            }
            open.put(command.requestId(), null);
        }
        commands.submit(command).whenComplete((outcome, error) -> {
            CommandResult result = outcome != null ? outcome
                    : CommandResult.failed(command.requestId(), "hub error: " + error);
            owe(command.requestId(), json.write(command, result, Instant.now()));
            try {
                poller.execute(this::postResultsQuietly);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // closing: the backend offers the command again and the command book answers it
            }
        });
    }

    private void owe(String requestId, byte[] result) {
        synchronized (open) {
            open.put(requestId, result);
            if (open.size() > MAX_WAITING_RESULTS) {
                var eldest = open.keySet().iterator().next();
                open.remove(eldest);
                LOG.log(Level.WARNING, "HTTP commands: over {0} results not taken by {1}; dropped the one of {2} "
                        + "(it is answered again when the backend asks again)", MAX_WAITING_RESULTS,
                        settings.resultsUrl(), eldest);
            }
        }
    }

    private void postResultsQuietly() {
        try {
            postResults();
        } catch (IOException | BackendException e) {
            LOG.log(Level.DEBUG, "HTTP commands: results not posted yet: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Posts every result owed, oldest first; stops at the first the backend does not take. */
    private void postResults() throws IOException, InterruptedException, BackendException {
        List<Map.Entry<String, byte[]>> owed;
        synchronized (open) {
            owed = open.entrySet().stream().filter(e -> e.getValue() != null)
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        }
        for (Map.Entry<String, byte[]> result : owed) {
            HttpResponse<Void> response = client.send(request(settings.resultsUrl())
                            .header("Content-Type", "application/json; charset=utf-8")
                            .header("Idempotency-Key", "result-" + result.getKey())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(result.getValue())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new BackendException("POST " + settings.resultsUrl() + " answered " + response.statusCode()
                        + " to the result of " + result.getKey());
            }
            synchronized (open) {
                open.remove(result.getKey(), result.getValue());
            }
        }
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout());
        settings.headers().forEach(builder::header);
        return builder;
    }

    /** The backend answered, but not with what the hub can use. */
    private static final class BackendException extends Exception {
        private static final long serialVersionUID = 1L;

        BackendException(String message) {
            super(message);
        }
    }

    /** Stops polling; results not yet taken are answered again when the backend offers the commands again. */
    @Deactivate
    public void close() {
        if (poller == null) {
            return;
        }
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "HTTP commands from {0} stopped", settings.commandsUrl());
    }
}
