package io.heathub.forward.mqtt;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ThingsBoard's gateway API, so that a ThingsBoard server sees each field device as its own
 * device behind the hub: {@code v1/gateway/connect} once per device and session, and one
 * {@code v1/gateway/telemetry} message per batch:
 *
 * <pre>{"plc-1":[{"ts":1763884800000,"values":{"temp.supply":71.25,"temp.return":45.1}}]}</pre>
 *
 * A reading that is not GOOD adds {@code "<point>.quality":"SUSPECT"} next to its value, so
 * dashboards can tell. A batch whose telemetry would exceed {@code maxMessageBytes} (ThingsBoard
 * closes the connection on messages over 64 KiB, so a large backlog would never get through) is
 * split into several telemetry messages, in journal order. Each device's client attributes
 * ({@link ThingsBoardAttributes}) go on {@value ThingsBoardAttributes#TOPIC} after its connect and
 * again when they change. Not thread-safe: used by the uplink's
 * single route thread.
 */
final class ThingsBoardGateway {
    static final String CONNECT_TOPIC = "v1/gateway/connect";
    static final String TELEMETRY_TOPIC = "v1/gateway/telemetry";

    private final ReadingJson json = new ReadingJson();
    private final Set<String> announced = new HashSet<>();
    private final int maxMessageBytes;
    /** Each device's client attributes now; empty for a device the hub does not know. */
    private final Function<String, Map<String, String>> attributes;
    /** The client attributes the server has, by device (this session). */
    private final Map<String, Map<String, String>> attributesSent = new HashMap<>();
    /** The attributes of the batch in flight, sent once it is delivered. */
    private final Map<String, Map<String, String>> attributesInFlight = new HashMap<>();

    /** No client attributes (tests of telemetry). */
    ThingsBoardGateway(int maxMessageBytes) {
        this(maxMessageBytes, device -> Map.of());
    }

    ThingsBoardGateway(int maxMessageBytes, Function<String, Map<String, String>> attributes) {
        this.maxMessageBytes = maxMessageBytes;
        this.attributes = attributes;
    }

    /** The messages for one batch: connects for devices not yet announced, then the telemetry. */
    List<MqttUplink.OutgoingMessage> messages(List<Reading> batch) {
        List<MqttUplink.OutgoingMessage> out = new ArrayList<>();
        batch.stream().map(Reading::device).distinct().filter(d -> !announced.contains(d)).forEach(device ->
                out.add(new MqttUplink.OutgoingMessage(CONNECT_TOPIC, json.render(gen -> {
                    gen.writeStartObject();
                    gen.writeStringField("device", device);
                    gen.writeEndObject();
                }), List.of())));
        clientAttributes(batch, out);
        if (!batch.isEmpty()) {
            telemetry(batch, out);
        }
        return out;
    }

    /**
     * One {@value ThingsBoardAttributes#TOPIC} message with the client attributes that changed
     * (or were never sent this session) of the batch's devices and of every device connected:
     * a device's state changes also while it sends nothing.
     */
    private void clientAttributes(List<Reading> batch, List<MqttUplink.OutgoingMessage> out) {
        attributesInFlight.clear();
        Set<String> devices = new java.util.TreeSet<>(announced);
        batch.forEach(r -> devices.add(r.device()));
        for (String device : devices) {
            Map<String, String> now = attributes.apply(device);
            if (!now.isEmpty() && !now.equals(attributesSent.get(device))) {
                attributesInFlight.put(device, now);
            }
        }
        // as few messages as fit under maxMessageBytes (ThingsBoard drops the connection over 64 KiB)
        List<String> pending = new ArrayList<>(new java.util.TreeSet<>(attributesInFlight.keySet()));
        while (!pending.isEmpty()) {
            int fit = pending.size();
            byte[] payload = attributesMessage(pending.subList(0, fit));
            while (payload.length > maxMessageBytes && fit > 1) {
                fit = fit / 2;
                payload = attributesMessage(pending.subList(0, fit));
            }
            out.add(new MqttUplink.OutgoingMessage(ThingsBoardAttributes.TOPIC, payload, List.of()));
            pending = pending.subList(fit, pending.size());
        }
    }

    /** {@code {"<device>":{"driver":…,…},…}} for {@code devices}. */
    private byte[] attributesMessage(List<String> devices) {
        return json.render(gen -> {
            gen.writeStartObject();
            for (String device : devices) {
                gen.writeObjectFieldStart(device);
                for (var attribute : attributesInFlight.get(device).entrySet()) {
                    gen.writeStringField(attribute.getKey(), attribute.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        });
    }

    /** One telemetry message for {@code readings}, or several when it would be too large. */
    private void telemetry(List<Reading> readings, List<MqttUplink.OutgoingMessage> out) {
        byte[] payload = telemetry(readings);
        int keys = readings.stream().mapToInt(r -> r.key().length() + 1).sum();
        if (payload.length + keys > maxMessageBytes && readings.size() > 1) {
            int half = readings.size() / 2;
            telemetry(readings.subList(0, half), out);
            telemetry(readings.subList(half, readings.size()), out);
            return;
        }
        out.add(new MqttUplink.OutgoingMessage(TELEMETRY_TOPIC, payload, List.copyOf(readings)));
    }

    private byte[] telemetry(List<Reading> batch) {
        Map<String, Map<Long, List<Reading>>> byDeviceAndTime = new LinkedHashMap<>();
        for (Reading r : batch) {
            byDeviceAndTime.computeIfAbsent(r.device(), d -> new LinkedHashMap<>())
                    .computeIfAbsent(r.time().toEpochMilli(), t -> new ArrayList<>()).add(r);
        }
        return json.render(gen -> {
            gen.writeStartObject();
            for (var device : byDeviceAndTime.entrySet()) {
                gen.writeArrayFieldStart(device.getKey());
                for (var atTime : device.getValue().entrySet()) {
                    gen.writeStartObject();
                    gen.writeNumberField("ts", atTime.getKey());
                    gen.writeObjectFieldStart("values");
                    for (Reading r : atTime.getValue()) {
                        gen.writeFieldName(r.point());
                        gen.writeNumber(r.value());
                        if (r.quality() != Quality.GOOD) {
                            gen.writeStringField(r.point() + ".quality", r.quality().name());
                        }
                    }
                    gen.writeEndObject();
                    gen.writeEndObject();
                }
                gen.writeEndArray();
            }
            gen.writeEndObject();
        });
    }

    /** The batch's messages were all acknowledged: its devices are known to the server now. */
    void delivered(List<Reading> batch) {
        batch.forEach(r -> announced.add(r.device()));
        attributesSent.putAll(attributesInFlight);
        attributesInFlight.clear();
    }

    /** After a reconnect the server may have forgotten the session's devices. */
    void forgetAnnouncements() {
        announced.clear();
        attributesSent.clear();
    }
}
