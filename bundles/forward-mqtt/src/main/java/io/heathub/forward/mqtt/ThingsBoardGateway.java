package io.heathub.forward.mqtt;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ThingsBoard's gateway API, so that a ThingsBoard server sees each field device as its own
 * device behind the hub: {@code v1/gateway/connect} once per device and session, and one
 * {@code v1/gateway/telemetry} message per batch:
 *
 * <pre>{"plc-1":[{"ts":1763884800000,"values":{"temp.supply":71.25,"temp.return":45.1}}]}</pre>
 *
 * A reading that is not GOOD adds {@code "<point>.quality":"SUSPECT"} next to its value, so
 * dashboards can tell. Not thread-safe: used by the uplink's single route thread.
 */
final class ThingsBoardGateway {
    static final String CONNECT_TOPIC = "v1/gateway/connect";
    static final String TELEMETRY_TOPIC = "v1/gateway/telemetry";

    private final ReadingJson json = new ReadingJson();
    private final Set<String> announced = new HashSet<>();

    /** The messages for one batch: connects for devices not yet announced, then the telemetry. */
    List<MqttUplink.OutgoingMessage> messages(List<Reading> batch) {
        Map<String, Map<Long, List<Reading>>> byDeviceAndTime = new LinkedHashMap<>();
        for (Reading r : batch) {
            byDeviceAndTime.computeIfAbsent(r.device(), d -> new LinkedHashMap<>())
                    .computeIfAbsent(r.time().toEpochMilli(), t -> new ArrayList<>()).add(r);
        }
        List<MqttUplink.OutgoingMessage> out = new ArrayList<>();
        for (String device : byDeviceAndTime.keySet()) {
            if (!announced.contains(device)) {
                out.add(new MqttUplink.OutgoingMessage(CONNECT_TOPIC, json.render(gen -> {
                    gen.writeStartObject();
                    gen.writeStringField("device", device);
                    gen.writeEndObject();
                }), List.of()));
            }
        }
        byte[] telemetry = json.render(gen -> {
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
        if (!batch.isEmpty()) {
            out.add(new MqttUplink.OutgoingMessage(TELEMETRY_TOPIC, telemetry, batch));
        }
        return out;
    }

    /** The batch's messages were all acknowledged: its devices are known to the server now. */
    void delivered(List<Reading> batch) {
        batch.forEach(r -> announced.add(r.device()));
    }

    /** After a reconnect the server may have forgotten the session's devices. */
    void forgetAnnouncements() {
        announced.clear();
    }
}
