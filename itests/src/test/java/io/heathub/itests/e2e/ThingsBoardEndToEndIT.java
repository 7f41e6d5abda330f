package io.heathub.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo hub in ThingsBoard's gateway format on a real mosquitto; a HiveMQ client plays the
 * ThingsBoard server: it sees the panels' client attributes, turns a household's setpoint by
 * server-side RPC and its thermostat mode by a shared attribute, all through core's command path
 * to the simulated station panels.
 */
class ThingsBoardEndToEndIT {
    private final List<String> attributes = new CopyOnWriteArrayList<>();
    private final List<String> replies = new CopyOnWriteArrayList<>();

    @Test
    void aThingsBoardServerSeesThePanelsAndTurnsTheirSetpointAndModeThroughTheCommandPath(@TempDir Path work)
            throws Exception {
        try (Mosquitto broker = new Mosquitto(work).start();
             HubProcess hub = new HubProcess(work)) {
            Mqtt5AsyncClient server = Mqtt5Client.builder().identifier("thingsboard-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
            server.publishes(MqttGlobalPublishFilter.ALL, p -> (p.getTopic().toString().equals("v1/gateway/rpc")
                    ? replies : attributes).add(new String(p.getPayloadAsBytes(), UTF_8)));
            server.connect().get(10, TimeUnit.SECONDS);
            for (String topic : List.of("v1/gateway/rpc", "v1/gateway/attributes")) {
                server.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send()
                        .get(10, TimeUnit.SECONDS);
            }
            hub.demoOnFreePorts("");
            String mqtt = Files.readString(hub.home().resolve("etc/io.heathub.forward.mqtt.cfg"));
            hub.write("etc/io.heathub.forward.mqtt.cfg", mqtt + "\nformat=thingsboard\nclientId=hub-e2e\n");
            hub.start(Map.of("HEATHUB_MQTT_URL", broker.url()));

            Waits.until(Duration.ofSeconds(90), "panel-005's client attributes\n" + hub.console(), () -> attributes.stream()
                    .anyMatch(a -> a.contains("\"panel-005\":{\"driver\":\"modbus\"") && a.contains("\"state\":\"RUNNING\"")));
            assertThat(attributes).anyMatch(a -> a.matches("(?s).*\"panel-005\":\\{\"driver\":\"modbus\",\"bus\":\"[^\"]+\","
                    + "\"address\":\"5\",\"profile\":\"bac-002-station\",\"state\":\"RUNNING\"}.*"));

            publish(server, "v1/gateway/rpc", "{\"device\":\"panel-005\",\"data\":{\"id\":1,\"method\":\"setValue\","
                    + "\"params\":{\"point\":\"setpoint.room\",\"value\":22}}}");
            publish(server, "v1/gateway/rpc", "{\"device\":\"panel-005\",\"data\":{\"id\":2,\"method\":\"setValue\","
                    + "\"params\":{\"point\":\"setpoint.room\",\"value\":30}}}");
            publish(server, "v1/gateway/attributes", "{\"device\":\"panel-006\",\"data\":{\"thermostat.mode\":\"flow\"}}");
            Waits.until(Duration.ofSeconds(60), "two RPC replies: " + replies, () -> replies.size() >= 2);
            assertThat(replies).anyMatch(r -> r.startsWith("{\"device\":\"panel-005\",\"id\":1,\"data\":{\"success\":true,"
                    + "\"status\":\"DONE\",\"value\":22,"));
            assertThat(replies).anyMatch(r -> r.startsWith("{\"device\":\"panel-005\",\"id\":2,\"data\":{\"success\":false,"
                    + "\"status\":\"REFUSED\"") && r.contains("16"));

            // the shared attribute ran through the command path: core's audit has it, as ThingsBoard's
            Path audit = hub.home().resolve("data/audit/commands.jsonl");
            Waits.until(Duration.ofSeconds(60), "the mode command audited", () -> {
                try {
                    return Files.readString(audit).lines().anyMatch(l -> l.contains("\"device\":\"panel-006\"")
                            && l.contains("\"point\":\"thermostat.mode\"") && l.contains("\"status\":\"DONE\"")
                            && l.contains("\"requestedBy\":\"thingsboard:hub-e2e\""));
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(Files.readString(audit).lines().filter(l -> l.contains("\"requestedBy\":\"thingsboard:hub-e2e\"")
                    && l.contains("\"point\":\"setpoint.room\"") && l.contains("\"status\":\"ACCEPTED\"")))
                    .as("the setpoint RPC ran once").hasSize(1);
            assertThat(hub.errorLines()).as("ERROR or SEVERE lines of the hub").isEmpty();
            server.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static void publish(Mqtt5AsyncClient server, String topic, String json) {
        server.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(UTF_8)).send().join();
    }
}
