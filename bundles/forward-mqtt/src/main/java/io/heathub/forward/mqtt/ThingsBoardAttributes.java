package io.heathub.forward.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.wire.CommandJson;
import io.heathub.wire.ReadingInput;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ThingsBoard attributes of the devices behind the hub (gateway API, topic {@value #TOPIC}).
 *
 * <p>Client attributes, published by {@link ThingsBoardGateway} after a device is connected and
 * whenever one changes: {@code driver}, {@code bus}, {@code address}, {@code profile} (from
 * {@code site.yaml}) and {@code state} (the hub's {@link DeviceStatus.State}).
 *
 * <p>Shared attributes ThingsBoard sets for a device, {@code {"device":"panel-003","data":{"setpoint.room":21}}},
 * are commands: each key that is a point name with a number (true/false = 1/0; for
 * {@code thermostat.mode} also a mode name) goes through the one command path as
 * {@code thingsboard:<clientId>}, where the site's bounds, rate limit and the profile's writable
 * points decide; the outcome is logged (ThingsBoard defines no reply) and core audits it. Anything
 * else is logged with the reason and not applied.
 */
final class ThingsBoardAttributes {
    static final String TOPIC = "v1/gateway/attributes";
    private static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_KEYS = 16;
    private static final System.Logger LOG = System.getLogger(ThingsBoardAttributes.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    private final ThingsBoardRpc.HubServices hub;
    private final String requestedBy;
    private final AtomicLong updates = new AtomicLong();

    ThingsBoardAttributes(ThingsBoardRpc.HubServices hub, String clientId) {
        this.hub = hub;
        this.requestedBy = "thingsboard:" + clientId;
    }

    /** A device's client attributes as the hub knows them now; empty for a device it does not know. */
    static Map<String, String> clientAttributes(String device, ThingsBoardRpc.HubServices hub) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (DeviceConfig config : hub.configured.get().get()) {
            if (config.id().equals(device)) {
                attributes.put("driver", config.driver());
                attributes.put("bus", config.bus());
                attributes.put("address", config.address());
                config.setting("profile").ifPresent(p -> attributes.put("profile", p));
            }
        }
        HubStatus status = hub.status.get();
        if (status != null) {
            status.devices().stream().filter(d -> d.id().equals(device)).findFirst().ifPresent(d -> {
                attributes.putIfAbsent("driver", d.driver());
                attributes.putIfAbsent("bus", d.bus());
                attributes.put("state", d.state().name());
            });
        }
        return attributes;
    }

    /** One shared-attributes update as it arrived on {@code session}; never throws. */
    void handle(byte[] payload, String session) {
        String device = null;
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            if (payload.length > MAX_BYTES) {
                throw new IOException("an attributes update of " + payload.length + " bytes is over the limit of "
                        + MAX_BYTES);
            }
            try (JsonParser p = JSON.createParser(payload)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("an attributes update is a JSON object {\"device\":…,\"data\":{…}}");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("device") && t == JsonToken.VALUE_STRING) {
                        device = p.getText();
                    } else if (name.equals("data") && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            JsonToken v = p.nextToken();
                            if (data.size() == MAX_KEYS) {
                                throw new IOException("more than " + MAX_KEYS + " attributes in one update");
                            }
                            data.put(key, v.isNumeric() ? p.getDecimalValue()
                                    : v == JsonToken.VALUE_TRUE ? BigDecimal.ONE
                                    : v == JsonToken.VALUE_FALSE ? BigDecimal.ZERO
                                    : v == JsonToken.VALUE_STRING && p.getTextLength() <= 64 ? p.getText() : null);
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.log(Level.WARNING, "ThingsBoard attributes: refused an update: not valid JSON: {0}", e.getOriginalMessage());
            return;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ThingsBoard attributes: refused an update: {0}", e.getMessage());
            return;
        }
        if (device == null || ReadingInput.deviceProblem(device).isPresent()) {
            LOG.log(Level.WARNING, "ThingsBoard attributes: refused an update without a device id");
            return;
        }
        for (Map.Entry<String, Object> attribute : data.entrySet()) {
            apply(device, attribute.getKey(), attribute.getValue(), session);
        }
    }

    private void apply(String device, String point, Object value, String session) {
        Optional<BigDecimal> number = value instanceof BigDecimal n ? Optional.of(n)
                : point.equals(ThingsBoardRpc.MODE_POINT) && value instanceof String name
                && ThingsBoardRpc.MODES.contains(name) ? Optional.of(BigDecimal.valueOf(ThingsBoardRpc.MODES.indexOf(name)))
                : Optional.empty();
        String shown = RpcRequest.shorten(point);
        if (ReadingInput.pointProblem(point).isPresent() || number.isEmpty()) {
            LOG.log(Level.WARNING, "ThingsBoard attributes: shared attribute {0} of {1} not applied: it is not a point "
                    + "with a number (true/false, or a mode name for {2})", shown, device, ThingsBoardRpc.MODE_POINT);
            return;
        }
        String requestId = "tba:" + session + ":" + device + ":" + updates.incrementAndGet();
        Command command = new Command(requestId, device, point, number.get(), requestedBy);
        Optional<String> problem = CommandJson.problem(command);
        CommandService commands = hub.commands.get();
        if (problem.isPresent() || commands == null) {
            LOG.log(Level.WARNING, "ThingsBoard attributes: shared attribute {0} of {1} not applied: {2}", shown,
                    device, problem.orElse("the hub's core (command service) is not running"));
            return;
        }
        commands.submit(command).whenComplete((result, error) -> {
            CommandResult r = result != null ? result : CommandResult.failed(requestId, "hub error: " + error);
            boolean done = r.status() == CommandResult.Status.DONE;
            LOG.log(done ? Level.INFO : Level.WARNING, "ThingsBoard attributes: shared attribute {0}={1} of {2} "
                    + "({3}): {4}{5}", point, number.get().toPlainString(), device, requestId, r.status(),
                    r.message().isEmpty() ? "" : ": " + r.message());
        });
    }
}
