package io.heathub.forward.mqtt;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.wire.CommandJson;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.ReadingJson;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ThingsBoard's server-side RPC to the devices behind the hub (gateway API, topic
 * {@value #TOPIC}), through the hub's one command path ({@link CommandService}: site bounds, rate
 * limit, queued ahead of polls, audit as {@code thingsboard:<clientId>}).
 *
 * <p>Methods: {@code setValue {point, value}}, {@code getValue {point}} (the latest reading, from
 * {@link HubStatus#latest()}), {@code setValve {open}} (point {@code valve.state} 1/0),
 * {@code setMode {mode}} (point {@code thermostat.mode}: temperature 0, schedule 1, flow 2). One reply
 * per request, {@code {"device":…,"id":…,"data":{"success":…,"status":…,…}}}: when the command
 * ends, or {@code PENDING} when it has not ended within the RPC timeout (ThingsBoard stops waiting
 * then; the outcome stays readable under the request id at {@code GET /api/commands/{requestId}}).
 *
 * <p>The hub's request id is {@code tb:<session>:<device>:<id>}: ThingsBoard numbers requests per
 * device from 0 again after its restart, so the id alone would collide with the command book's
 * older commands; the session (this uplink's start and connection count) separates them, and a
 * request redelivered on the same connection has the same request id, which core answers with its
 * known outcome instead of running it again.
 */
final class ThingsBoardRpc implements AutoCloseable {
    static final String TOPIC = "v1/gateway/rpc";
    /** ThingsBoard's default RPC timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String SET_VALUE = "setValue";
    static final String GET_VALUE = "getValue";
    static final String SET_VALVE = "setValve";
    static final String SET_MODE = "setMode";
    /** A household's thermostat mode (profile bac-002-station): 0 by temperature, 1 by schedule, 2 by flow. */
    static final String MODE_POINT = "thermostat.mode";
    /** The mode names of {@value #MODE_POINT}, as in the profile's enum; the index is the value. */
    static final List<String> MODES = List.of("temperature", "schedule", "flow");
    /** The point of a valve actuator in the profiles (bac-002): 1 open, 0 closed. */
    static final String VALVE_POINT = "valve.state";
    private static final String NOT_RUNNING = "the hub's core (command service, status) is not running";
    private static final System.Logger LOG = System.getLogger(ThingsBoardRpc.class.getName());

    /** Sends one reply on {@value #TOPIC}; never blocks (it may run on the MQTT callback thread). */
    @FunctionalInterface
    interface Replies {
        void send(byte[] payload) throws Exception;
    }

    /**
     * Core's command path and status, bound and unbound by DS as core comes and goes (the uplink
     * forwards readings without core; RPC then fails with a reason), and how long ThingsBoard waits.
     */
    static final class HubServices {
        final AtomicReference<CommandService> commands = new AtomicReference<>();
        final AtomicReference<HubStatus> status = new AtomicReference<>();
        /** The devices of site.yaml (address, profile) for their ThingsBoard client attributes. */
        final AtomicReference<java.util.function.Supplier<List<io.heathub.api.driver.DeviceConfig>>> configured =
                new AtomicReference<>(List::of);
        final Duration rpcTimeout;

        HubServices(CommandService commands, HubStatus status, Duration rpcTimeout) {
            this.commands.set(commands);
            this.status.set(status);
            this.rpcTimeout = rpcTimeout;
        }
    }

    private final HubServices hub;
    private final String requestedBy;
    private final Duration timeout;
    private final Replies replies;
    private final ReadingJson json = new ReadingJson();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "thingsboard-rpc-timeout");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param clientId the uplink's MQTT client id: who asked, in the audit (ThingsBoard's MQTT user
     *                 name is the gateway's access token, a secret that must not reach a log)
     */
    ThingsBoardRpc(HubServices hub, String clientId, Replies replies) {
        this.hub = hub;
        this.requestedBy = "thingsboard:" + clientId;
        this.timeout = hub.rpcTimeout;
        this.replies = replies;
    }

    /** One request as it arrived on {@code session}; never throws (one bad request stops nothing). */
    void handle(byte[] payload, String session) {
        RpcRequest request;
        try {
            request = RpcRequest.parse(payload);
        } catch (RpcRequest.BadRequest e) {
            LOG.log(Level.WARNING, "ThingsBoard RPC: refused a request: {0}", e.getMessage());
            if (e.device().isPresent() && e.id().isPresent()) {
                reply(e.device().get(), e.id().get(), "REFUSED", Optional.empty(), e.getMessage(), null);
            }
            return;
        }
        try {
            switch (request.method()) {
                case SET_VALUE -> {
                    request.onlyParams(List.of("point", "value"));
                    submit(request, session, request.textParam("point"), request.numberParam("value"));
                }
                case SET_VALVE -> {
                    request.onlyParams(List.of("open"));
                    submit(request, session, VALVE_POINT, request.booleanParam("open") ? BigDecimal.ONE : BigDecimal.ZERO);
                }
                case SET_MODE -> {
                    request.onlyParams(List.of("mode"));
                    submit(request, session, MODE_POINT, mode(request));
                }
                case GET_VALUE -> {
                    request.onlyParams(List.of("point"));
                    latest(request, request.textParam("point"));
                }
                default -> throw new RpcRequest.BadRequest("unknown method \"" + request.method()
                        + "\" (known: " + SET_VALUE + ", " + GET_VALUE + ", " + SET_VALVE + ", " + SET_MODE + ")", request.device(),
                        request.id());
            }
        } catch (RpcRequest.BadRequest e) {
            LOG.log(Level.WARNING, "ThingsBoard RPC {0} for {1}: refused: {2}", request.id(), request.device(),
                    e.getMessage());
            reply(request.device(), request.id(), "REFUSED", Optional.empty(), e.getMessage(), null);
        } catch (RuntimeException e) {
            // the command service is core's; whatever it throws, the next request is still served
            LOG.log(Level.ERROR, "ThingsBoard RPC " + request.id() + " for " + request.device() + " failed", e);
            reply(request.device(), request.id(), "FAILED", Optional.empty(), "hub error: " + e, null);
        }
    }

    private void submit(RpcRequest request, String session, String point, BigDecimal value) {
        String requestId = "tb:" + session + ":" + request.device() + ":" + request.id();
        Command command = new Command(requestId, request.device(), point, value, requestedBy);
        Optional<String> problem = CommandJson.problem(command);
        if (problem.isPresent()) {
            reply(request.device(), request.id(), "REFUSED", Optional.empty(), problem.get(), requestId);
            return;
        }
        CommandService commands = hub.commands.get();
        if (commands == null) {
            reply(request.device(), request.id(), "FAILED", Optional.empty(), NOT_RUNNING, requestId);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<CommandResult> result = commands.submit(command).toCompletableFuture();
        ScheduledFuture<?> pending = result.isDone() ? null : timer.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                reply(request.device(), request.id(), "PENDING", Optional.empty(), "not ended within "
                        + timeout.toMillis() + " ms; the hub still runs it: GET /api/commands/" + requestId, requestId);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((outcome, error) -> {
            if (pending != null) {
                pending.cancel(false);
            }
            if (!answered.compareAndSet(false, true)) {
                return; // ThingsBoard was told PENDING and no longer waits for this id
            }
            CommandResult r = outcome != null ? outcome : CommandResult.failed(requestId, "hub error: " + error);
            String state = r.status() == CommandResult.Status.ACCEPTED ? "PENDING" : r.status().name();
            reply(request.device(), request.id(), state, r.readBack(), r.message(), requestId);
        });
    }

    /** The {@code mode} param: a mode name or its number (the driver checks the number against the profile). */
    static BigDecimal mode(RpcRequest request) throws RpcRequest.BadRequest {
        Object mode = request.params().get("mode");
        if (mode instanceof String name && MODES.contains(name)) {
            return BigDecimal.valueOf(MODES.indexOf(name));
        }
        if (mode instanceof BigDecimal number) {
            return number;
        }
        throw request.badParams("needs \"mode\" as one of " + MODES + " or its number 0.." + (MODES.size() - 1));
    }

    private void latest(RpcRequest request, String point) throws RpcRequest.BadRequest {
        Optional<String> problem = ReadingInput.pointProblem(point);
        if (problem.isPresent()) {
            throw request.badParams(problem.get());
        }
        HubStatus status = hub.status.get();
        if (status == null) {
            reply(request.device(), request.id(), "FAILED", Optional.empty(), NOT_RUNNING, null);
            return;
        }
        Optional<Reading> reading = status.latest().stream()
                .filter(r -> r.device().equals(request.device()) && r.point().equals(point)).findFirst();
        if (reading.isEmpty()) {
            reply(request.device(), request.id(), "FAILED", Optional.empty(), "the hub has no reading of " + point
                    + " from " + request.device(), null);
            return;
        }
        Reading r = reading.get();
        String note = r.quality() == io.heathub.api.Quality.GOOD ? "" : r.quality() + ": " + r.reason();
        reply(request.device(), request.id(), "DONE", Optional.of(r.value()), note, null);
    }

    /** {@code {"device":…,"id":…,"data":{"success":…,"status":…,"value":…,"error":…,"requestId":…}}}. */
    private void reply(String device, long id, String state, Optional<BigDecimal> value, String error, String requestId) {
        byte[] payload = json.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("device", device);
            gen.writeNumberField("id", id);
            gen.writeObjectFieldStart("data");
            gen.writeBooleanField("success", state.equals("DONE"));
            gen.writeStringField("status", state);
            if (value.isPresent()) {
                gen.writeNumberField("value", value.get());
            }
            if (error != null && !error.isEmpty()) {
                gen.writeStringField("error", error);
            }
            if (requestId != null) {
                gen.writeStringField("requestId", requestId);
            }
            gen.writeEndObject();
            gen.writeEndObject();
        });
        try {
            replies.send(payload);
        } catch (Exception e) {
            // the audit log holds the outcome; ThingsBoard times the request out
            LOG.log(Level.WARNING, "ThingsBoard RPC: reply {0} to {1} for {2} not sent: {3}", state, id, device,
                    e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
