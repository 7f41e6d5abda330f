package io.heathub.forward.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A third-party MQTT 5 subscriber (HiveMQ client) on {@code heathub/+/readings}. Its session is
 * persistent (clean start off, long expiry) and it reconnects by itself, so with a persistent
 * broker it also receives what was published while it was cut off.
 */
final class Subscriber implements AutoCloseable {
    /** One message as received. */
    record Received(String topic, byte[] payload, Map<String, String> userProperties) {
    }

    private final Mqtt5AsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Subscriber(int port) throws Exception {
        client = Mqtt5Client.builder()
                .identifier("test-subscriber-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(500, TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(p.getTopic().toString(),
                p.getPayloadAsBytes(), p.getUserProperties().asList().stream().collect(Collectors.toMap(
                        u -> u.getName().toString(), u -> u.getValue().toString(), (a, b) -> a + "|" + b)))));
        client.connectWith().cleanStart(false).sessionExpiryInterval(600).send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("heathub/+/readings").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception alreadyGone) {
            // broker already stopped
        }
    }
}
